/**
 * What the organization handler needs from AWS Organizations: the prerequisites of managing member accounts'
 * contacts, the ACTIVE accounts with the organizational units that hold them, and one account's place.
 */
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { beforeDeadline } from './deadline';
import { PaginationError, collectPages } from './pagination';
import { DEFAULT_RETRY_OPTIONS, RetryOptions, withRetries } from './retry';
import { AccountPlacement } from '../contacts/organization-declaration';
import { isOwnAccount } from '../contacts/own-account';

/** How deep organizational units nest (AWS Organizations quotas: five levels under the root). */
const MAX_UNIT_DEPTH = 5;

/** The service principal of AWS Account Management. */
export const ACCOUNT_SERVICE_PRINCIPAL = 'account.amazonaws.com';

/** Why the caller cannot manage its organization's contacts: the message says what to enable. */
export class PrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

/** What the prerequisite check found. */
export interface OrganizationAccess {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** How the caller may manage member accounts. */
  readonly callerRole: 'MANAGEMENT_ACCOUNT' | 'DELEGATED_ADMINISTRATOR';
}

/** An account as listed, with its place in the organization. */
export interface ListedAccount extends AccountPlacement {
  /** The account's `State` (ACTIVE, SUSPENDED, PENDING_ACTIVATION, PENDING_CLOSURE, CLOSED). */
  readonly state: string;
}

/** Counts of Organizations calls, by operation. */
export type OrganizationsCallCounts = Record<string, number>;

export class OrganizationDirectory {
  public readonly callCounts: OrganizationsCallCounts = {};

  /**
   * @param retry how calls are retried
   * @param deadline no call runs past this time (epoch milliseconds): the command's --timeout. @default none
   */
  constructor(
    private readonly client: OrganizationsClient,
    private readonly retry: RetryOptions = DEFAULT_RETRY_OPTIONS,
    private readonly deadline?: number,
  ) {}

  /**
   * Checks, before any write, that the caller can manage member accounts' contacts: an organization with all
   * features, trusted access for account.amazonaws.com, and the caller is the management account or the
   * delegated administrator for AWS Account Management. Throws a {@link PrerequisiteError} that says what to enable.
   */
  public async checkPrerequisites(callerAccountId: string): Promise<OrganizationAccess> {
    let organization;
    try {
      organization = (
        await this.call('DescribeOrganization', (abortSignal) => this.client.send(new DescribeOrganizationCommand({}), { abortSignal }))
      ).Organization;
    } catch (error) {
      if (errorName(error) === 'AWSOrganizationsNotInUseException') {
        throw new PrerequisiteError(
          `account ${callerAccountId} is not in an AWS Organization: deploy OrganizationContacts in the organization's management account or in the delegated administrator account for AWS Account Management`,
        );
      }
      throw explainOrganizationsError(error, 'DescribeOrganization');
    }
    if (!organization?.Id || !organization.MasterAccountId) {
      throw new PrerequisiteError('DescribeOrganization returned no organization id or management account id');
    }
    if (organization.FeatureSet !== 'ALL') {
      throw new PrerequisiteError(
        `organization ${organization.Id} has feature set ${organization.FeatureSet}: member accounts' contacts can be managed only with all features enabled (Organizations console > Settings > Enable all features, or aws organizations enable-all-features)`,
      );
    }
    let callerRole: OrganizationAccess['callerRole'] = 'MANAGEMENT_ACCOUNT';
    // MasterAccountId is known here (checked above): the caller is the management account when it is that account.
    if (!isOwnAccount(organization.MasterAccountId, callerAccountId)) {
      callerRole = 'DELEGATED_ADMINISTRATOR';
      const registered = await this.isDelegatedAdministrator(callerAccountId);
      if (!registered) {
        throw new PrerequisiteError(
          `account ${callerAccountId} is neither the management account (${organization.MasterAccountId}) nor the delegated administrator for AWS Account Management: from the management account run aws organizations register-delegated-administrator --account-id ${callerAccountId} --service-principal ${ACCOUNT_SERVICE_PRINCIPAL}, or deploy in the management account`,
        );
      }
    }
    const trusted = await this.paged('ListAWSServiceAccessForOrganization', async (NextToken, abortSignal) => {
      const page = await this.client.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken }), { abortSignal });
      return { items: (page.EnabledServicePrincipals ?? []).map((service) => service.ServicePrincipal), next: page.NextToken };
    });
    if (!trusted.includes(ACCOUNT_SERVICE_PRINCIPAL)) {
      throw new PrerequisiteError(
        `trusted access for AWS Account Management is not enabled in organization ${organization.Id}: from the management account run aws organizations enable-aws-service-access --service-principal ${ACCOUNT_SERVICE_PRINCIPAL} (or Organizations console > Services > AWS Account Management > Enable trusted access)`,
      );
    }
    return { organizationId: organization.Id, managementAccountId: organization.MasterAccountId, callerRole };
  }

  /**
   * Every account of the organization with its organizational units (nearest first), found by walking the tree
   * from the root: ListRoots, ListChildren for units, ListAccountsForParent for accounts (pages may be empty).
   */
  public async listAccounts(): Promise<ListedAccount[]> {
    const roots = await this.paged('ListRoots', async (NextToken, abortSignal) => {
      const page = await this.client.send(new ListRootsCommand({ NextToken }), { abortSignal });
      return { items: (page.Roots ?? []).map((root) => root.Id!), next: page.NextToken };
    });
    const accounts: ListedAccount[] = [];
    // Breadth first; each entry is a parent and the units above it, nearest first (a root contributes none).
    const pending: Array<{ parentId: string; units: string[] }> = roots.map((parentId) => ({ parentId, units: [] }));
    const visited = new Set<string>(roots);
    while (pending.length > 0) {
      const { parentId, units } = pending.shift()!;
      const listed = await this.paged('ListAccountsForParent', async (NextToken, abortSignal) => {
        const page = await this.client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }), { abortSignal });
        return { items: page.Accounts ?? [], next: page.NextToken };
      });
      for (const account of listed) {
        accounts.push({ accountId: account.Id!, organizationalUnitIds: units, state: accountState(account) });
      }
      const children = await this.paged('ListChildren', async (NextToken, abortSignal) => {
        const page = await this.client.send(new ListChildrenCommand({ ParentId: parentId, ChildType: 'ORGANIZATIONAL_UNIT', NextToken }), {
          abortSignal,
        });
        return { items: (page.Children ?? []).map((child) => child.Id!), next: page.NextToken };
      });
      for (const child of children) {
        // An organization is a tree at most 5 units deep: a unit seen before, or a deeper one, would walk forever.
        if (visited.has(child) || units.length >= MAX_UNIT_DEPTH) {
          throw new PaginationError(
            `organizations:ListChildren of ${parentId} returned ${visited.has(child) ? `${child}, a parent already walked` : `a unit deeper than ${MAX_UNIT_DEPTH} levels`}: stopped, the walk would never end`,
          );
        }
        visited.add(child);
        pending.push({ parentId: child, units: [child, ...units] });
      }
    }
    return accounts;
  }

  /**
   * An account's email address as Organizations holds it (DescribeAccount): its primary email, the root user's. The
   * one way to read the caller's own (GetPrimaryEmail names members only), the management account's included.
   */
  public async accountEmail(accountId: string): Promise<string | undefined> {
    const account = (
      await this.call('DescribeAccount', (abortSignal) => this.client.send(new DescribeAccountCommand({ AccountId: accountId }), { abortSignal }))
    ).Account;
    return account?.Email;
  }

  /** One account's state and units (nearest first), for an account that has just joined. */
  public async describeAccount(accountId: string): Promise<ListedAccount> {
    const account = (
      await this.call('DescribeAccount', (abortSignal) => this.client.send(new DescribeAccountCommand({ AccountId: accountId }), { abortSignal }))
    ).Account;
    const units: string[] = [];
    let childId = accountId;
    for (;;) {
      const parents = await this.paged('ListParents', async (NextToken, abortSignal) => {
        const page = await this.client.send(new ListParentsCommand({ ChildId: childId, NextToken }), { abortSignal });
        return { items: page.Parents ?? [], next: page.NextToken };
      });
      const parent = parents[0];
      if (!parent || parent.Type !== 'ORGANIZATIONAL_UNIT') {
        break;
      }
      if (units.includes(parent.Id!) || units.length >= MAX_UNIT_DEPTH) {
        throw new PaginationError(
          `organizations:ListParents of account ${accountId} led to ${parent.Id} after ${units.length} units: stopped, the walk would never end`,
        );
      }
      units.push(parent.Id!);
      childId = parent.Id!;
    }
    return { accountId, organizationalUnitIds: units, state: account ? accountState(account) : 'UNKNOWN' };
  }

  /** One account's tags (ListTagsForResource, every page), for declarations that exclude or override by tag. */
  public async listAccountTags(accountId: string): Promise<Record<string, string>> {
    const tags = await this.paged('ListTagsForResource', async (NextToken, abortSignal) => {
      const page = await this.client.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken }), { abortSignal });
      return { items: page.Tags ?? [], next: page.NextToken };
    });
    return Object.fromEntries(tags.map((tag) => [tag.Key!, tag.Value ?? '']));
  }

  private async isDelegatedAdministrator(accountId: string): Promise<boolean> {
    try {
      const administrators = await this.paged('ListDelegatedAdministrators', async (NextToken, abortSignal) => {
        const command = new ListDelegatedAdministratorsCommand({ ServicePrincipal: ACCOUNT_SERVICE_PRINCIPAL, NextToken });
        const page = await this.client.send(command, { abortSignal });
        return { items: (page.DelegatedAdministrators ?? []).map((administrator) => administrator.Id), next: page.NextToken };
      });
      return administrators.includes(accountId);
    } catch (error) {
      // Only the management account and delegated administrators may list delegated administrators.
      if (errorName(error) === 'AccessDeniedException') {
        return false;
      }
      throw error;
    }
  }

  private async paged<T>(
    operation: string,
    fetch: (nextToken: string | undefined, abortSignal?: AbortSignal) => Promise<{ items: T[]; next?: string }>,
  ): Promise<T[]> {
    // A page may be empty while NextToken says there is more: follow the token, not the page's size; a token seen
    // before, or too many pages, stops the listing with an error that names the call.
    return collectPages(`organizations:${operation}`, (next) => this.call(operation, (abortSignal) => fetch(next, abortSignal)));
  }

  private async call<T>(operation: string, send: (abortSignal?: AbortSignal) => Promise<T>): Promise<T> {
    return withRetries(
      async () => {
        this.callCounts[operation] = (this.callCounts[operation] ?? 0) + 1;
        return beforeDeadline(`organizations:${operation}`, this.deadline, send);
      },
      this.deadline === undefined ? this.retry : { ...this.retry, deadline: this.deadline },
    );
  }
}

/** `State` when the API returns it; the retired `Status` otherwise (it has no PENDING_CLOSURE / CLOSED). */
function accountState(account: { State?: string; Status?: string }): string {
  return account.State ?? account.Status ?? 'UNKNOWN';
}

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

function explainOrganizationsError(error: unknown, operation: string): Error {
  if (errorName(error) === 'AccessDeniedException') {
    return new PrerequisiteError(
      `organizations:${operation} was denied: the function's role needs it, and only the management account or a delegated administrator may call it (check service control policies too)`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
