/**
 * Which accounts to read: the caller's own, a list of ids, or every ACTIVE account of the organization.
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountToRead } from './account-snapshot';
import { RetryOptions, withRetries } from '../runtime/retry';

/** The account the credentials belong to. */
export async function callerAccountId(sts: STSClient, retry?: RetryOptions): Promise<string> {
  const identity = await withRetries(() => sts.send(new GetCallerIdentityCommand({})), retry);
  if (!identity.Account) {
    throw new Error('sts:GetCallerIdentity returned no account id');
  }
  return identity.Account;
}

/**
 * Every ACTIVE account of the organization (the `State` field; `Status`, now retired, where `State` is absent),
 * the caller first. Pages may be empty and still carry a NextToken.
 */
export async function organizationAccounts(organizations: OrganizationsClient, caller: string): Promise<AccountToRead[]> {
  const accounts: AccountToRead[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetries(() => organizations.send(new ListAccountsCommand({ NextToken: nextToken })));
    for (const account of page.Accounts ?? []) {
      const state = (account as { State?: string }).State ?? account.Status;
      if (account.Id && state === 'ACTIVE') {
        accounts.push({ accountId: account.Id, name: account.Name, own: account.Id === caller });
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return accounts.sort((a, b) => Number(b.own) - Number(a.own) || a.accountId.localeCompare(b.accountId));
}

/** The accounts named on the command line; the caller's own is read without AccountId. */
export function namedAccounts(accountIds: readonly string[], caller: string): AccountToRead[] {
  return [...new Set(accountIds)].map((accountId) => ({ accountId, own: accountId === caller }));
}
