/**
 * The one owner of a run's CloudFormation answer: when to answer, what, and its delivery. Deciding the answer
 * (CLAIM_ANSWER, with the answer stored in the run) and delivering it (DELIVER_ANSWER) are separate commits: an
 * answer decided and not delivered, because the invocation died or the ResponseURL refused, is sent again by the
 * next arrival or by the watchdog message this module queues. The same answer twice is harmless to CloudFormation.
 */
import { RunEnvironment } from './run-context';
import { AccountResult, RunSummary, countedAccounts } from './run-records';
import { AccountOutcome, AnswerPhase, RunAction, RunPhase, RunEffect, RunTransition } from './run-state-machine';
import { MAX_DELAY_SECONDS } from './work-messages';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { CustomResourceResponse, FAILED_CREATE_PHYSICAL_ID_PREFIX, MAX_REASON_LENGTH, withReason } from '../runtime/cloudformation-custom-resource';

/** A decided answer is sent again for this long after it was decided (CloudFormation waits at most an hour). */
const ANSWER_RETRY_MILLISECONDS = 2 * 3_600_000;

/**
 * Answers the run's waiting CloudFormation request if it is time: decides the answer once (the run is closed, or its
 * deadline has passed), then delivers the decided answer until the ResponseURL takes it.
 */
export async function answerRun(context: RunEnvironment, runId: string): Promise<void> {
  const { store } = context;
  let run = await store.getRun(runId);
  if (!run?.cloudFormation) {
    return;
  }
  let claimedNow = false;
  if (run.answer === AnswerPhase.WAITING) {
    const response = await decideAnswer(context, run);
    if (response === undefined) {
      return;
    }
    claimedNow = await claimAnswer(context, run, response);
    run = (await store.getRun(runId))!;
  }
  if (run.answer !== AnswerPhase.CLAIMED) {
    return;
  }
  // Decided by another arrival a moment ago: it is delivering. Look again later, in case it died doing so.
  const claimAge = context.now() - (run.answerClaimedAt ?? 0);
  if (!claimedNow && claimAge < context.answerClaimMilliseconds) {
    await context.queue.send({ kind: 'WATCHDOG', runId }, Math.ceil((context.answerClaimMilliseconds - claimAge) / 1000));
    return;
  }
  await deliverAnswer(context, run);
}

/** Decides the answer (CLAIM_ANSWER); `false` when another arrival decided it first. */
async function claimAnswer(context: RunEnvironment, run: RunSummary, response: CustomResourceResponse): Promise<boolean> {
  const claimed = await context.store.transition(run.runId, RunTransition.CLAIM_ANSWER, {
    response: { S: JSON.stringify(response) },
    answerClaimedAt: { N: String(context.now()) },
  });
  if (claimed) {
    context.log({ event: 'cloudformation-response', runId: run.runId, status: response.Status, ...(response.Data ?? {}) });
    await context.committed(RunTransition.CLAIM_ANSWER);
  }
  return claimed;
}

/** Sends the decided answer; when the ResponseURL refuses, the watchdog sends it again later. */
async function deliverAnswer(context: RunEnvironment, run: RunSummary): Promise<void> {
  const { store, log } = context;
  try {
    await context.respond(run.cloudFormation!.ResponseURL, run.response!);
  } catch (error) {
    const failedDeliveries = await store.countAnswerAttempt(run.runId);
    const message = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    if (context.now() - (run.answerClaimedAt ?? run.startedAt) > ANSWER_RETRY_MILLISECONDS) {
      log({ level: 'error', event: 'answer-abandoned', runId: run.runId, failedDeliveries, message });
      return;
    }
    const delaySeconds = Math.min(MAX_DELAY_SECONDS, context.answerDelaySeconds(failedDeliveries));
    log({ level: 'warn', event: 'answer-not-delivered', runId: run.runId, failedDeliveries, delaySeconds, message });
    await context.queue.send({ kind: 'WATCHDOG', runId: run.runId }, delaySeconds);
    return;
  }
  await context.committed(RunEffect.ANSWER_SENT);
  if (await store.transition(run.runId, RunTransition.DELIVER_ANSWER)) {
    await context.committed(RunTransition.DELIVER_ANSWER);
  }
}

/** The answer the run gives now, or `undefined` when it is not time yet. */
async function decideAnswer(context: RunEnvironment, run: RunSummary): Promise<CustomResourceResponse | undefined> {
  if (run.phase === RunPhase.CLOSED) {
    if (run.refusal !== undefined) {
      return failedResponse(run, run.refusal);
    }
    const failures = run.failed > 0 ? await context.store.accountResults(run.runId, AccountOutcome.FAILED) : [];
    return runResponse(context, run, true, failures);
  }
  if (run.phase === RunPhase.ABANDONED) {
    return failedResponse(run, run.abandonReason ?? 'the run could not be started');
  }
  if (run.deadline !== undefined && context.now() >= run.deadline) {
    // Every account counted: the run is complete, or about to be (its completer died before closing it, and the
    // watchdog takes the closing over). Its answer is COMPLETE, once closed: IN_PROGRESS only ever with accounts
    // pending.
    if (countedAccounts(run) >= run.total) {
      return undefined;
    }
    return runResponse(context, run, false, []);
  }
  return undefined;
}

/**
 * When the run is complete, failed accounts fail the request (unless told otherwise) with the first failures
 * listed; when the deadline came first, the request succeeds and its data says how many accounts are still pending:
 * the run goes on, and reports through its log, metrics and notification.
 */
function runResponse(context: RunEnvironment, run: RunSummary, complete: boolean, failures: AccountResult[]): CustomResourceResponse {
  const request = run.cloudFormation!;
  const done = countedAccounts(run);
  // An apply after a plan answers for the whole scope: the plan's unchanged, excluded and skipped accounts count too.
  const plan = run.plan;
  const data: Record<string, string> = {
    RunId: run.runId,
    Status: complete ? 'COMPLETE' : 'IN_PROGRESS',
    Accounts: String(plan?.total ?? run.total),
    Applied: String(run.applied),
    Unchanged: String(run.unchanged + (plan?.unchanged ?? 0)),
    Failed: String(run.failed),
    Excluded: String(run.excluded + (plan?.excluded ?? 0)),
    Skipped: String(run.skipped + (plan?.skipped ?? 0)),
    PersonalPrimaryEmails: String(run.personalPrimaryEmails + (plan?.personalPrimaryEmails ?? 0)),
    Pending: String(run.total - done),
  };
  if (run.action === RunAction.PLAN) {
    // A dry run: nothing was written; Applied would be misread.
    delete data.Applied;
    data.Mode = 'DRY_RUN';
    data.WouldChange = String(run.applied);
    if (run.wouldRestore > 0) {
      data.WouldRestore = String(run.wouldRestore);
    }
  }
  const notification =
    run.notificationError !== undefined
      ? ` Also, the failure notification could not be published (${run.notificationError}): the log has every result.`
      : '';
  if (run.notificationError !== undefined) {
    data.NotificationError = run.notificationError;
  }
  const { PhysicalResourceId, StackId, RequestId, LogicalResourceId } = request;
  const base = { PhysicalResourceId, StackId, RequestId, LogicalResourceId };
  if (complete && failures.length > 0 && run.failOnAccountErrors) {
    const suffix = ` Every result: ${context.resultsLocation}, partition key RUN#${run.runId}.${notification}`;
    return withReason({ ...base, Status: 'FAILED' }, `${describeFailures(failures, run.total, MAX_REASON_LENGTH - suffix.length)}${suffix}`);
  }
  return { ...base, Status: 'SUCCESS', Data: data };
}

/**
 * A plan refused its apply, or the run could not be started: nothing was written. A Create answers the
 * failed-create physical id, so that the Delete CloudFormation sends next deletes nothing (even under DESTROY).
 */
function failedResponse(run: RunSummary, reason: string): CustomResourceResponse {
  const request = run.cloudFormation!;
  const { StackId, RequestId, LogicalResourceId } = request;
  const PhysicalResourceId = request.RequestType === 'Create' ? `${FAILED_CREATE_PHYSICAL_ID_PREFIX}${RequestId}` : request.PhysicalResourceId;
  return withReason({ PhysicalResourceId, StackId, RequestId, LogicalResourceId, Status: 'FAILED' }, reason);
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
