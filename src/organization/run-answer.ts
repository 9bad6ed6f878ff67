/**
 * The CloudFormation answer of a run that a deployment waits for, and the failures' summary it carries.
 */
import { RunEnvironment } from './run-context';
import { AccountResult, RunAction, RunSummary } from './run-store';
import { CustomResourceResponse, FAILED_CREATE_PHYSICAL_ID_PREFIX, MAX_REASON_LENGTH, withReason } from '../runtime/cloudformation-custom-resource';

/**
 * Answers the CloudFormation request that waits for the run, once. When the run is complete, failed accounts
 * fail the request (unless told otherwise) with the first failures listed; when the deadline came first, the
 * request succeeds and its data says how many accounts are still pending: the run goes on, and reports through
 * its log, metrics and notification.
 */
export async function answerCloudFormation(
  context: RunEnvironment,
  run: RunSummary,
  complete: boolean,
  failures: AccountResult[] = [],
): Promise<void> {
  const request = run.cloudFormation;
  if (!request || run.responded || !(await context.store.claimResponse(run.runId))) {
    return;
  }
  const done = run.applied + run.unchanged + run.failed + run.excluded;
  // An apply after a plan answers for the whole scope: the plan's unchanged and excluded accounts count too.
  const plan = run.plan;
  const data: Record<string, string> = {
    RunId: run.runId,
    Status: complete ? 'COMPLETE' : 'IN_PROGRESS',
    Accounts: String(plan?.total ?? run.total),
    Applied: String(run.applied),
    Unchanged: String(run.unchanged + (plan?.unchanged ?? 0)),
    Failed: String(run.failed),
    Excluded: String(run.excluded + (plan?.excluded ?? 0)),
    Pending: String(run.total - done),
  };
  if (run.action === RunAction.PLAN) {
    // A dry run: nothing was written; Applied would be misread.
    delete data.Applied;
    data.Mode = 'DRY_RUN';
    data.WouldChange = String(run.applied);
  }
  const { PhysicalResourceId, StackId, RequestId, LogicalResourceId } = request;
  const base = { PhysicalResourceId, StackId, RequestId, LogicalResourceId };
  const fail = complete && failures.length > 0 && run.failOnAccountErrors;
  const suffix = ` Every result: ${context.resultsLocation}, partition key RUN#${run.runId}.`;
  const response: CustomResourceResponse = fail
    ? withReason({ ...base, Status: 'FAILED' }, `${describeFailures(failures, run.total, MAX_REASON_LENGTH - suffix.length)}${suffix}`)
    : { ...base, Status: 'SUCCESS', Data: data };
  (context.log)({ event: 'cloudformation-response', runId: run.runId, status: response.Status, ...data });
  await (context.respond)(request.ResponseURL, response);
}

/**
 * Answers FAILED with the reason, once, when a plan refused its apply. Nothing was written: a refused Create answers
 * the failed-create physical id, so that the Delete CloudFormation sends next deletes nothing (even under DESTROY).
 */
export async function answerRefused(context: RunEnvironment, run: RunSummary, reason: string): Promise<void> {
  const request = run.cloudFormation;
  if (!request || run.responded || !(await context.store.claimResponse(run.runId))) {
    return;
  }
  const { StackId, RequestId, LogicalResourceId } = request;
  const PhysicalResourceId = request.RequestType === 'Create' ? `${FAILED_CREATE_PHYSICAL_ID_PREFIX}${RequestId}` : request.PhysicalResourceId;
  context.log({ event: 'cloudformation-response', runId: run.runId, status: 'FAILED', refused: true });
  await context.respond(request.ResponseURL, withReason({ PhysicalResourceId, StackId, RequestId, LogicalResourceId, Status: 'FAILED' }, reason));
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
