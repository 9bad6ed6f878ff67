/**
 * Which accounts to read: the caller's own, a list of ids, or every ACTIVE account of the organization.
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountToRead } from './account-snapshot';
import { beforeDeadline } from '../runtime/deadline';
import { collectPages } from '../runtime/pagination';
import { DEFAULT_RETRY_OPTIONS, RetryOptions, withRetries } from '../runtime/retry';

/** The account the credentials belong to. */
export async function callerAccountId(sts: STSClient, retry?: RetryOptions, deadline?: number): Promise<string> {
  const identity = await withRetries(
    () => beforeDeadline('sts:GetCallerIdentity', deadline, (abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal })),
    retry && deadline !== undefined ? { ...retry, deadline } : retry,
  );
  if (!identity.Account) {
    throw new Error('sts:GetCallerIdentity returned no account id');
  }
  return identity.Account;
}

/**
 * Every ACTIVE account of the organization (the `State` field; `Status`, now retired, where `State` is absent),
 * the caller first. Pages may be empty and still carry a NextToken; a token returned twice stops the listing.
 */
export async function organizationAccounts(organizations: OrganizationsClient, caller: string, deadline?: number): Promise<AccountToRead[]> {
  const retry = deadline === undefined ? DEFAULT_RETRY_OPTIONS : { ...DEFAULT_RETRY_OPTIONS, deadline };
  const listed = await collectPages('organizations:ListAccounts', async (nextToken) => {
    const page = await withRetries(
      () =>
        beforeDeadline('organizations:ListAccounts', deadline, (abortSignal) =>
          organizations.send(new ListAccountsCommand({ NextToken: nextToken }), { abortSignal }),
        ),
      retry,
    );
    return { items: page.Accounts ?? [], next: page.NextToken };
  });
  const accounts: AccountToRead[] = [];
  for (const account of listed) {
    const state = (account as { State?: string }).State ?? account.Status;
    if (account.Id && state === 'ACTIVE') {
      accounts.push({ accountId: account.Id, name: account.Name, own: account.Id === caller });
    }
  }
  return accounts.sort((a, b) => Number(b.own) - Number(a.own) || a.accountId.localeCompare(b.accountId));
}

/** The accounts named on the command line; the caller's own is read without AccountId. */
export function namedAccounts(accountIds: readonly string[], caller: string): AccountToRead[] {
  return [...new Set(accountIds)].map((accountId) => ({ accountId, own: accountId === caller }));
}
