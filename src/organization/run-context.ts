/**
 * What an organization run works with: its clients and settings, given by the function (or a test), and the same
 * with every default filled in, resolved once per context.
 */
import { RunCommitPoint } from './run-state-machine';
import { RunStore } from './run-store';
import { SnapshotStore } from './snapshot-store';
import { MAX_DELAY_SECONDS } from './work-messages';
import { WorkQueue } from './work-queue';
import { ContactParameterNames, ParameterReader } from '../contacts/contact-parameters';
import { OrganizationDeclaration } from '../contacts/organization-declaration';
import { DEFAULT_METRIC_NAMESPACE } from '../protocol/organization-resource';
import { AccountContactsApi } from '../runtime/account-api';
import { CustomResourceResponse, sendResponse } from '../runtime/cloudformation-custom-resource';
import { LogLine, logToConsole } from '../runtime/log';
import { OrganizationDirectory } from '../runtime/organization-directory';

/** When an account's work is tried again instead of recorded as failed. */
export interface RedeliveryPolicy {
  /** Deliveries of an account whose calls were throttled or faulted beyond the client's retries. @default 5 */
  readonly maxAttempts: number;
  /** Deliveries of a new account, which may deny access for a few minutes after it joined. @default 15 */
  readonly newAccountMaxAttempts: number;
  /** Delay before the next delivery, in seconds. */
  readonly delaySeconds: (attempt: number, newAccount: boolean) => number;
  /**
   * Delay before the decided answer is sent again, after `failedDeliveries` deliveries the ResponseURL refused.
   * @default 2, 4, 8, then every 15 seconds
   */
  readonly answerDelaySeconds?: (failedDeliveries: number) => number;
  /**
   * How long an answer decided by another arrival is left to it before this one delivers it too (the other may have
   * died). @default 10 seconds
   */
  readonly answerClaimSeconds?: number;
  /**
   * The time an invocation must have left to close a run (the result lines, the summary, the notification): with
   * less, it hands the closing to the next arrival (a watchdog queued at once), so that Lambda does not stop it half
   * way, between giving the lines and marking them given. @default 60 seconds
   */
  readonly closingReserveSeconds?: number;
  /**
   * How long an account's write lease lasts when the invocation's end is not known (`invocationEndsAt`): a delivery
   * that holds it longer is taken for dead. @default 900 seconds, the function's longest run
   */
  readonly leaseSeconds?: number;
}

export const DEFAULT_REDELIVERY_POLICY: RedeliveryPolicy = {
  maxAttempts: 5,
  newAccountMaxAttempts: 15,
  // A new account: once a minute for about 15 minutes. Others: 30 s, 60 s, 120 s, 240 s.
  delaySeconds: (attempt, newAccount) => (newAccount ? 60 : Math.min(MAX_DELAY_SECONDS, 30 * 2 ** (attempt - 1))),
  answerDelaySeconds: (failedDeliveries) => Math.min(15, 2 ** failedDeliveries),
  answerClaimSeconds: 10,
  closingReserveSeconds: 60,
  leaseSeconds: 900,
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
  /** Publishes an outside change's notification. @default none (the log only) */
  readonly notifyOutsideChange?: (subject: string, message: string) => Promise<void>;
  /** The function's own role ARN: contact changes it made are not outside changes. @default none */
  readonly ownRoleArn?: string;
  /** Where previous contacts are kept before the first write (ContactRemoval.RESTORE_PREVIOUS). @default none: no snapshots */
  readonly snapshots?: SnapshotStore;
  /** Answers CloudFormation. @default PUT to the response URL */
  readonly respond?: (responseUrl: string, response: CustomResourceResponse) => Promise<void>;
  readonly redelivery?: RedeliveryPolicy;
  readonly metricNamespace?: string;
  /** The construct's path: the metrics' dimension value. */
  readonly constructPath: string;
  readonly now?: () => number;
  readonly log?: LogLine;
  /**
   * Called right after each commit point of a run (see `RUN_COMMIT_POINTS`), before the next step. The function
   * sets none; the crash tests kill the invocation here. @default none
   */
  readonly afterCommit?: (point: RunCommitPoint) => Promise<void> | void;
  /**
   * The SSM parameters that hold default contacts (`defaultsFromParameters`), and how to read them: read once per
   * invocation (per context), so a new version is applied by the next run. @default none
   */
  readonly contactParameters?: { readonly names: ContactParameterNames; readonly read: ParameterReader };
  /**
   * When this invocation ends at the latest (epoch milliseconds: Lambda's deadline, from `getRemainingTimeInMillis`).
   * A write lease taken now lasts until then and `LEASE_CLOCK_MARGIN_MILLISECONDS` more: a delivery that is still
   * running always holds its lease, however slow it is, and a dead one's lease ends with its invocation.
   * @default unknown: a lease lasts `redelivery.leaseSeconds`
   */
  readonly invocationEndsAt?: number;
  /**
   * Whether APPLY and PLAN runs read each member account's primary email and report one that looks personal
   * (`runs.checkPrimaryEmail`). @default false
   */
  readonly checkPrimaryEmail?: boolean;
}

/** A run context with every default resolved. */
export interface RunEnvironment extends OrganizationRunContext {
  readonly respond: (responseUrl: string, response: CustomResourceResponse) => Promise<void>;
  readonly redelivery: RedeliveryPolicy;
  readonly metricNamespace: string;
  readonly now: () => number;
  readonly log: LogLine;
  readonly answerDelaySeconds: (failedDeliveries: number) => number;
  /** How long a write lease taken now lasts: to the invocation's end (and a margin) when known. */
  readonly leaseMilliseconds: () => number;
  readonly answerClaimMilliseconds: number;
  /**
   * How long a run's closing, claimed now, is left to this arrival before another takes it over: to this invocation's
   * end (and the clock margin) when known, at least `answerClaimMilliseconds` and at most a minute; else
   * `answerClaimMilliseconds`. A slow closer is never taken over while it runs (its summary and lines would be given
   * twice); a dead one's claim ends with its invocation.
   */
  readonly closingClaimMilliseconds: () => number;
  /** Whether this invocation has the time to close a run (`closingReserveSeconds` left, or its end unknown). */
  readonly mayClose: () => boolean;
  /** Marks a commit point passed (calls `afterCommit`). */
  readonly committed: (point: RunCommitPoint) => Promise<void>;
}

/**
 * How far a lease outlasts the invocation's deadline: other workers compare it with their own clocks, which Lambda
 * keeps within milliseconds of each other (Amazon Time Sync); a second is a wide margin.
 */
export const LEASE_CLOCK_MARGIN_MILLISECONDS = 1000;

function leaseDuration(context: OrganizationRunContext): () => number {
  const endsAt = context.invocationEndsAt;
  if (endsAt === undefined) {
    const fixed = 1000 * (context.redelivery?.leaseSeconds ?? DEFAULT_REDELIVERY_POLICY.leaseSeconds!);
    return () => fixed;
  }
  // The time left to the deadline; the store adds it to its own clock (the same `Date.now` in the function), so the
  // lease ends after the invocation, never before.
  const now = context.now ?? Date.now;
  return () => Math.max(0, endsAt - now()) + LEASE_CLOCK_MARGIN_MILLISECONDS;
}

/** The longest a closing claim lasts: a closer that died early is taken over within a minute. */
const MAX_CLOSING_CLAIM_MILLISECONDS = 60_000;

function closingClaimDuration(context: OrganizationRunContext): () => number {
  const answerClaim = 1000 * (context.redelivery?.answerClaimSeconds ?? DEFAULT_REDELIVERY_POLICY.answerClaimSeconds!);
  const endsAt = context.invocationEndsAt;
  if (endsAt === undefined) {
    return () => answerClaim;
  }
  const now = context.now ?? Date.now;
  return () => Math.max(answerClaim, Math.min(MAX_CLOSING_CLAIM_MILLISECONDS, endsAt - now() + LEASE_CLOCK_MARGIN_MILLISECONDS));
}

const resolved = new WeakMap<OrganizationRunContext, RunEnvironment>();

/** The context with its defaults; the same object for the same context. */
export function runEnvironment(context: OrganizationRunContext): RunEnvironment {
  let environment = resolved.get(context);
  if (!environment) {
    environment = {
      ...context,
      respond: context.respond ?? sendResponse,
      redelivery: context.redelivery ?? DEFAULT_REDELIVERY_POLICY,
      metricNamespace: context.metricNamespace ?? DEFAULT_METRIC_NAMESPACE,
      now: context.now ?? Date.now,
      log: context.log ?? logToConsole,
      answerDelaySeconds: context.redelivery?.answerDelaySeconds ?? DEFAULT_REDELIVERY_POLICY.answerDelaySeconds!,
      leaseMilliseconds: leaseDuration(context),
      answerClaimMilliseconds: 1000 * (context.redelivery?.answerClaimSeconds ?? DEFAULT_REDELIVERY_POLICY.answerClaimSeconds!),
      closingClaimMilliseconds: closingClaimDuration(context),
      mayClose: () =>
        context.invocationEndsAt === undefined ||
        context.invocationEndsAt - (context.now ?? Date.now)() >=
          1000 * (context.redelivery?.closingReserveSeconds ?? DEFAULT_REDELIVERY_POLICY.closingReserveSeconds!),
      committed: async (point) => {
        await context.afterCommit?.(point);
      },
    };
    resolved.set(context, environment);
  }
  return environment;
}
