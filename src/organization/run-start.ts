/**
 * The coordinator: checks the prerequisites, lists the accounts in scope and queues one message per 10 accounts;
 * accounts declared but absent are recorded failed, never skipped.
 */
import { finishRun, recordResults } from './organization-run';
import { answerCloudFormation } from './run-answer';
import { OrganizationRunContext, RunEnvironment, runEnvironment } from './run-context';
import { loadValidDeclaration } from './run-declaration';
import { AccountOutcome, RunAction, RunTrigger } from './run-store';
import { ACCOUNTS_PER_MESSAGE, AccountWorkMessage, MAX_DELAY_SECONDS, PendingCloudFormationResponse } from './work-messages';
import { AccountPlacement, isAccountInScope } from '../contacts/organization-declaration';

/** What a new run is asked to do. */
export interface RunRequest {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly action: RunAction;
  readonly declarationKey: string;
  /** The CloudFormation request that waits for the run. @default none */
  readonly cloudFormation?: PendingCloudFormationResponse;
  /** How long the CloudFormation request waits, in seconds. @default 0 */
  readonly waitSeconds?: number;
  /** Whether accounts that failed fail the CloudFormation request. @default true */
  readonly failOnAccountErrors?: boolean;
  /** Only this account (a new account). @default every account in scope */
  readonly onlyAccountId?: string;
  /** Read and compare only, never write (the construct's dryRun): an APPLY becomes a PLAN. @default false */
  readonly dryRun?: boolean;
  /**
   * Plan first, and apply only if at most this many accounts would change (a deployment's maxAccountChanges).
   * @default no plan, no ceiling
   */
  readonly maxAccountChanges?: number;
}

/** What the coordinator did. */
export interface RunStart {
  readonly runId: string;
  readonly organizationId: string;
  /** Accounts queued. */
  readonly queued: number;
  /** Accounts declared that are not ACTIVE accounts of the organization (recorded as failed). */
  readonly missing: string[];
  /** Whether the run was started before (a redelivered request): nothing was queued again. */
  readonly duplicate: boolean;
}

/**
 * Starts a run: prerequisites first (no write before they hold), then the accounts in scope, one queued message
 * per account. Throws what stops the run before any account is touched.
 */
export async function startRun(runContext: OrganizationRunContext, request: RunRequest): Promise<RunStart> {
  const context = runEnvironment(runContext);
  const { log, now } = context;
  const declaration = await loadValidDeclaration(context, request.declarationKey);
  const access = await context.directory.checkPrerequisites(context.ownAccountId);

  let placements: AccountPlacement[];
  let missing: string[];
  if (request.action === RunAction.RESTORE) {
    // Every account the construct wrote to, in scope or not: what it held before goes back.
    const accountIds = new Set((await context.snapshots?.snapshots() ?? []).map((snapshot) => snapshot.accountId));
    placements = [...accountIds].map((accountId) => ({ accountId, organizationalUnitIds: [] }));
    missing = [];
  } else if (request.onlyAccountId !== undefined) {
    const account = await context.directory.describeAccount(request.onlyAccountId);
    placements = account.state === 'ACTIVE' && isAccountInScope(declaration, account) ? [account] : [];
    missing = [];
    if (placements.length === 0) {
      log({ event: 'account-out-of-scope', runId: request.runId, accountId: request.onlyAccountId, state: account.state });
    }
  } else {
    const listed = await context.directory.listAccounts();
    const active = listed.filter((account) => account.state === 'ACTIVE');
    placements = active.filter((account) => isAccountInScope(declaration, account));
    const activeIds = new Set(active.map((account) => account.accountId));
    // Accounts named in accountIds that the organization does not hold (or not ACTIVE): never skipped silently.
    missing = (declaration.accountIds ?? []).filter((accountId) => !activeIds.has(accountId) && !declaration.excludeAccountIds.includes(accountId));
    const overridden = declaration.accountOverrides.map((override) => override.accountId).filter((accountId) => !activeIds.has(accountId));
    if (overridden.length > 0) {
      log({ level: 'warn', event: 'override-without-account', runId: request.runId, accountIds: overridden });
    }
  }

  // The API manages the management account only from itself: a delegated administrator cannot set its contacts.
  if (access.callerRole === 'DELEGATED_ADMINISTRATOR' && placements.some((placement) => placement.accountId === access.managementAccountId)) {
    placements = placements.filter((placement) => placement.accountId !== access.managementAccountId);
    log({
      level: 'warn',
      event: 'management-account-not-managed',
      runId: request.runId,
      accountId: access.managementAccountId,
      reason: 'the Account Management API sets the management account\'s contacts only from the management account itself: declare them there with SecurityContacts and AccountContactDetails',
    });
  }
  const waitSeconds = request.cloudFormation ? request.waitSeconds ?? 0 : 0;
  const gated = request.action === RunAction.APPLY && request.maxAccountChanges !== undefined && !request.dryRun;
  const action = request.action === RunAction.APPLY && (request.dryRun || gated) ? RunAction.PLAN : request.action;
  // Accounts the construct wrote to that have left the scope get what they held before (restorePreviousContacts).
  let leaving: AccountPlacement[] = [];
  if (action === RunAction.APPLY && context.snapshots) {
    const inScope = new Set(placements.map((placement) => placement.accountId));
    const written = new Set((await context.snapshots.snapshots(request.onlyAccountId)).map((snapshot) => snapshot.accountId));
    leaving = [...written].filter((accountId) => !inScope.has(accountId)).map((accountId) => ({ accountId, organizationalUnitIds: [] }));
  }
  const total = placements.length + missing.length + leaving.length;
  const created = await context.store.createRun({
    runId: request.runId,
    trigger: request.trigger,
    action,
    ...(gated ? { maxAccountChanges: request.maxAccountChanges, declarationKey: request.declarationKey } : {}),
    total,
    startedAt: now(),
    deadline: waitSeconds > 0 ? now() + waitSeconds * 1000 : undefined,
    cloudFormation: request.cloudFormation,
    failOnAccountErrors: request.failOnAccountErrors ?? true,
  });
  if (!created) {
    log({ level: 'warn', event: 'run-exists', runId: request.runId });
    return { runId: request.runId, organizationId: access.organizationId, queued: 0, missing, duplicate: true };
  }
  log({
    event: 'run-started',
    runId: request.runId,
    trigger: request.trigger,
    action,
    ...(gated ? { maxAccountChanges: request.maxAccountChanges } : {}),
    organizationId: access.organizationId,
    callerRole: access.callerRole,
    accounts: total,
    missing: missing.length,
    ...(leaving.length > 0 ? { leavingScope: leaving.length } : {}),
    waitSeconds,
  });

  const newAccount = request.trigger === RunTrigger.NEW_ACCOUNT;
  await queueAccounts(context, { runId: request.runId, declarationKey: request.declarationKey, action }, placements, newAccount);
  await queueAccounts(context, { runId: request.runId, declarationKey: request.declarationKey, action: RunAction.RESTORE }, leaving);
  await recordResults(context, request.runId, missing.map((accountId) => ({
    accountId,
    outcome: AccountOutcome.FAILED,
    changed: [],
    failures: [{ contactType: 'ALL', reason: `account ${accountId} is in accountIds but is not an ACTIVE account of organization ${access.organizationId}` }],
    attempts: 0,
  })));
  if (total === 0) {
    await finishRun(context, request.runId);
  } else if (request.cloudFormation) {
    if (waitSeconds > 0) {
      await context.queue.send({ kind: 'DEADLINE', runId: request.runId }, Math.min(MAX_DELAY_SECONDS, waitSeconds));
    } else {
      await answerCloudFormation(context, (await context.store.getRun(request.runId))!, false);
    }
  }
  return { runId: request.runId, organizationId: access.organizationId, queued: placements.length, missing, duplicate: false };
}

/** Queues the accounts of a run, ten per message. */
export async function queueAccounts(
  context: RunEnvironment,
  run: { readonly runId: string; readonly declarationKey: string; readonly action: RunAction },
  placements: readonly AccountPlacement[],
  newAccount = false,
): Promise<void> {
  const messages: AccountWorkMessage[] = [];
  for (let start = 0; start < placements.length; start += ACCOUNTS_PER_MESSAGE) {
    messages.push({
      kind: 'ACCOUNTS',
      runId: run.runId,
      declarationKey: run.declarationKey,
      accounts: placements
        .slice(start, start + ACCOUNTS_PER_MESSAGE)
        .map(({ accountId, organizationalUnitIds }) => ({ accountId, organizationalUnitIds })),
      action: run.action,
      attempt: 1,
      ...(newAccount ? { newAccount: true } : {}),
    });
  }
  await context.queue.sendAll(messages);
}
