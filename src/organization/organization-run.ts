/**
 * The workers' side of an organization run: apply each account of a message, try transient failures again later,
 * record each result once, and end the run when its last account is recorded (summary, notification, answer).
 * Pure apart from the clients in the context, so that tests run it against moto_server and the local servers.
 */
import { answerCloudFormation, describeFailures } from './run-answer';
import { OrganizationRunContext, RunEnvironment, runEnvironment } from './run-context';
import { loadValidDeclaration } from './run-declaration';
import { accountResultLine } from './run-metrics';
import { continueAfterPlan } from './run-plan';
import { AccountOutcome, AccountResult, RunAction } from './run-store';
import { AccountWorkItem, AccountWorkMessage, DeadlineWorkMessage, MAX_DELAY_SECONDS, WorkMessage } from './work-messages';
import { AlternateContact } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';
import { AccountPlacement, excludingAccountTag, resolveAccountContacts, usesAccountTags } from '../contacts/organization-declaration';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { resolveTarget } from '../runtime/account-target';
import { AccountWorkResult, applyAccountContacts, deleteAccountContacts, restoreAccountContacts } from '../runtime/account-work';
import { isRetryableError } from '../runtime/retry';

/** Handles one queued message. Throws only for failures of the machinery (the message is then redelivered). */
export async function processWorkMessage(runContext: OrganizationRunContext, message: WorkMessage): Promise<void> {
  const context = runEnvironment(runContext);
  if (message.kind === 'DEADLINE') {
    return processDeadline(context, message);
  }
  return processAccounts(context, message);
}

async function processAccounts(context: RunEnvironment, message: AccountWorkMessage): Promise<void> {
  const policy = context.redelivery;
  const declaration = await loadValidDeclaration(context, message.declarationKey);
  const maxAttempts = message.newAccount ? policy.newAccountMaxAttempts : policy.maxAttempts;
  const final: AccountResult[] = [];
  const later: AccountWorkItem[] = [];
  const failuresLater: string[] = [];
  // One account's work: tried again later when transient, else its final result.
  const settle = (item: AccountWorkItem, work: AccountWorkResult, planning = false) => {
    // A new account may deny access until Organizations has finished setting it up: retried like a transient fault.
    const retryLater = work.failures.some((failure) => failure.transient || (message.newAccount && failure.errorName === 'AccessDeniedException'));
    if (retryLater && message.attempt < maxAttempts) {
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
      // A plan keeps where the account sat: the apply after it queues exactly what was planned.
      ...(planning ? { organizationalUnitIds: item.organizationalUnitIds } : {}),
    });
  };
  const tagged = usesAccountTags(declaration) && message.action !== 'RESTORE';
  await Promise.all(message.accounts.map(async (item) => {
    let placement: AccountPlacement = item;
    if (message.action === 'RESTORE') {
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
          final.push({ accountId: item.accountId, outcome: AccountOutcome.FAILED, changed: [], failures: [{ contactType: 'ALL', reason: tags.failure.reason }], attempts: message.attempt });
        }
        return;
      }
      placement = { ...item, tags: tags.tags };
      const excludedBy = excludingAccountTag(declaration, placement);
      if (excludedBy) {
        context.log({ event: 'account-excluded-by-tag', runId: message.runId, accountId: item.accountId, tagKey: excludedBy.key });
        // Excluded by a tag after the construct wrote to it: it has left the scope, and gets what it held before.
        const snapshots = message.action === 'APPLY' && context.snapshots ? await context.snapshots.snapshots(item.accountId) : [];
        if (snapshots.length > 0) {
          const { target } = resolveTarget(item.accountId, context.ownAccountId);
          settle(item, await restoreAccountContacts(context.api, snapshots, target, (type) => context.snapshots!.markRestored(item.accountId, type)));
          return;
        }
        final.push({ accountId: item.accountId, outcome: AccountOutcome.EXCLUDED, changed: [], failures: [], attempts: message.attempt });
        return;
      }
    }
    const contacts = resolveAccountContacts(declaration, placement);
    const { target } = resolveTarget(placement.accountId, context.ownAccountId);
    const planning = message.action === 'PLAN';
    const work: AccountWorkResult = message.action === 'DELETE'
      ? await deleteAccountContacts(context.api, contacts, target)
      : await applyAccountContacts(context.api, contacts, target, { dryRun: planning, keepSnapshot: snapshotKeeper(context, item.accountId) });
    settle(item, work, planning);
  }));
  if (later.length > 0) {
    const delay = policy.delaySeconds(message.attempt, message.newAccount ?? false);
    (context.log)({
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

/** Keeps a contact type's previous value before its first write, when the construct restores on removal. */
function snapshotKeeper(context: RunEnvironment, accountId: string) {
  const store = context.snapshots;
  return store
    ? (contactType: string, current: AlternateContact | ContactInformation | undefined) => store.keep({ accountId, contactType, contact: current })
    : undefined;
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
 * Records each account's result once, logs it with its metrics, and ends the run when its last account is
 * recorded.
 */
export async function recordResults(context: RunEnvironment, runId: string, results: AccountResult[]): Promise<void> {
  if (results.length === 0) {
    return;
  }
  const log = context.log;
  const { counted, done, total } = await context.store.recordAccountResults(runId, results);
  const countedIds = new Set(counted.map((result) => result.accountId));
  for (const result of results.filter((candidate) => !countedIds.has(candidate.accountId))) {
    log({ event: 'account-already-recorded', runId, accountId: result.accountId });
  }
  // Logged (and so a metric data point) when counted: once per account, whichever delivery counted it.
  for (const result of counted) {
    log(accountResultLine(context, runId, result));
  }
  // Also when nothing was counted now: a delivery that counted the last account may have stopped before finishing.
  // finishRun completes a run once (a conditional update), so a duplicate finds it complete and does nothing.
  if (done >= total) {
    await finishRun(context, runId);
  }
}

/** Ends a run once: summary log line, failure notification, CloudFormation answer. */
export async function finishRun(context: RunEnvironment, runId: string): Promise<void> {
  const log = context.log;
  const run = await context.store.getRun(runId);
  if (!run) {
    return;
  }
  // A run with no account is created complete; any other is completed by exactly one worker.
  if (run.total > 0 && !(await context.store.markComplete(runId))) {
    return;
  }
  const failures = run.failed > 0 ? await context.store.accountResults(runId, AccountOutcome.FAILED) : [];
  log({
    level: failures.length > 0 ? 'error' : 'info',
    event: 'run-complete',
    runId,
    trigger: run.trigger,
    action: run.action,
    accounts: run.total,
    applied: run.applied,
    unchanged: run.unchanged,
    failed: run.failed,
    excluded: run.excluded,
    seconds: Math.round((context.now() - run.startedAt) / 1000),
  });
  if (run.action === RunAction.PLAN && run.maxAccountChanges !== undefined) {
    // A plan that gates an apply: refuse it, or start it; the apply answers CloudFormation.
    await continueAfterPlan(context, run, failures);
    return;
  }
  if (failures.length > 0 && context.notifyFailures) {
    await context.notifyFailures(
      `cdk-account-contacts: ${failures.length} of ${run.total} accounts failed (${run.trigger.toLowerCase().replace('_', ' ')})`.slice(0, 99),
      `${describeFailures(failures, run.total, 200_000)}\n\nRun ${runId}; every result: ${context.resultsLocation}, partition key RUN#${runId}.`,
    );
  }
  await answerCloudFormation(context, { ...run, status: 'COMPLETE' }, true, failures);
}

async function processDeadline(context: RunEnvironment, message: DeadlineWorkMessage): Promise<void> {
  const run = await context.store.getRun(message.runId);
  if (!run || run.responded || run.status === 'COMPLETE' || run.deadline === undefined) {
    return;
  }
  const remaining = run.deadline - context.now();
  if (remaining > 0) {
    await context.queue.send(message, Math.min(MAX_DELAY_SECONDS, Math.ceil(remaining / 1000)));
    return;
  }
  await answerCloudFormation(context, run, false);
}
