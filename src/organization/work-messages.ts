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
  readonly action: 'APPLY' | 'DELETE' | 'PLAN' | 'RESTORE';
  /** Deliveries so far, this one included. */
  readonly attempt: number;
  /** A new account may not be ready yet: access denied is retried for longer. */
  readonly newAccount?: boolean;
}

/** Answer the waiting CloudFormation request if the run is done or its deadline has passed; else check again later. */
export interface DeadlineWorkMessage {
  readonly kind: 'DEADLINE';
  readonly runId: string;
}

export type WorkMessage = AccountWorkMessage | DeadlineWorkMessage;

/** What is needed to answer a CloudFormation request later, from another invocation. */
export interface PendingCloudFormationResponse {
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId: string;
  readonly RequestType: 'Create' | 'Update' | 'Delete';
}

/** Accounts per work message: with 10 messages per invocation, up to 100 accounts are under way at once. */
export const ACCOUNTS_PER_MESSAGE = 10;

/** SQS's longest message delay. */
export const MAX_DELAY_SECONDS = 900;
