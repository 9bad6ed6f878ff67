/**
 * Whether a declared account is the caller's own: decided here only, for the functions (the caller is the function's
 * account), the constructs (the stack's account, when both are known at synth) and the command. The own account is
 * always called without `AccountId`: the Account Management API rejects the caller's own id. Pure.
 */

/** Absent, empty or equal to the caller's id: the caller's own account. */
export function isOwnAccount(accountId: string | undefined, callerAccountId: string): boolean {
  return accountId === undefined || accountId === '' || accountId === callerAccountId;
}
