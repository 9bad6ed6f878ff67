/**
 * The run's driver: whoever arrives at a run (the invocation that created it, Lambda's retry of that invocation, a
 * worker that counted the last account, a redelivered message, the watchdog) calls `advanceRun`, which reads the
 * run's phase, does that phase's work and commits its transition, until the run waits for others or is done; then
 * the answer (run-answer.ts). See run-state-machine.ts for the phases.
 */
import { AttributeValue } from '@aws-sdk/client-dynamodb';
import { answerRun, describeFailures } from './run-answer';
import { RunEnvironment } from './run-context';
import { accountResultLine } from './run-metrics';
import { GateDecision, gateDecision } from './run-plan';
import { AccountResult, RunSummary, SkippedAccount, countedAccounts } from './run-records';
import { GoneAccount, currentPlacements } from './run-scope';
import { AccountOutcome, AnswerPhase, RunAction, RunEffect, RunPhase, RunTransition } from './run-state-machine';
import { ACCOUNTS_PER_MESSAGE, AccountWorkMessage, MAX_DELAY_SECONDS } from './work-messages';
import { notActiveReason } from '../contacts/account-state';
import { AccountPlacement } from '../contacts/organization-declaration';
import { maskPersonalDataInText } from '../contacts/personal-data';

/** A run moves through at most this many phases in one arrival. */
const MAX_STEPS = 8;

/**
 * Moves the run on from whatever phase it is in, then answers its waiting CloudFormation request if it is time.
 * `placements`: where the run's accounts sit, when the caller has just listed them.
 */
export async function advanceRun(context: RunEnvironment, runId: string, placements?: AccountPlacement[]): Promise<void> {
  const { store } = context;
  let completedHere = false;
  for (let step = 0; step < MAX_STEPS; step++) {
    const run = await store.getRun(runId);
    if (!run) {
      return;
    }
    if (run.phase === RunPhase.STARTING) {
      await queueRun(context, run, placements ? { placements, gone: [] } : undefined);
      if (await store.transition(runId, RunTransition.START)) {
        await context.committed(RunTransition.START);
      }
    } else if (run.phase === RunPhase.RUNNING) {
      if (countedAccounts(run) < run.total) {
        break;
      }
      const now = { N: String(context.now()) };
      // The completer holds the closing from the start, until its invocation ends: others take it over only then. One
      // too near its end to close holds nothing, and hands the closing to the next arrival, queued now.
      const closesHere = context.mayClose();
      const claimUntil = { N: String(context.now() + (closesHere ? context.closingClaimMilliseconds() : 0)) };
      if (await store.transition(runId, RunTransition.COMPLETE, { completedAt: now, closingClaimedAt: now, closingClaimUntil: claimUntil })) {
        await context.committed(RunTransition.COMPLETE);
        if (!closesHere) {
          await context.queue.send({ kind: 'WATCHDOG', runId }, 0);
          break;
        }
        completedHere = true;
      }
    } else if (run.phase === RunPhase.COMPLETE) {
      // Closing (the result lines, the summary line, the failure notification, the apply after a plan) is the work of
      // the arrival that completed the run. Another arrival (a duplicate delivery, a worker that counted at the same
      // time, the watchdog) takes it over only once that one's claim has ended (with its invocation, or after
      // answerClaimMilliseconds when its end is not known), as it may have died: until then it comes back later, so
      // that concurrent arrivals do not each log and notify. Of the arrivals that take it over, one at a time closes
      // (a conditional claim): the lines, the summary and the notification are given once, whoever gives them.
      const claimEnds = run.closingClaimUntil ?? (run.completedAt ?? 0) + context.answerClaimMilliseconds;
      const takenOver =
        !completedHere &&
        context.now() >= claimEnds &&
        context.mayClose() &&
        (await store.claimClosing(runId, context.now(), context.now() + context.closingClaimMilliseconds(), context.answerClaimMilliseconds));
      if (!completedHere && !takenOver) {
        const wait = claimEnds > context.now() ? claimEnds - context.now() : context.answerClaimMilliseconds;
        await context.queue.send({ kind: 'WATCHDOG', runId }, Math.max(1, Math.ceil(wait / 1000)));
        break;
      }
      const closing = await closeRun(context, run);
      if (await store.transition(runId, RunTransition.CLOSE, closing)) {
        await context.committed(RunTransition.CLOSE);
      }
    } else {
      break;
    }
  }
  await answerRun(context, runId);
}

/**
 * Records each account's result once, and moves the run on when its last account is
 * counted. Also when nothing was counted now: a delivery that counted the last account may have stopped before
 * moving the run on; the transitions are conditional, so a duplicate does nothing.
 */
export async function recordResults(context: RunEnvironment, runId: string, results: AccountResult[]): Promise<void> {
  if (results.length === 0) {
    return;
  }
  const { done, total } = await recordAndLog(context, runId, results);
  if (done >= total) {
    await advanceRun(context, runId);
  }
}

async function recordAndLog(context: RunEnvironment, runId: string, results: AccountResult[]): Promise<{ done: number; total: number }> {
  const log = context.log;
  const { counted, done, total } = await context.store.recordAccountResults(runId, results, () => context.committed(RunEffect.RESULTS_RECORDED));
  await context.committed(RunEffect.RESULTS_COUNTED);
  const countedIds = new Set(counted.map((result) => result.accountId));
  for (const result of results.filter((candidate) => !countedIds.has(candidate.accountId))) {
    log({ event: 'account-already-recorded', runId, accountId: result.accountId });
  }
  // The accounts' result lines are given when the run closes (closeRun), from what is stored: a delivery stopped
  // between counting and logging would lose them here.
  return { done, total };
}

/**
 * STARTING's work: queue every account of the run's scope (again, after a crash: a worker meets an account queued
 * twice as already recorded, or hands it back until the lease of the delivery that holds it ends), and record the accounts that
 * are not there as failed.
 */
async function queueRun(context: RunEnvironment, run: RunSummary, known?: { placements: AccountPlacement[]; gone: GoneAccount[] }): Promise<void> {
  const scope = await context.store.runScope(run.runId);
  const { placements, gone } = known ?? (await currentPlacements(context, scope.accountIds, run.action));
  const base = {
    runId: run.runId,
    declarationKey: run.declarationKey,
    ...(scope.parameterVersions ? { parameterVersions: scope.parameterVersions } : {}),
  };
  await queueAccounts(context, { ...base, action: run.action }, placements, scope.newAccounts);
  const leaving = scope.leavingAccountIds.map((accountId) => ({ accountId, organizationalUnitIds: [] }));
  await queueAccounts(context, { ...base, action: RunAction.RESTORE }, leaving);
  await context.committed(RunEffect.ACCOUNTS_QUEUED);
  const failed = (accountId: string, reason: string): AccountResult => ({
    accountId,
    outcome: AccountOutcome.FAILED,
    changed: [],
    failures: [{ contactType: 'ALL', reason }],
    attempts: 0,
  });
  // Not ACTIVE: said per account with its state, never written and never failed.
  const skipped = ({ accountId, state }: SkippedAccount): AccountResult => ({
    accountId,
    outcome: AccountOutcome.SKIPPED,
    changed: [],
    failures: [],
    attempts: 0,
    warnings: [notActiveReason(accountId, state)],
  });
  await recordAndLog(
    context,
    run.runId,
    [
      ...scope.missingAccountIds.map((accountId) =>
        failed(accountId, `account ${accountId} is in accountIds but is not an ACTIVE account of organization ${scope.organizationId}`),
      ),
      ...(scope.skippedAccounts ?? []).map(skipped),
      ...gone.map(({ accountId, state }) =>
        state !== undefined
          ? skipped({ accountId, state })
          : failed(accountId, `account ${accountId} left organization ${scope.organizationId} while the run started: nothing was written`),
      ),
    ].filter((result, index, all) => all.findIndex((other) => other.accountId === result.accountId) === index),
  );
}

/** Queues accounts, ten per message. */
async function queueAccounts(
  context: RunEnvironment,
  run: { readonly runId: string; readonly declarationKey: string; readonly action: RunAction; readonly parameterVersions?: Record<string, number> },
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
      ...(run.parameterVersions ? { parameterVersions: run.parameterVersions } : {}),
      ...(newAccount ? { newAccount: true } : {}),
    });
  }
  await context.queue.sendAll(messages);
}

/**
 * COMPLETE's work: the accounts' result lines and the summary line (once: marked given), the failure notification,
 * and for a plan that gates an apply, the refusal or the apply. Returns what CLOSE stores with the run. A crash before
 * CLOSE repeats what was not marked: the notification may be published twice, the apply is created once.
 */
async function closeRun(context: RunEnvironment, run: RunSummary): Promise<Record<string, AttributeValue>> {
  let results: AccountResult[] | undefined;
  if (run.linesGivenAt === undefined) {
    // One result line per account (each a data point of the metrics), from the stored results, by the one arrival
    // that closes the run: whichever delivery counted an account, and however many were stopped, the lines add up to
    // the summary. Marked given, so that an arrival taking the closing over (this one stopped) does not repeat them.
    results = await context.store.accountResults(run.runId);
    for (const result of results) {
      context.log(accountResultLine(context, run.runId, result));
    }
    logSummary(context, run);
    await context.store.markLinesGiven(run.runId, context.now());
    await context.committed(RunEffect.LINES_GIVEN);
  }
  const failures =
    run.failed === 0
      ? []
      : (results?.filter((result) => result.outcome === AccountOutcome.FAILED) ??
        (await context.store.accountResults(run.runId, AccountOutcome.FAILED)));
  if (run.action === RunAction.PLAN && run.maxAccountChanges !== undefined) {
    const decision = gateDecision(run, failures);
    if (decision.refusal !== undefined) {
      return refuse(context, run, decision);
    }
    await startApplyAfterPlan(context, run);
    return {};
  }
  if (failures.length === 0) {
    return {};
  }
  const notificationError = await notify(
    context,
    run.runId,
    `cdk-account-contacts: ${failures.length} of ${run.total} accounts failed (${run.trigger.toLowerCase().replace('_', ' ')})`.slice(0, 99),
    `${describeFailures(failures, run.total, 200_000)}\n\nRun ${run.runId}; every result: ${context.resultsLocation}, partition key RUN#${run.runId}.`,
  );
  return notificationError !== undefined ? { notificationError: { S: notificationError } } : {};
}

/** The run's summary line. */
function logSummary(context: RunEnvironment, run: RunSummary): void {
  context.log({
    level: run.failed > 0 ? 'error' : 'info',
    event: 'run-complete',
    runId: run.runId,
    trigger: run.trigger,
    action: run.action,
    accounts: run.total,
    applied: run.applied,
    unchanged: run.unchanged,
    failed: run.failed,
    excluded: run.excluded,
    skipped: run.skipped,
    ...(run.personalPrimaryEmails > 0 ? { personalPrimaryEmails: run.personalPrimaryEmails } : {}),
    seconds: Math.round((context.now() - run.startedAt) / 1000),
  });
}

async function refuse(context: RunEnvironment, run: RunSummary, decision: GateDecision): Promise<Record<string, AttributeValue>> {
  const where = `the plan's results: ${context.resultsLocation}, partition key RUN#${run.runId}`;
  context.log({
    level: 'error',
    event: 'plan-refused',
    runId: run.runId,
    wouldChange: decision.wouldChange,
    maxAccountChanges: run.maxAccountChanges,
    failed: run.failed,
  });
  const notificationError = await notify(
    context,
    run.runId,
    'cdk-account-contacts: a deployment was refused before its first write',
    `${decision.refusal}\n\nRun ${run.runId}; ${where}.`,
  );
  return {
    refusal: { S: `${decision.refusal}. ${where}.` },
    ...(notificationError !== undefined ? { notificationError: { S: notificationError } } : {}),
  };
}

/**
 * Publishes a failure notification. A topic that refuses is logged and returned (the answer says so): never a
 * reason not to answer CloudFormation, and never a reason to repeat the run's work.
 */
async function notify(context: RunEnvironment, runId: string, subject: string, message: string): Promise<string | undefined> {
  if (!context.notifyFailures) {
    return undefined;
  }
  try {
    await context.notifyFailures(subject, message);
    await context.committed(RunEffect.NOTIFIED);
    return undefined;
  } catch (error) {
    const errorName = (error as { name?: string })?.name ?? 'Error';
    context.log({
      level: 'error',
      event: 'notification-failed',
      runId,
      errorName,
      message: maskPersonalDataInText(error instanceof Error ? error.message : String(error)),
    });
    await context.committed(RunEffect.NOTIFIED);
    return errorName;
  }
}

/** The apply run that follows a plan. */
export function applyRunId(planRunId: string): string {
  return `${planRunId}:apply`;
}

/**
 * A plan passed its gate: the apply of exactly the accounts that would change (and of the accounts that left the
 * scope, restored) takes over the deployment's answer, unless the deadline answered it already (the run goes on).
 */
async function startApplyAfterPlan(context: RunEnvironment, run: RunSummary): Promise<void> {
  const { store, log, now } = context;
  let inherits = run.answer === AnswerPhase.HANDED_OVER;
  if (run.answer === AnswerPhase.WAITING && (await store.transition(run.runId, RunTransition.HAND_OVER_ANSWER))) {
    inherits = true;
    await context.committed(RunTransition.HAND_OVER_ANSWER);
  }
  const planned = await store.accountResults(run.runId, AccountOutcome.APPLIED);
  const planScope = await store.runScope(run.runId);
  const restores = planScope.restoreAfterPlan ?? [];
  const runId = applyRunId(run.runId);
  const { created } = await store.createRun({
    runId,
    trigger: run.trigger,
    action: RunAction.APPLY,
    declarationKey: run.declarationKey,
    scope: {
      accountIds: planned.map((result) => result.accountId),
      leavingAccountIds: restores,
      missingAccountIds: [],
      organizationId: planScope.organizationId,
      // The apply writes what the plan compared.
      ...(planScope.parameterVersions ? { parameterVersions: planScope.parameterVersions } : {}),
    },
    startedAt: now(),
    deadline: inherits ? run.deadline : undefined,
    cloudFormation: inherits ? run.cloudFormation : undefined,
    failOnAccountErrors: run.failOnAccountErrors,
    // The answer covers the whole scope: what the plan found unchanged or excluded, and the accounts restored.
    plan: {
      runId: run.runId,
      total: run.total + restores.length,
      unchanged: run.unchanged,
      excluded: run.excluded,
      skipped: run.skipped,
      // The apply checks the accounts it applies again: the plan's count covers the others.
      personalPrimaryEmails: run.personalPrimaryEmails - planned.filter((result) => result.primaryEmailLooksPersonal).length,
    },
  });
  if (created) {
    log({
      event: 'plan-passed',
      runId: run.runId,
      wouldChange: run.applied + restores.length,
      maxAccountChanges: run.maxAccountChanges,
      applyRunId: runId,
    });
    log({
      event: 'run-started',
      runId,
      trigger: run.trigger,
      action: RunAction.APPLY,
      accounts: planned.length + restores.length,
      afterPlan: run.runId,
    });
    await context.committed(RunEffect.APPLY_CREATED);
  }
  if (inherits && run.deadline !== undefined) {
    await queueWatchdog(context, runId, run.deadline);
  }
  const placements = planned.map((result) => ({ accountId: result.accountId, organizationalUnitIds: result.organizationalUnitIds ?? [] }));
  await advanceRun(context, runId, placements);
}

/**
 * How often the watchdog of a waiting deployment looks at its run: the longest a crash after the run's last count
 * (or an undelivered answer) waits for someone to move the run on.
 */
export const WATCHDOG_INTERVAL_SECONDS = 60;

/** Queues the run's watchdog: due in a minute, or at the deadline when that comes first. */
export async function queueWatchdog(context: RunEnvironment, runId: string, deadline: number): Promise<void> {
  await context.queue.send({ kind: 'WATCHDOG', runId }, watchdogDelaySeconds(context, deadline));
  await context.committed(RunEffect.WATCHDOG_QUEUED);
}

export function watchdogDelaySeconds(context: RunEnvironment, deadline: number): number {
  return Math.max(1, Math.min(WATCHDOG_INTERVAL_SECONDS, MAX_DELAY_SECONDS, Math.ceil((deadline - context.now()) / 1000)));
}
