/**
 * Starting a run: a request that finds its run already created (Lambda's retry of an invocation that died) moves
 * that run on instead; else the scope is resolved (prerequisites first: no write before they hold), the run is
 * created with its scope (CREATE), a waiting deployment's watchdog is queued, and the run is moved on.
 */
import { advanceRun, queueWatchdog } from './run-advance';
import { OrganizationRunContext, runEnvironment } from './run-context';
import { loadValidDeclaration } from './run-declaration';
import { ownerConflict } from './run-owners';
import { resolveScope } from './run-scope';
import { PendingCloudFormationResponse, RunAction, RunTransition, RunTrigger } from './run-state-machine';
import { ownedScope } from '../contacts/ownership';
import { OrganizationClaim } from '../protocol/organization-claim';

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
  /** Owners that claimed contacts before this run's resource: an account of theirs in scope stops the run. @default none */
  readonly earlierOwners?: OrganizationClaim[];
}

/** What starting did. */
export interface RunStart {
  readonly runId: string;
  /** Whether the run existed already (a retried request): it was moved on, not created again. */
  readonly resumed: boolean;
}

/** Starts (or resumes) a run. Throws what stops the run before any account is touched. */
export async function startRun(runContext: OrganizationRunContext, request: RunRequest): Promise<RunStart> {
  const context = runEnvironment(runContext);
  const { log, now, store } = context;
  if (await store.getRun(request.runId)) {
    log({ level: 'warn', event: 'run-resumed', runId: request.runId });
    await advanceRun(context, request.runId);
    return { runId: request.runId, resumed: true };
  }
  const gated = request.action === RunAction.APPLY && request.maxAccountChanges !== undefined && !request.dryRun;
  const action = request.action === RunAction.APPLY && (request.dryRun || gated) ? RunAction.PLAN : request.action;
  const { scope, placements } = await resolveScope(context, {
    runId: request.runId,
    action,
    declarationKey: request.declarationKey,
    onlyAccountId: request.onlyAccountId,
    newAccounts: request.trigger === RunTrigger.NEW_ACCOUNT,
  });
  const conflict = request.earlierOwners?.length
    ? ownerConflict(ownedScope(await loadValidDeclaration(context, request.declarationKey)), placements, request.earlierOwners)
    : undefined;
  if (conflict !== undefined) {
    throw new Error(conflict);
  }
  const waitSeconds = request.cloudFormation ? (request.waitSeconds ?? 0) : 0;
  const startedAt = now();
  const { created, run } = await store.createRun({
    runId: request.runId,
    trigger: request.trigger,
    action,
    declarationKey: request.declarationKey,
    scope,
    ...(gated ? { maxAccountChanges: request.maxAccountChanges } : {}),
    startedAt,
    // A waiting deployment always has a deadline: with no wait, it is answered as soon as the run is started.
    deadline: request.cloudFormation ? startedAt + waitSeconds * 1000 : undefined,
    cloudFormation: request.cloudFormation,
    failOnAccountErrors: request.failOnAccountErrors ?? true,
  });
  if (created) {
    log({
      event: 'run-started',
      runId: request.runId,
      trigger: request.trigger,
      action,
      ...(gated ? { maxAccountChanges: request.maxAccountChanges } : {}),
      organizationId: scope.organizationId,
      accounts: run.total,
      missing: scope.missingAccountIds.length,
      ...(scope.skippedAccounts?.length ? { skippedNotActive: scope.skippedAccounts.length } : {}),
      ...(scope.leavingAccountIds.length > 0 ? { leavingScope: scope.leavingAccountIds.length } : {}),
      waitSeconds,
    });
    await context.committed(RunTransition.CREATE);
    // Queued before the accounts: if this invocation dies now, the watchdog (or Lambda's retry) moves the run on.
    // A run that no deployment waits for is looked at once, a minute later.
    await queueWatchdog(context, request.runId, run.deadline ?? startedAt + 60_000);
  }
  await advanceRun(context, request.runId, created ? placements : undefined);
  return { runId: request.runId, resumed: !created };
}
