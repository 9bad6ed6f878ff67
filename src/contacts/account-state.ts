/**
 * An account's state in AWS Organizations (`Account.State`: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED,
 * PENDING_ACTIVATION), and what each surface does with an account that is not ACTIVE: it is left alone and said so,
 * never written and never counted a failure.
 */

/** The one state in which an account's contacts are read and written. */
export const ACTIVE_ACCOUNT_STATE = 'ACTIVE';

/** Whether an account in this state is managed. */
export function isActiveAccountState(state: string | undefined): boolean {
  return state === ACTIVE_ACCOUNT_STATE;
}

/**
 * Why an account that is not ACTIVE was left alone, for a run's result line. PENDING_ACTIVATION is not ready yet:
 * the run its account-created event starts applies it once it is ACTIVE. The others are closing or closed (or
 * suspended by AWS): nothing is written to them, and that is no failure.
 */
export function notActiveReason(accountId: string, state: string): string {
  if (state === 'PENDING_ACTIVATION') {
    return `account ${accountId} is PENDING_ACTIVATION: not ready yet, nothing was written; it is applied once it is ACTIVE (the account-created event starts a run for it, and every reconciliation covers it)`;
  }
  return `account ${accountId} is ${state}, not ACTIVE: left alone, nothing was written`;
}
