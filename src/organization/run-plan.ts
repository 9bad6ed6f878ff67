/**
 * The gate of `maxAccountChanges`: a deployment's run first plans (reads and compares every account, writes
 * nothing); when the plan is complete, either it refuses (more accounts would change than allowed, or accounts could
 * not be read) and nothing is written, or the apply of exactly the accounts that would change starts
 * (run-advance.ts), which then answers the waiting deployment.
 */
import { describeFailures } from './run-answer';
import { AccountResult, RunSummary } from './run-records';

/** What the gate decided: a refusal (the deployment's FAILED reason), or none. */
export interface GateDecision {
  /** Accounts that would change: those the plan found different, and those the apply would restore. */
  readonly wouldChange: number;
  readonly refusal?: string;
}

export function gateDecision(run: RunSummary, failures: AccountResult[]): GateDecision {
  const max = run.maxAccountChanges!;
  const restores = run.wouldRestore;
  const wouldChange = run.applied + restores;
  if (failures.length > 0 && run.failOnAccountErrors) {
    return {
      wouldChange,
      refusal: `the plan before the apply could not read every account, so nothing was written: ${describeFailures(failures, run.total, 1_200)}`,
    };
  }
  if (wouldChange > max) {
    const restoring = restores > 0 ? ` (${restores} of them restored: they left the scope)` : '';
    return {
      wouldChange,
      refusal:
        `${wouldChange} of ${run.total + restores} accounts would change${restoring}, more than maxAccountChanges ${max}: nothing was written ` +
        '(raise maxAccountChanges, or change fewer accounts per deployment)',
    };
  }
  return { wouldChange };
}
