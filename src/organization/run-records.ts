/**
 * What the results table holds about a run, and how its items read: the run's summary (its phase, its answer, its
 * scope, its counters) and one result per account. Only account ids, contact types, outcomes and masked reasons:
 * no contact.
 */
import { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  AccountOutcome,
  AnswerPhase,
  PendingCloudFormationResponse,
  RUN_TRANSITIONS,
  RunAction,
  RunPhase,
  RunTransition,
  RunTrigger,
} from './run-state-machine';
import { CustomResourceResponse } from '../runtime/cloudformation-custom-resource';

/** The sort key prefix of an account's result item. */
export const ACCOUNT_PREFIX = 'ACCOUNT#';
/** The sort key of the run's summary item. */
export const SUMMARY_KEY = 'SUMMARY';
/** The sort key of the run's scope item. */
export const SCOPE_KEY = 'SCOPE';

/** One contact type that failed, and why (masked). */
export interface ContactFailure {
  /** SECURITY, BILLING, OPERATIONS or PRIMARY. */
  readonly contactType: string;
  readonly reason: string;
}

export interface AccountResult {
  readonly accountId: string;
  readonly outcome: AccountOutcome;
  /** The contact types written (or deleted). */
  readonly changed: string[];
  readonly failures: ContactFailure[];
  /** Deliveries it took. */
  readonly attempts: number;
  /** What the writes also did or, in a plan, would do (masked): a new primary phone loses its verification. */
  readonly warnings?: string[];
  /** The account's primary email looks like one person's mailbox (`runs.checkPrimaryEmail`). @default false */
  readonly primaryEmailLooksPersonal?: boolean;
  /** Where the account sat, kept by a plan so that the apply after it queues the account as it was planned. */
  readonly organizationalUnitIds?: string[];
}

/** What the plan before an apply found, for the apply's answer. */
export interface PlanSummary {
  readonly runId: string;
  readonly total: number;
  readonly unchanged: number;
  readonly excluded: number;
  /** Accounts the plan skipped (not ACTIVE). @default 0 (plans of earlier versions) */
  readonly skipped?: number;
  /** Accounts whose primary email the plan found personal, among those the apply does not run again. @default 0 */
  readonly personalPrimaryEmails?: number;
}

/** The accounts a run covers, fixed when it is created: whoever arrives at a STARTING run queues exactly these. */
export interface RunScope {
  /** Accounts to apply (or plan, delete, restore): the run's action. */
  readonly accountIds: string[];
  /** Accounts the construct wrote to that have left the scope: what they held before goes back (RESTORE). */
  readonly leavingAccountIds: string[];
  /** Accounts named in `accountIds` that the organization does not hold: recorded failed, never skipped. */
  readonly missingAccountIds: string[];
  /**
   * Accounts in scope that are not ACTIVE (SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION), with their state:
   * recorded SKIPPED, never written. @default none (runs of earlier versions)
   */
  readonly skippedAccounts?: SkippedAccount[];
  readonly organizationId: string;
  /** A plan's accounts that left the scope: not restored by the plan, but by the apply after it. @default none */
  readonly restoreAfterPlan?: string[];
  /** The accounts are new: access denied is retried for longer. @default false */
  readonly newAccounts?: boolean;
  /** The versions of the default contacts' SSM parameters read when the run started, by name. @default none */
  readonly parameterVersions?: Record<string, number>;
}

/** An account in scope that is not ACTIVE, and its state in Organizations. */
export interface SkippedAccount {
  readonly accountId: string;
  readonly state: string;
}

/** A run as it is created. */
export interface NewRun {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly action: RunAction;
  /** The S3 key of the declaration the run applies. */
  readonly declarationKey: string;
  readonly scope: RunScope;
  readonly startedAt: number;
  /** When a waiting CloudFormation request is answered even if accounts are pending (epoch milliseconds). */
  readonly deadline?: number;
  /** The CloudFormation request to answer when the run ends or the deadline passes. */
  readonly cloudFormation?: PendingCloudFormationResponse;
  readonly failOnAccountErrors: boolean;
  /** A plan run that gates its apply: more accounts to change than this refuses the apply. */
  readonly maxAccountChanges?: number;
  /** The plan an apply run follows. */
  readonly plan?: PlanSummary;
}

/** The run's summary item; its scope is an item of its own (`RunStore.runScope`), read only to queue accounts. */
export interface RunSummary extends Omit<NewRun, 'scope'> {
  /** Accounts a plan found outside the scope that the apply after it restores (its scope's `restoreAfterPlan`). */
  readonly wouldRestore: number;
  /** Accounts counted so far are `applied + unchanged + failed + excluded + skipped`; the run is done at `total`. */
  readonly total: number;
  readonly applied: number;
  readonly unchanged: number;
  readonly failed: number;
  /** Accounts left alone because of their tags. */
  readonly excluded: number;
  /** Accounts left alone because they are not ACTIVE. */
  readonly skipped: number;
  /** Accounts whose primary email looks like one person's mailbox (counted with their outcome, not beside it). */
  readonly personalPrimaryEmails: number;
  readonly phase: RunPhase;
  /** Where the CloudFormation answer is; `undefined` when no request waits. */
  readonly answer?: AnswerPhase;
  /** The answer decided (CLAIMED or DELIVERED). */
  readonly response?: CustomResourceResponse;
  /** When the answer was decided (epoch milliseconds). */
  readonly answerClaimedAt?: number;
  /** When the run was completed (COMPLETE), epoch milliseconds; absent in runs of earlier versions. */
  readonly completedAt?: number;
  /** Until when the arrival closing the run holds the closing (epoch milliseconds); absent in runs of earlier versions. */
  readonly closingClaimUntil?: number;
  /** When the closing gave the accounts' result lines and the summary line (epoch milliseconds); absent until then. */
  readonly linesGivenAt?: number;
  /** Deliveries of the decided answer that failed. */
  readonly answerAttempts: number;
  /** Why a plan refused its apply: the deployment's FAILED reason. */
  readonly refusal?: string;
  /** Why the failure notification could not be published: added to the answer. */
  readonly notificationError?: string;
  /** Why the run was abandoned: the deployment's FAILED reason. */
  readonly abandonReason?: string;
}

/** What taking an account's write lease found. */
export enum WriteLease {
  /** Taken (or held already by this delivery): write. */
  TAKEN = 'TAKEN',
  /** Another live delivery is writing the account: try again later. */
  HELD = 'HELD',
  /** The account's result is recorded already: nothing to do. */
  RECORDED = 'RECORDED',
}

export function accountResultFromItem(item: Record<string, AttributeValue>): AccountResult {
  return {
    accountId: item.sk.S!.slice(ACCOUNT_PREFIX.length),
    outcome: item.outcome.S as AccountOutcome,
    changed: item.changed.S ? item.changed.S.split(',') : [],
    failures: JSON.parse(item.failures.S!),
    attempts: Number(item.attempts.N),
    ...(item.units ? { organizationalUnitIds: JSON.parse(item.units.S!) } : {}),
    ...(item.warnings ? { warnings: JSON.parse(item.warnings.S!) } : {}),
    ...(item.personalEmail?.BOOL ? { primaryEmailLooksPersonal: true } : {}),
  };
}

/** Accounts counted so far: the outcome counters of a summary item (`excluded` and `skipped` are absent from older runs). */
export function countedTotal(summary: Record<string, AttributeValue>): number {
  const counter = (name: string) => Number(summary[name]?.N ?? 0);
  return counter('applied') + counter('unchanged') + counter('failed') + counter('excluded') + counter('skipped');
}

/** Accounts a run has counted: every outcome. */
export function countedAccounts(run: Pick<RunSummary, 'applied' | 'unchanged' | 'failed' | 'excluded' | 'skipped'>): number {
  return run.applied + run.unchanged + run.failed + run.excluded + run.skipped;
}

/** The summary item of a run as it is created (STARTING, nothing counted); `expiresAt` in epoch seconds. */
export function summaryItem(run: NewRun, expiresAt: number): Record<string, AttributeValue> {
  const scope = run.scope;
  const total = scope.accountIds.length + scope.leavingAccountIds.length + scope.missingAccountIds.length + (scope.skippedAccounts?.length ?? 0);
  return {
    pk: { S: `RUN#${run.runId}` },
    sk: { S: SUMMARY_KEY },
    trigger: { S: run.trigger },
    action: { S: run.action },
    declarationKey: { S: run.declarationKey },
    wouldRestore: { N: String(scope.restoreAfterPlan?.length ?? 0) },
    total: { N: String(total) },
    applied: { N: '0' },
    unchanged: { N: '0' },
    failed: { N: '0' },
    excluded: { N: '0' },
    skipped: { N: '0' },
    personalPrimaryEmails: { N: '0' },
    phase: { S: RUN_TRANSITIONS[RunTransition.CREATE].to },
    startedAt: { N: String(run.startedAt) },
    failOnAccountErrors: { BOOL: run.failOnAccountErrors },
    answerAttempts: { N: '0' },
    expiresAt: { N: String(expiresAt) },
    ...(run.deadline !== undefined ? { deadline: { N: String(run.deadline) } } : {}),
    ...(run.cloudFormation ? { cloudFormation: { S: JSON.stringify(run.cloudFormation) }, answer: { S: AnswerPhase.WAITING } } : {}),
    ...(run.maxAccountChanges !== undefined ? { maxAccountChanges: { N: String(run.maxAccountChanges) } } : {}),
    ...(run.plan ? { plan: { S: JSON.stringify(run.plan) } } : {}),
  };
}

/** A summary item as a run. Items written by earlier versions (`status`, `responded`) are read as their phases. */
export function runFromItem(runId: string, item: Record<string, AttributeValue>): RunSummary {
  const legacyPhase = item.status?.S === 'COMPLETE' ? RunPhase.CLOSED : RunPhase.RUNNING;
  const cloudFormation = item.cloudFormation ? JSON.parse(item.cloudFormation.S!) : undefined;
  const legacyAnswer = cloudFormation ? (item.responded?.BOOL ? AnswerPhase.DELIVERED : AnswerPhase.WAITING) : undefined;
  return {
    runId,
    trigger: item.trigger.S as RunTrigger,
    action: item.action.S as RunAction,
    declarationKey: item.declarationKey?.S ?? '',
    wouldRestore: Number(item.wouldRestore?.N ?? 0),
    total: Number(item.total.N),
    applied: Number(item.applied.N),
    unchanged: Number(item.unchanged.N),
    failed: Number(item.failed.N),
    excluded: Number(item.excluded?.N ?? 0),
    skipped: Number(item.skipped?.N ?? 0),
    personalPrimaryEmails: Number(item.personalPrimaryEmails?.N ?? 0),
    phase: (item.phase?.S as RunPhase | undefined) ?? legacyPhase,
    answer: (item.answer?.S as AnswerPhase | undefined) ?? legacyAnswer,
    response: item.response ? JSON.parse(item.response.S!) : undefined,
    answerClaimedAt: item.answerClaimedAt ? Number(item.answerClaimedAt.N) : undefined,
    completedAt: item.completedAt ? Number(item.completedAt.N) : undefined,
    linesGivenAt: item.linesGivenAt ? Number(item.linesGivenAt.N) : undefined,
    closingClaimUntil: item.closingClaimUntil ? Number(item.closingClaimUntil.N) : undefined,
    answerAttempts: Number(item.answerAttempts?.N ?? 0),
    refusal: item.refusal?.S,
    notificationError: item.notificationError?.S,
    abandonReason: item.abandonReason?.S,
    startedAt: Number(item.startedAt.N),
    deadline: item.deadline ? Number(item.deadline.N) : undefined,
    cloudFormation,
    failOnAccountErrors: item.failOnAccountErrors?.BOOL ?? true,
    maxAccountChanges: item.maxAccountChanges ? Number(item.maxAccountChanges.N) : undefined,
    plan: item.plan ? JSON.parse(item.plan.S!) : undefined,
  };
}
