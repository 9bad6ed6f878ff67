/**
 * The gate of `maxAccountChanges`: a deployment's run first plans (reads and compares every account, writes
 * nothing); when the plan is complete, either it refuses (more accounts would change than allowed, or accounts could
 * not be read) and nothing is written, or it starts the apply of exactly the accounts that would change, which
 * then answers the waiting deployment.
 */
import { finishRun } from './organization-run';
import { answerCloudFormation, answerRefused, describeFailures } from './run-answer';
import { RunEnvironment } from './run-context';
import { queueAccounts } from './run-start';
import { AccountOutcome, AccountResult, RunAction, RunSummary } from './run-store';
import { MAX_DELAY_SECONDS } from './work-messages';

/** The apply run that follows a plan. */
export function applyRunId(planRunId: string): string {
  return `${planRunId}:apply`;
}

export async function continueAfterPlan(context: RunEnvironment, run: RunSummary, failures: AccountResult[]): Promise<void> {
  const { log, now } = context;
  const max = run.maxAccountChanges!;
  const where = `the plan's results: ${context.resultsLocation}, partition key RUN#${run.runId}`;
  let refusal: string | undefined;
  if (failures.length > 0 && run.failOnAccountErrors) {
    refusal = `the plan before the apply could not read every account, so nothing was written: ${describeFailures(failures, run.total, 1_200)}`;
  } else if (run.applied > max) {
    refusal = `${run.applied} of ${run.total} accounts would change, more than maxAccountChanges ${max}: nothing was written ` +
      '(raise maxAccountChanges, or change fewer accounts per deployment)';
  }
  if (refusal !== undefined) {
    log({ level: 'error', event: 'plan-refused', runId: run.runId, wouldChange: run.applied, maxAccountChanges: max, failed: run.failed });
    if (context.notifyFailures) {
      await context.notifyFailures('cdk-account-contacts: a deployment was refused before its first write', `${refusal}\n\nRun ${run.runId}; ${where}.`);
    }
    await answerRefused(context, run, `${refusal}. ${where}.`);
    return;
  }

  const planned = await context.store.accountResults(run.runId, AccountOutcome.APPLIED);
  // The apply takes over the deployment's answer, unless the deadline answered it already (the run goes on).
  const inherits = run.cloudFormation !== undefined && !run.responded && (await context.store.claimResponse(run.runId));
  const runId = applyRunId(run.runId);
  const created = await context.store.createRun({
    runId,
    trigger: run.trigger,
    action: RunAction.APPLY,
    total: planned.length,
    startedAt: now(),
    deadline: inherits ? run.deadline : undefined,
    cloudFormation: inherits ? run.cloudFormation : undefined,
    failOnAccountErrors: run.failOnAccountErrors,
    plan: { runId: run.runId, total: run.total, unchanged: run.unchanged, excluded: run.excluded },
  });
  if (!created) {
    return;
  }
  log({ event: 'plan-passed', runId: run.runId, wouldChange: run.applied, maxAccountChanges: max, applyRunId: runId });
  log({ event: 'run-started', runId, trigger: run.trigger, action: RunAction.APPLY, accounts: planned.length, afterPlan: run.runId });
  await queueAccounts(
    context,
    { runId, declarationKey: run.declarationKey!, action: RunAction.APPLY },
    planned.map((result) => ({ accountId: result.accountId, organizationalUnitIds: result.organizationalUnitIds ?? [] })),
  );
  if (planned.length === 0) {
    await finishRun(context, runId);
  } else if (inherits && run.deadline !== undefined) {
    const remaining = run.deadline - now();
    if (remaining > 0) {
      await context.queue.send({ kind: 'DEADLINE', runId }, Math.min(MAX_DELAY_SECONDS, Math.ceil(remaining / 1000)));
    } else {
      await answerCloudFormation(context, (await context.store.getRun(runId))!, false);
    }
  }
}
