/**
 * What an organization run is, written once: what starts it, what it does to each account, the phases it goes
 * through, and the commit points between them.
 *
 * A run lives in one DynamoDB item (its summary) and is moved on by whoever arrives at it: the invocation that
 * created it, Lambda's retry of that invocation, a redelivered SQS message, the run's watchdog message. Each of them
 * reads the run's phase and does the work of that phase; the work ends with the phase's one conditional write (a
 * transition), so a second arrival finds the phase moved on, and an invocation killed before the write leaves the
 * work to the next arrival. Every step before a transition is idempotent (queueing an account twice, recording a
 * result twice, publishing a notification twice are all harmless), so repeating it after a crash is safe.
 *
 *   STARTING --START--> RUNNING --COMPLETE--> COMPLETE --CLOSE--> CLOSED
 *   STARTING --ABANDON--> ABANDONED
 *
 * The answer to a waiting CloudFormation request has its own phases, so that deciding it and delivering it are
 * separate commits: an answer decided and not delivered is sent again by the next arrival.
 *
 *   WAITING --CLAIM_ANSWER--> CLAIMED --DELIVER_ANSWER--> DELIVERED
 *   WAITING --HAND_OVER_ANSWER--> HANDED_OVER   (a plan hands its answer to the apply that follows it)
 */

/** What started a run. */
export enum RunTrigger {
  DEPLOYMENT = 'DEPLOYMENT',
  RECONCILIATION = 'RECONCILIATION',
  NEW_ACCOUNT = 'NEW_ACCOUNT',
  /** An account moved to another organizational unit: applied again with its new unit's contacts. */
  ACCOUNT_MOVED = 'ACCOUNT_MOVED',
  /** An account's tags changed: applied again, or left alone if a tag now excludes it. */
  ACCOUNT_TAGGED = 'ACCOUNT_TAGGED',
  /** A managed contact was changed by another principal: written back (onOutsideChange RESTORE). */
  OUTSIDE_CHANGE = 'OUTSIDE_CHANGE',
  /** A default contact's SSM parameter has a new version: applied to every account in scope. */
  PARAMETER_CHANGED = 'PARAMETER_CHANGED',
}

/** What a run does to each account; also what a work message asks for. */
export enum RunAction {
  APPLY = 'APPLY',
  DELETE = 'DELETE',
  /** Read and compare only: `applied` counts the accounts that would change (dryRun, or before maxAccountChanges). */
  PLAN = 'PLAN',
  /** Write back what each account held before the first write (ContactRemoval.RESTORE_PREVIOUS), then forget it. */
  RESTORE = 'RESTORE',
}

/** How one account ended: what happened to it, whichever delivery recorded it. */
export enum AccountOutcome {
  /** At least one contact was written (or deleted) during the run. */
  APPLIED = 'APPLIED',
  /** Every contact already held the declared values, and none was written during the run. */
  UNCHANGED = 'UNCHANGED',
  /** At least one contact could not be applied. */
  FAILED = 'FAILED',
  /** Left alone: the account carries a tag of `excludeAccountTags` (read when the account was processed). */
  EXCLUDED = 'EXCLUDED',
  /**
   * Left alone: the account is not ACTIVE in the organization (SUSPENDED, PENDING_CLOSURE or CLOSED, or
   * PENDING_ACTIVATION: not ready yet). Nothing is read or written, and it is no failure.
   */
  SKIPPED = 'SKIPPED',
}

/** Where a run is. */
export enum RunPhase {
  /** Created with its scope recorded; its accounts may not all be queued yet. Whoever arrives queues them (again). */
  STARTING = 'STARTING',
  /** Every account queued: workers record results; the arrival that finds every account counted completes it. */
  RUNNING = 'RUNNING',
  /** Every account counted; its follow-ups (summary, notification, the apply after a plan) may not be done yet. */
  COMPLETE = 'COMPLETE',
  /** Follow-ups done. */
  CLOSED = 'CLOSED',
  /** Its start failed after it was created (a queue refused): answered FAILED; its queued work is dropped. */
  ABANDONED = 'ABANDONED',
}

/** Where the answer to the CloudFormation request that waits for a run is. */
export enum AnswerPhase {
  /** Not decided yet. */
  WAITING = 'WAITING',
  /** Decided and stored with the run; maybe not delivered. Whoever arrives sends the stored answer again. */
  CLAIMED = 'CLAIMED',
  /** The ResponseURL took it. */
  DELIVERED = 'DELIVERED',
  /** A plan handed its answer to the apply run that follows it: that run answers. */
  HANDED_OVER = 'HANDED_OVER',
}

/** The conditional writes that move a run (or its answer) from one phase to the next. */
export enum RunTransition {
  /** The summary item is put, on the condition that no run has its id. */
  CREATE = 'CREATE',
  /** Every account was queued and every missing account recorded. */
  START = 'START',
  /** Every account was counted. */
  COMPLETE = 'COMPLETE',
  /** The follow-ups were done. */
  CLOSE = 'CLOSE',
  /** The start failed after the run was created. */
  ABANDON = 'ABANDON',
  /** The answer was decided and stored. */
  CLAIM_ANSWER = 'CLAIM_ANSWER',
  /** The ResponseURL took the stored answer. */
  DELIVER_ANSWER = 'DELIVER_ANSWER',
  /** The answer went to the apply run after a plan. */
  HAND_OVER_ANSWER = 'HAND_OVER_ANSWER',
}

/** One transition: which attribute of the summary it moves, from which phases, to which. */
export interface RunTransitionRule {
  readonly attribute: 'phase' | 'answer';
  /** The phases it moves from; empty for CREATE (the item does not exist yet). */
  readonly from: ReadonlyArray<RunPhase | AnswerPhase>;
  readonly to: RunPhase | AnswerPhase;
}

export const RUN_TRANSITIONS: Readonly<Record<RunTransition, RunTransitionRule>> = {
  [RunTransition.CREATE]: { attribute: 'phase', from: [], to: RunPhase.STARTING },
  [RunTransition.START]: { attribute: 'phase', from: [RunPhase.STARTING], to: RunPhase.RUNNING },
  [RunTransition.COMPLETE]: { attribute: 'phase', from: [RunPhase.RUNNING], to: RunPhase.COMPLETE },
  [RunTransition.CLOSE]: { attribute: 'phase', from: [RunPhase.COMPLETE], to: RunPhase.CLOSED },
  [RunTransition.ABANDON]: { attribute: 'phase', from: [RunPhase.STARTING], to: RunPhase.ABANDONED },
  [RunTransition.CLAIM_ANSWER]: { attribute: 'answer', from: [AnswerPhase.WAITING], to: AnswerPhase.CLAIMED },
  [RunTransition.DELIVER_ANSWER]: { attribute: 'answer', from: [AnswerPhase.CLAIMED], to: AnswerPhase.DELIVERED },
  [RunTransition.HAND_OVER_ANSWER]: { attribute: 'answer', from: [AnswerPhase.WAITING], to: AnswerPhase.HANDED_OVER },
};

/**
 * The other commits of a run, between its transitions: each is idempotent, and a crash right after it leaves the
 * run in a phase whose next arrival repeats it harmlessly.
 */
export enum RunEffect {
  /** The watchdog message of a waiting deployment was queued (before the accounts: it outlives any crash). */
  WATCHDOG_QUEUED = 'WATCHDOG_QUEUED',
  /** The accounts' work messages were queued. */
  ACCOUNTS_QUEUED = 'ACCOUNTS_QUEUED',
  /** An account's write intent was recorded (its lease taken) before its first write. */
  WRITE_LEASED = 'WRITE_LEASED',
  /** A contact was written to an account. */
  CONTACT_WRITTEN = 'CONTACT_WRITTEN',
  /** Accounts' results were recorded, not yet counted. */
  RESULTS_RECORDED = 'RESULTS_RECORDED',
  /** Accounts' results were counted in the summary. */
  RESULTS_COUNTED = 'RESULTS_COUNTED',
  /** The accounts' result lines and the summary line were given, and marked given (`linesGivenAt`). */
  LINES_GIVEN = 'LINES_GIVEN',
  /** The failure notification was published (or its failure recorded). */
  NOTIFIED = 'NOTIFIED',
  /** The apply run after a plan was created. */
  APPLY_CREATED = 'APPLY_CREATED',
  /** The answer was PUT to the ResponseURL (not yet marked delivered). */
  ANSWER_SENT = 'ANSWER_SENT',
}

/** A point right after a commit, where a crash is survived: every transition and every effect. */
export type RunCommitPoint = RunTransition | RunEffect;

/** Every commit point of a run, in the order a run usually passes them. */
export const RUN_COMMIT_POINTS: readonly RunCommitPoint[] = [
  RunTransition.CREATE,
  RunEffect.WATCHDOG_QUEUED,
  RunEffect.ACCOUNTS_QUEUED,
  RunTransition.START,
  RunEffect.WRITE_LEASED,
  RunEffect.CONTACT_WRITTEN,
  RunEffect.RESULTS_RECORDED,
  RunEffect.RESULTS_COUNTED,
  RunTransition.COMPLETE,
  RunEffect.LINES_GIVEN,
  RunEffect.NOTIFIED,
  RunTransition.HAND_OVER_ANSWER,
  RunEffect.APPLY_CREATED,
  RunTransition.CLOSE,
  RunTransition.CLAIM_ANSWER,
  RunEffect.ANSWER_SENT,
  RunTransition.DELIVER_ANSWER,
  RunTransition.ABANDON,
];

/** What is needed to answer a CloudFormation request later, from another invocation. */
export interface PendingCloudFormationResponse {
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId: string;
  readonly RequestType: 'Create' | 'Update' | 'Delete';
}
