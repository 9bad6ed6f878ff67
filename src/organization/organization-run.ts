/**
 * An organization run: the coordinator checks the prerequisites, lists the accounts in scope and queues one
 * message per account; workers apply each account and record its result; the worker that records the last
 * result ends the run (summary, metrics, failure notification, CloudFormation answer). A delayed message
 * answers a waiting CloudFormation request when its deadline passes first.
 *
 * Pure apart from the clients in the context, so that tests run it against moto_server and the local servers.
 */
import { AccountWorkResult, applyAccountContacts, deleteAccountContacts } from './account-work';
import { OrganizationDirectory } from './organization-directory';
import { AccountOutcome, AccountResult, RunAction, RunStore, RunSummary, RunTrigger } from './run-store';
import {
  ACCOUNTS_PER_MESSAGE,
  AccountWorkItem,
  AccountWorkMessage,
  DeadlineWorkMessage,
  MAX_DELAY_SECONDS,
  PendingCloudFormationResponse,
  WorkMessage,
} from './work-messages';
import { WorkQueue } from './work-queue';
import { AccountPlacement, OrganizationDeclaration, isAccountInScope, resolveAccountContacts, validateOrganizationDeclaration } from '../contacts/organization-declaration';
import { DEFAULT_METRIC_NAMESPACE, METRIC_DIMENSION, OrganizationMetric } from '../protocol/organization-resource';
import { AccountContactsApi } from '../runtime/account-api';
import { resolveTarget } from '../runtime/account-target';
import { CustomResourceResponse, MAX_REASON_LENGTH, sendResponse, withReason } from '../runtime/cloudformation-custom-resource';
import { ContactValidationError } from '../runtime/contact-validation-error';
import { LogLine, logToConsole } from '../runtime/log';

/** When an account's work is tried again instead of recorded as failed. */
export interface RedeliveryPolicy {
  /** Deliveries of an account whose calls were throttled or faulted beyond the client's retries. @default 5 */
  readonly maxAttempts: number;
  /** Deliveries of a new account, which may deny access for a few minutes after it joined. @default 15 */
  readonly newAccountMaxAttempts: number;
  /** Delay before the next delivery, in seconds. */
  readonly delaySeconds: (attempt: number, newAccount: boolean) => number;
}

export const DEFAULT_REDELIVERY_POLICY: RedeliveryPolicy = {
  maxAttempts: 5,
  newAccountMaxAttempts: 15,
  // A new account: once a minute for about 15 minutes. Others: 30 s, 60 s, 120 s, 240 s.
  delaySeconds: (attempt, newAccount) => (newAccount ? 60 : Math.min(MAX_DELAY_SECONDS, 30 * 2 ** (attempt - 1))),
};

export interface OrganizationRunContext {
  /** The account the function runs in: its own contacts are set without `AccountId`. */
  readonly ownAccountId: string;
  readonly directory: OrganizationDirectory;
  readonly api: AccountContactsApi;
  readonly store: RunStore;
  readonly queue: WorkQueue;
  /** Reads the declaration stored under a key (cached by the caller). */
  readonly loadDeclaration: (key: string) => Promise<OrganizationDeclaration>;
  /** Where results are, for messages, e.g. `DynamoDB table X`. */
  readonly resultsLocation: string;
  /** Publishes a failure notification. @default none */
  readonly notifyFailures?: (subject: string, message: string) => Promise<void>;
  /** Answers CloudFormation. @default PUT to the response URL */
  readonly respond?: (responseUrl: string, response: CustomResourceResponse) => Promise<void>;
  readonly redelivery?: RedeliveryPolicy;
  readonly metricNamespace?: string;
  /** The construct's path: the metrics' dimension value. */
  readonly constructPath: string;
  readonly now?: () => number;
  readonly log?: LogLine;
}

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

/** Loads and validates the declaration: the handler checks again what was a token at synth time. */
async function loadValidDeclaration(context: OrganizationRunContext, key: string): Promise<OrganizationDeclaration> {
  const declaration = await context.loadDeclaration(key);
  // Every message of a run loads the same (cached) declaration: validate each declaration object once.
  if (!validatedDeclarations.has(declaration)) {
    const problems = validateOrganizationDeclaration(declaration);
    if (problems.length > 0) {
      throw new ContactValidationError(declaration.constructPath, problems);
    }
    validatedDeclarations.add(declaration);
  }
  return declaration;
}

const validatedDeclarations = new WeakSet<OrganizationDeclaration>();

/**
 * Starts a run: prerequisites first (no write before they hold), then the accounts in scope, one queued message
 * per account. Throws what stops the run before any account is touched.
 */
export async function startRun(context: OrganizationRunContext, request: RunRequest): Promise<RunStart> {
  const log = context.log ?? logToConsole;
  const now = context.now ?? Date.now;
  const declaration = await loadValidDeclaration(context, request.declarationKey);
  const access = await context.directory.checkPrerequisites(context.ownAccountId);

  let placements: AccountPlacement[];
  let missing: string[];
  if (request.onlyAccountId !== undefined) {
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
  const total = placements.length + missing.length;
  const waitSeconds = request.cloudFormation ? request.waitSeconds ?? 0 : 0;
  const created = await context.store.createRun({
    runId: request.runId,
    trigger: request.trigger,
    action: request.action,
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
    action: request.action,
    organizationId: access.organizationId,
    callerRole: access.callerRole,
    accounts: total,
    missing: missing.length,
    waitSeconds,
  });

  const messages: AccountWorkMessage[] = [];
  for (let start = 0; start < placements.length; start += ACCOUNTS_PER_MESSAGE) {
    messages.push({
      kind: 'ACCOUNTS',
      runId: request.runId,
      declarationKey: request.declarationKey,
      accounts: placements
        .slice(start, start + ACCOUNTS_PER_MESSAGE)
        .map(({ accountId, organizationalUnitIds }) => ({ accountId, organizationalUnitIds })),
      action: request.action,
      attempt: 1,
      ...(request.trigger === RunTrigger.NEW_ACCOUNT ? { newAccount: true } : {}),
    });
  }
  await context.queue.sendAll(messages);
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

/** Handles one queued message. Throws only for failures of the machinery (the message is then redelivered). */
export async function processWorkMessage(context: OrganizationRunContext, message: WorkMessage): Promise<void> {
  if (message.kind === 'DEADLINE') {
    return processDeadline(context, message);
  }
  return processAccounts(context, message);
}

async function processAccounts(context: OrganizationRunContext, message: AccountWorkMessage): Promise<void> {
  const policy = context.redelivery ?? DEFAULT_REDELIVERY_POLICY;
  const declaration = await loadValidDeclaration(context, message.declarationKey);
  const maxAttempts = message.newAccount ? policy.newAccountMaxAttempts : policy.maxAttempts;
  const final: AccountResult[] = [];
  const later: AccountWorkItem[] = [];
  const failuresLater: string[] = [];
  await Promise.all(message.accounts.map(async (placement) => {
    const contacts = resolveAccountContacts(declaration, placement);
    const { target } = resolveTarget(placement.accountId, context.ownAccountId);
    const work: AccountWorkResult = message.action === 'DELETE'
      ? await deleteAccountContacts(context.api, contacts, target)
      : await applyAccountContacts(context.api, contacts, target);
    // A new account may deny access until Organizations has finished setting it up: retried like a transient fault.
    const retryLater = work.failures.some((failure) => failure.transient || (message.newAccount && failure.errorName === 'AccessDeniedException'));
    if (retryLater && message.attempt < maxAttempts) {
      later.push(placement);
      failuresLater.push(...work.failures.map((failure) => `${placement.accountId} ${failure.contactType}:${failure.errorName}`));
      return;
    }
    final.push({
      accountId: placement.accountId,
      outcome: work.failures.length > 0 ? AccountOutcome.FAILED : work.changed.length > 0 ? AccountOutcome.APPLIED : AccountOutcome.UNCHANGED,
      changed: work.changed,
      failures: work.failures.map(({ contactType, reason }) => ({ contactType, reason })),
      attempts: message.attempt,
    });
  }));
  if (later.length > 0) {
    const delay = policy.delaySeconds(message.attempt, message.newAccount ?? false);
    (context.log ?? logToConsole)({
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

/**
 * Records each account's result once, logs it with its metrics, and ends the run when its last account is
 * recorded.
 */
async function recordResults(context: OrganizationRunContext, runId: string, results: AccountResult[]): Promise<void> {
  if (results.length === 0) {
    return;
  }
  const log = context.log ?? logToConsole;
  const { counted, done, total } = await context.store.recordAccountResults(runId, results);
  const countedIds = new Set(counted.map((result) => result.accountId));
  for (const result of results.filter((candidate) => !countedIds.has(candidate.accountId))) {
    log({ event: 'account-already-recorded', runId, accountId: result.accountId });
  }
  // Logged (and so a metric data point) when counted: once per account, whichever delivery counted it.
  for (const result of counted) {
    log({
      // CloudWatch embedded metric format: the log line is also one data point of each metric.
      _aws: {
        Timestamp: (context.now ?? Date.now)(),
        CloudWatchMetrics: [{
          Namespace: context.metricNamespace ?? DEFAULT_METRIC_NAMESPACE,
          Dimensions: [[METRIC_DIMENSION]],
          Metrics: Object.values(OrganizationMetric).map((name) => ({ Name: name, Unit: 'Count' })),
        }],
      },
      [METRIC_DIMENSION]: context.constructPath,
      level: result.outcome === AccountOutcome.FAILED ? 'error' : 'info',
      event: 'account',
      runId,
      accountId: result.accountId,
      outcome: result.outcome,
      changed: result.changed,
      failures: result.failures.map((failure) => `${failure.contactType}: ${failure.reason}`),
      attempts: result.attempts,
      [OrganizationMetric.ACCOUNTS_APPLIED]: result.outcome === AccountOutcome.APPLIED ? 1 : 0,
      [OrganizationMetric.ACCOUNTS_UNCHANGED]: result.outcome === AccountOutcome.UNCHANGED ? 1 : 0,
      [OrganizationMetric.ACCOUNTS_FAILED]: result.outcome === AccountOutcome.FAILED ? 1 : 0,
    });
  }
  // Also when nothing was counted now: a delivery that counted the last account may have stopped before finishing.
  // finishRun completes a run once (a conditional update), so a duplicate finds it complete and does nothing.
  if (done >= total) {
    await finishRun(context, runId);
  }
}

/** Ends a run once: summary log line, failure notification, CloudFormation answer. */
export async function finishRun(context: OrganizationRunContext, runId: string): Promise<void> {
  const log = context.log ?? logToConsole;
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
    seconds: Math.round(((context.now ?? Date.now)() - run.startedAt) / 1000),
  });
  if (failures.length > 0 && context.notifyFailures) {
    await context.notifyFailures(
      `cdk-account-contacts: ${failures.length} of ${run.total} accounts failed (${run.trigger.toLowerCase().replace('_', ' ')})`.slice(0, 99),
      `${describeFailures(failures, run.total, 200_000)}\n\nRun ${runId}; every result: ${context.resultsLocation}, partition key RUN#${runId}.`,
    );
  }
  await answerCloudFormation(context, { ...run, status: 'COMPLETE' }, true, failures);
}

async function processDeadline(context: OrganizationRunContext, message: DeadlineWorkMessage): Promise<void> {
  const run = await context.store.getRun(message.runId);
  if (!run || run.responded || run.status === 'COMPLETE' || run.deadline === undefined) {
    return;
  }
  const remaining = run.deadline - (context.now ?? Date.now)();
  if (remaining > 0) {
    await context.queue.send(message, Math.min(MAX_DELAY_SECONDS, Math.ceil(remaining / 1000)));
    return;
  }
  await answerCloudFormation(context, run, false);
}

/**
 * Answers the CloudFormation request that waits for the run, once. When the run is complete, failed accounts
 * fail the request (unless told otherwise) with the first failures listed; when the deadline came first, the
 * request succeeds and its data says how many accounts are still pending: the run goes on, and reports through
 * its log, metrics and notification.
 */
async function answerCloudFormation(
  context: OrganizationRunContext,
  run: RunSummary,
  complete: boolean,
  failures: AccountResult[] = [],
): Promise<void> {
  const request = run.cloudFormation;
  if (!request || run.responded || !(await context.store.claimResponse(run.runId))) {
    return;
  }
  const done = run.applied + run.unchanged + run.failed;
  const data = {
    RunId: run.runId,
    Status: complete ? 'COMPLETE' : 'IN_PROGRESS',
    Accounts: String(run.total),
    Applied: String(run.applied),
    Unchanged: String(run.unchanged),
    Failed: String(run.failed),
    Pending: String(run.total - done),
  };
  const { PhysicalResourceId, StackId, RequestId, LogicalResourceId } = request;
  const base = { PhysicalResourceId, StackId, RequestId, LogicalResourceId };
  const fail = complete && failures.length > 0 && run.failOnAccountErrors;
  const suffix = ` Every result: ${context.resultsLocation}, partition key RUN#${run.runId}.`;
  const response: CustomResourceResponse = fail
    ? withReason({ ...base, Status: 'FAILED' }, `${describeFailures(failures, run.total, MAX_REASON_LENGTH - suffix.length)}${suffix}`)
    : { ...base, Status: 'SUCCESS', Data: data };
  (context.log ?? logToConsole)({ event: 'cloudformation-response', runId: run.runId, status: response.Status, ...data });
  await (context.respond ?? sendResponse)(request.ResponseURL, response);
}

/** `N of M accounts failed: <account> <type>: <reason>; ...`, cut to `maxLength` with the number left out. */
export function describeFailures(failures: AccountResult[], total: number, maxLength: number): string {
  const head = `${failures.length} of ${total} accounts failed: `;
  const entries = failures.flatMap((result) => result.failures.map((failure) => `${result.accountId} ${failure.contactType}: ${failure.reason}`));
  let text = head;
  let shown = 0;
  for (const entry of entries) {
    const clipped = entry.length > 400 ? `${entry.slice(0, 397)}...` : entry;
    const rest = entries.length - shown - 1;
    const tail = rest > 0 ? ` (and ${rest} more)` : '';
    if (text.length + clipped.length + 2 + tail.length > maxLength) {
      return `${text}(and ${entries.length - shown} more)`;
    }
    text += `${shown > 0 ? '; ' : ''}${clipped}`;
    shown++;
  }
  return text;
}
