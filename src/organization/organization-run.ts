/**
 * The workers' side of an organization run: apply each account of a message, try transient failures again later,
 * record each result once, and move the run on when its last account is counted; and the run's watchdog.
 * Pure apart from the clients in the context, so that tests run it against moto_server and the local servers.
 */
import { randomUUID } from 'crypto';
import { PrimaryEmailCheck, checkPrimaryEmail } from './primary-email-check';
import { advanceRun, recordResults, watchdogDelaySeconds } from './run-advance';
import { OrganizationRunContext, RunEnvironment, runEnvironment } from './run-context';
import { loadValidDeclaration } from './run-declaration';
import { AccountResult, WriteLease } from './run-records';
import { AccountOutcome, AnswerPhase, RunAction, RunEffect, RunPhase } from './run-state-machine';
import { AccountWorkItem, AccountWorkMessage, MAX_DELAY_SECONDS, WatchdogWorkMessage, WorkMessage } from './work-messages';
import { AlternateContact } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';
import { AccountPlacement, excludingAccountTag, resolveAccountContacts, usesAccountTags } from '../contacts/organization-declaration';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { resolveTarget } from '../runtime/account-target';
import { AccountWorkResult, ApplyOptions, applyAccountContacts, deleteAccountContacts, restoreAccountContacts } from '../runtime/account-work';
import { ContactValidationError } from '../runtime/contact-validation-error';
import { isRetryableError } from '../runtime/retry';

/** A write not made because of the account's write lease: another delivery holds it, or recorded the account. */
class LeaseRefusal extends Error {
  constructor(public readonly lease: WriteLease) {
    super(lease === WriteLease.HELD ? 'another delivery of this account is writing it' : 'the account was recorded by another delivery');
    this.name = `WriteLease${lease}`;
  }
}

/**
 * Handles one queued message. Throws only for failures of the machinery (the message is then redelivered).
 * `messageId`: SQS's id of the message, the same on every delivery of it. The write leases are owned by this
 * delivery alone (the id and a value unique to this receive): a second delivery of the same message, which comes
 * back while the first still runs when the queue's visibility timeout is shorter than a batch, is another owner.
 */
export async function processWorkMessage(runContext: OrganizationRunContext, message: WorkMessage, messageId?: string): Promise<void> {
  const context = runEnvironment(runContext);
  if (message.kind !== 'ACCOUNTS') {
    return processWatchdog(context, message);
  }
  return processAccounts(context, message, `${messageId ?? message.runId}/${randomUUID()}`);
}

async function processAccounts(context: RunEnvironment, message: AccountWorkMessage, deliveryId: string): Promise<void> {
  const policy = context.redelivery;
  const run = await context.store.getRun(message.runId);
  if (!run || run.phase === RunPhase.ABANDONED) {
    // The run expired, or its start failed after it was created and the deployment was answered FAILED.
    context.log({ level: 'warn', event: 'work-dropped', runId: message.runId, phase: run?.phase ?? 'NONE', accounts: message.accounts.length });
    return;
  }
  let declaration: Awaited<ReturnType<typeof loadValidDeclaration>>;
  try {
    declaration = await loadValidDeclaration(context, message.declarationKey, message.parameterVersions);
  } catch (error) {
    if (!(error instanceof ContactValidationError)) {
      throw error;
    }
    // A default contact's parameter that can no longer be read, or no longer passes the rules (changed or deleted
    // since the run started): no delivery of this message can do better. Its accounts fail, naming the parameter,
    // and the run completes with them, instead of the message failing until the dead-letter queue.
    const reason = maskPersonalDataInText(error.message);
    context.log({ level: 'error', event: 'declaration-unusable', runId: message.runId, accounts: message.accounts.length, reason });
    const unusable = message.accounts.map((item): AccountResult => ({
      accountId: item.accountId,
      outcome: AccountOutcome.FAILED,
      changed: [],
      failures: [{ contactType: 'ALL', reason: `nothing was written: ${reason}` }],
      attempts: message.attempt,
    }));
    await recordResults(context, message.runId, unusable);
    return;
  }
  const maxAttempts = message.newAccount ? policy.newAccountMaxAttempts : policy.maxAttempts;
  const final: AccountResult[] = [];
  const later: AccountWorkItem[] = [];
  const failuresLater: string[] = [];
  // Accounts another delivery is writing: handed back to the queue until its lease ends, never waited on here.
  const held: AccountWorkItem[] = [];
  const heldUntil = new Map<string, number>();
  // One account's work: tried again later when transient, else its final result.
  const released: string[] = [];
  const settle = (item: AccountWorkItem, work: AccountWorkResult, planning = false) => {
    const leases = work.failures.filter((failure) => failure.errorName.startsWith('WriteLease'));
    if (leases.some((failure) => failure.errorName === `WriteLease${WriteLease.RECORDED}`)) {
      // Another delivery recorded the account: its result stands.
      context.log({ event: 'account-already-recorded', runId: message.runId, accountId: item.accountId });
      return;
    }
    if (leases.length > 0) {
      // Another delivery holds the account's lease: it records the account, or, if it is stopped first, this message
      // comes back when that lease has ended and takes the account over. Not an attempt: nothing failed.
      released.push(item.accountId);
      held.push(item);
      return;
    }
    // A new account may deny access until Organizations has finished setting it up: retried like a transient fault.
    const retryLater = work.failures.some((failure) => failure.transient || (message.newAccount && failure.errorName === 'AccessDeniedException'));
    if (retryLater && message.attempt < maxAttempts) {
      released.push(item.accountId);
      later.push(item);
      failuresLater.push(...work.failures.map((failure) => `${item.accountId} ${failure.contactType}:${failure.errorName}`));
      return;
    }
    final.push({
      accountId: item.accountId,
      outcome: work.failures.length > 0 ? AccountOutcome.FAILED : work.changed.length > 0 ? AccountOutcome.APPLIED : AccountOutcome.UNCHANGED,
      changed: work.changed,
      failures: work.failures.map(({ contactType, reason }) => ({ contactType, reason })),
      attempts: message.attempt,
      ...(work.warnings.length > 0 ? { warnings: work.warnings } : {}),
      // A plan keeps where the account sat: the apply after it queues exactly what was planned.
      ...(planning ? { organizationalUnitIds: item.organizationalUnitIds } : {}),
    });
  };
  const tagged = usesAccountTags(declaration) && message.action !== RunAction.RESTORE;
  // A run that pinned parameter versions applies an account only under its version fence (account-version-fence.ts).
  const fenced = message.action === RunAction.APPLY && Object.keys(message.parameterVersions ?? {}).length > 0;
  const fencedAccounts: string[] = [];
  await Promise.all(
    message.accounts.map(async (item) => {
      let placement: AccountPlacement = item;
      if (message.action === RunAction.RESTORE) {
        // Put back what the account held before the first write: the construct was removed, or the account left.
        const { target } = resolveTarget(item.accountId, context.ownAccountId);
        const snapshots = context.snapshots ? await context.snapshots.snapshots(item.accountId) : [];
        const work = await restoreAccountContacts(context.api, snapshots, target, (type) => context.snapshots!.markRestored(item.accountId, type));
        settle(item, work);
        return;
      }
      if (tagged) {
        // Read when the account is processed, not when the run was queued: a tag changed since then counts.
        const tags = await readAccountTags(context, item.accountId);
        if ('failure' in tags) {
          if (tags.failure.transient && message.attempt < maxAttempts) {
            later.push(item);
            failuresLater.push(`${item.accountId} TAGS:${tags.failure.errorName}`);
          } else {
            final.push({
              accountId: item.accountId,
              outcome: AccountOutcome.FAILED,
              changed: [],
              failures: [{ contactType: 'ALL', reason: tags.failure.reason }],
              attempts: message.attempt,
            });
          }
          return;
        }
        placement = { ...item, tags: tags.tags };
        const excludedBy = excludingAccountTag(declaration, placement);
        if (excludedBy) {
          context.log({ event: 'account-excluded-by-tag', runId: message.runId, accountId: item.accountId, tagKey: excludedBy.key });
          // Excluded by a tag after the construct wrote to it: it has left the scope, and gets what it held before.
          const snapshots = message.action === RunAction.APPLY && context.snapshots ? await context.snapshots.snapshots(item.accountId) : [];
          if (snapshots.length > 0) {
            const { target } = resolveTarget(item.accountId, context.ownAccountId);
            settle(
              item,
              await restoreAccountContacts(context.api, snapshots, target, (type) => context.snapshots!.markRestored(item.accountId, type)),
            );
            return;
          }
          final.push({ accountId: item.accountId, outcome: AccountOutcome.EXCLUDED, changed: [], failures: [], attempts: message.attempt });
          return;
        }
      }
      if (fenced) {
        // Across runs: a run that read a newer version of a contact parameter has applied the account, or holds it.
        const fence = await context.store.fences.take(item.accountId, message.parameterVersions!, deliveryId, context.leaseMilliseconds());
        if (fence.state === 'HELD') {
          held.push(item);
          holdUntil(heldUntil, item.accountId, fence.heldUntil);
          return;
        }
        if (fence.state === 'NEWER') {
          const { parameterName, version, appliedVersion } = fence;
          context.log({
            event: 'account-left-to-newer-run',
            runId: message.runId,
            accountId: item.accountId,
            parameterName,
            version,
            appliedVersion,
          });
          final.push({
            accountId: item.accountId,
            outcome: AccountOutcome.UNCHANGED,
            changed: [],
            failures: [],
            attempts: message.attempt,
            warnings: [`left to a newer run: ${parameterName} version ${appliedVersion} was applied to it after this run read version ${version}`],
          });
          return;
        }
        fencedAccounts.push(item.accountId);
      }
      const contacts = resolveAccountContacts(declaration, placement);
      const { target } = resolveTarget(placement.accountId, context.ownAccountId);
      const planning = message.action === RunAction.PLAN;
      const work: AccountWorkResult =
        message.action === RunAction.DELETE
          ? await deleteAccountContacts(context.api, contacts, target)
          : await applyAccountContacts(context.api, contacts, target, {
              dryRun: planning,
              ...writeHooks(context, message.runId, item.accountId, deliveryId, heldUntil),
            });
      const settled = final.length;
      settle(item, work, planning);
      // Read once the account's result is final (not handed to a later delivery), and added to it.
      if (context.checkPrimaryEmail && message.action !== RunAction.DELETE && final.length > settled) {
        const index = final.length - 1;
        const ownEmail = () => context.directory.accountEmail(context.ownAccountId);
        final[index] = withPrimaryEmailCheck(final[index], await checkPrimaryEmail(context.api, target, ownEmail));
      }
    }),
  );
  // Fences go back once the accounts are done or handed on: their versions stay.
  await Promise.all(fencedAccounts.map((accountId) => context.store.fences.giveBack(accountId, deliveryId)));
  // Leases of accounts handed to a later delivery go back now: that delivery has another message id.
  await Promise.all(released.map((accountId) => context.store.releaseLease(message.runId, accountId, deliveryId)));
  if (held.length > 0) {
    const until = Math.max(...held.map((item) => heldUntil.get(item.accountId) ?? context.now()));
    const delay = Math.max(1, Math.min(MAX_DELAY_SECONDS, Math.ceil((until - context.now()) / 1000)));
    context.log({
      event: 'accounts-held-by-another-delivery',
      runId: message.runId,
      accountIds: held.map((item) => item.accountId),
      delaySeconds: delay,
    });
    await context.queue.send({ ...message, accounts: held }, delay);
  }
  if (later.length > 0) {
    const delay = policy.delaySeconds(message.attempt, message.newAccount ?? false);
    context.log({
      level: 'warn',
      event: 'accounts-retry-later',
      runId: message.runId,
      accountIds: later.map((item) => item.accountId),
      attempt: message.attempt,
      delaySeconds: delay,
      errors: failuresLater,
    });
    await context.queue.send({ ...message, accounts: later, attempt: message.attempt + 1 }, delay);
  }
  await recordResults(context, message.runId, final);
}

/** An account's result with what the primary email check found. */
function withPrimaryEmailCheck(result: AccountResult, check: PrimaryEmailCheck): AccountResult {
  if (!check.warning) {
    return result;
  }
  return {
    ...result,
    warnings: [...(result.warnings ?? []), check.warning],
    ...(check.looksPersonal ? { primaryEmailLooksPersonal: true } : {}),
  };
}

/** Notes that another delivery holds an account until `until` (epoch milliseconds): the latest time noted wins. */
function holdUntil(heldUntil: Map<string, number>, accountId: string, until: number): void {
  heldUntil.set(accountId, Math.max(until, heldUntil.get(accountId) ?? 0));
}

/**
 * Before each write: the account's write lease and intent (so that a duplicate delivery neither writes it again
 * nor counts it UNCHANGED), then the snapshot of what it held, when the construct restores on removal.
 */
function writeHooks(
  context: RunEnvironment,
  runId: string,
  accountId: string,
  deliveryId: string,
  heldUntil: Map<string, number>,
): Pick<ApplyOptions, 'beforeWrite' | 'afterWrite'> {
  const snapshots = context.snapshots;
  return {
    beforeWrite: async (contactType: string, current: AlternateContact | ContactInformation | undefined) => {
      const { lease, heldUntil: until } = await context.store.leaseAccount(runId, accountId, deliveryId, contactType, context.leaseMilliseconds());
      if (lease !== WriteLease.TAKEN) {
        if (until !== undefined) {
          holdUntil(heldUntil, accountId, until);
        }
        throw new LeaseRefusal(lease);
      }
      await context.committed(RunEffect.WRITE_LEASED);
      await snapshots?.keep({ accountId, contactType, contact: current });
    },
    afterWrite: () => context.committed(RunEffect.CONTACT_WRITTEN),
  };
}

/** The account's tags, or why they could not be read (the role needs organizations:ListTagsForResource). */
async function readAccountTags(context: RunEnvironment, accountId: string): Promise<{ tags: Record<string, string> } | { failure: TagReadFailure }> {
  try {
    return { tags: await context.directory.listAccountTags(accountId) };
  } catch (error) {
    const errorName = (error as { name?: string })?.name ?? 'Error';
    const detail = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    return {
      failure: {
        errorName,
        transient: isRetryableError(error),
        reason: `its tags could not be read (organizations:ListTagsForResource, ${errorName}: ${detail}), and the declaration excludes or overrides by tag: nothing was written`,
      },
    };
  }
}

interface TagReadFailure {
  readonly errorName: string;
  readonly transient: boolean;
  readonly reason: string;
}

/**
 * The watchdog: moves the run on from whatever phase it is in (a start cut short, a completion cut short, an answer
 * not delivered), and comes again while a deployment waits for an answer that is not decided yet.
 */
async function processWatchdog(context: RunEnvironment, message: WatchdogWorkMessage): Promise<void> {
  await advanceRun(context, message.runId);
  const run = await context.store.getRun(message.runId);
  if (run?.cloudFormation && run.answer === AnswerPhase.WAITING && run.phase !== RunPhase.ABANDONED) {
    await context.queue.send({ kind: 'WATCHDOG', runId: run.runId }, watchdogDelaySeconds(context, run.deadline ?? context.now()));
  }
}
