import { RunAction } from './run-state-machine';

/**
 * The messages of the work queue. They hold account ids and organizational unit ids, never a contact: each
 * worker resolves the contacts from the declaration itself.
 */

/** An account and the units that hold it, nearest first. */
export interface AccountWorkItem {
  readonly accountId: string;
  readonly organizationalUnitIds: string[];
}

/**
 * Apply (or delete) the declared contacts of a few accounts. Several accounts per message mean fewer SQS calls
 * and more accounts under way in one invocation; each account's result is still recorded on its own.
 */
export interface AccountWorkMessage {
  readonly kind: 'ACCOUNTS';
  readonly runId: string;
  /** The S3 key of the declaration the run applies. */
  readonly declarationKey: string;
  readonly accounts: AccountWorkItem[];
  /** PLAN reads and compares only; RESTORE writes back the snapshots. */
  readonly action: RunAction;
  /** Deliveries so far, this one included. */
  readonly attempt: number;
  /** A new account may not be ready yet: access denied is retried for longer. */
  readonly newAccount?: boolean;
  /** The versions of the default contacts' SSM parameters the run read when it started: read again at these. @default none */
  readonly parameterVersions?: Record<string, number>;
}

/**
 * The run's watchdog: move the run on from whatever phase it is in, and answer the waiting CloudFormation request
 * when the run is done, its deadline has passed, or an answer was decided and not delivered; else come again later.
 * (`DEADLINE`, its name in messages queued by earlier versions, is still understood.)
 */
export interface WatchdogWorkMessage {
  readonly kind: 'WATCHDOG' | 'DEADLINE';
  readonly runId: string;
}

export type WorkMessage = AccountWorkMessage | WatchdogWorkMessage;

/** Accounts per work message: with 10 messages per invocation, up to 100 accounts are under way at once. */
export const ACCOUNTS_PER_MESSAGE = 10;

/** SQS's longest message delay. */
export const MAX_DELAY_SECONDS = 900;
