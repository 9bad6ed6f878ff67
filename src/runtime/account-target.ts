/**
 * Where a declared contact goes: the caller's own account is always called without `AccountId` (the API rejects
 * the caller's own id), any other account with it.
 */
import { AccountTarget } from './account-api';
import { isOwnAccount } from '../contacts/own-account';

/** The target of a call and the account id to report, for a declared account id (absent: the caller's own). */
export function resolveTarget(accountId: string | undefined, ownAccountId: string): { target: AccountTarget; accountId: string } {
  if (isOwnAccount(accountId, ownAccountId)) {
    return { target: {}, accountId: ownAccountId };
  }
  return { target: { memberAccountId: accountId as string }, accountId: accountId as string };
}
