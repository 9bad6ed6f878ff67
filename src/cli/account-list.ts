/**
 * Which accounts to read: the caller's own, a list of ids, or every ACTIVE account of the organization.
 */
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountToRead, OwnPrimaryEmail } from './account-snapshot';
import { isActiveAccountState } from '../contacts/account-state';
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
 * the caller first; with `includeInactive`, the others too, each with its state. Pages may be empty and still carry a
 * NextToken; a token returned twice stops the listing.
 */
export async function organizationAccounts(
  organizations: OrganizationsClient,
  caller: string,
  deadline?: number,
  includeInactive = false,
): Promise<AccountToRead[]> {
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
    if (account.Id && isActiveAccountState(state)) {
      accounts.push({ accountId: account.Id, name: account.Name, own: account.Id === caller });
    } else if (account.Id && includeInactive) {
      accounts.push({ accountId: account.Id, name: account.Name, own: account.Id === caller, inactiveState: state ?? 'UNKNOWN' });
    }
  }
  return accounts.sort((a, b) => Number(b.own) - Number(a.own) || a.accountId.localeCompare(b.accountId));
}

/**
 * The caller's own primary email address: GetPrimaryEmail names members only, so the management account's is read
 * from DescribeOrganization (`MasterAccountEmail`). A member or a standalone account cannot read its own through any
 * API: then why, and its check is not run on it.
 */
export async function ownPrimaryEmail(organizations: OrganizationsClient, caller: string, deadline?: number): Promise<OwnPrimaryEmail> {
  const retry = deadline === undefined ? DEFAULT_RETRY_OPTIONS : { ...DEFAULT_RETRY_OPTIONS, deadline };
  try {
    const { Organization: organization } = await withRetries(
      () =>
        beforeDeadline('organizations:DescribeOrganization', deadline, (abortSignal) =>
          organizations.send(new DescribeOrganizationCommand({}), { abortSignal }),
        ),
      retry,
    );
    if (organization?.MasterAccountId !== caller) {
      return {
        unreadable: `account ${caller} is a member of an organization: no API reads a member's primary email from itself (audit it from the management account or the delegated administrator)`,
      };
    }
    return { primaryEmail: organization.MasterAccountEmail };
  } catch (error) {
    if ((error as Error)?.name === 'AWSOrganizationsNotInUseException') {
      return { unreadable: `account ${caller} is in no organization: no API reads its primary email (see it in the console, Account settings)` };
    }
    throw error;
  }
}

/**
 * Named accounts, checked against the caller's organization (listed once): a member that is not ACTIVE is marked
 * with its state (skipped, nothing read), an id the organization does not hold is marked not a member (an error,
 * never read or written). The caller's own account is not checked.
 */
export async function checkedMembership(
  organizations: OrganizationsClient,
  caller: string,
  accounts: readonly AccountToRead[],
  deadline?: number,
): Promise<AccountToRead[]> {
  const listed = new Map((await organizationAccounts(organizations, caller, deadline, true)).map((account) => [account.accountId, account]));
  return accounts.map((account) => {
    const found = listed.get(account.accountId);
    if (account.own || (found && found.inactiveState === undefined)) {
      return account;
    }
    return found
      ? { ...account, inactiveState: found.inactiveState }
      : {
          ...account,
          notMember: `account ${account.accountId} is not an account of the caller's organization (a typo, or it left): not read, not written`,
        };
  });
}

/** The accounts named on the command line; the caller's own is read without AccountId. */
export function namedAccounts(accountIds: readonly string[], caller: string): AccountToRead[] {
  return [...new Set(accountIds)].map((accountId) => ({ accountId, own: accountId === caller }));
}
