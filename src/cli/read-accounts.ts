/**
 * Which accounts the command reads, and reading them: the AWS clients from the global options, the caller's
 * account, the organization's accounts or the named ones, each account's contacts with bounded concurrency and
 * client-side rate limits, and a progress bar on a terminal.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { SingleBar } from 'cli-progress';
import { callerAccountId, checkedMembership, namedAccounts, organizationAccounts, ownPrimaryEmail } from './account-list';
import { AccountSnapshot, AccountToRead, OwnPrimaryEmail, notMemberSnapshot, readAccountSnapshot, skippedSnapshot } from './account-snapshot';
import { ContactRead } from './audit/checks';
import { readProfile } from './aws-profile';
import { restoreTerminalOnExit } from './terminal';
import { isActiveAccountState } from '../contacts/account-state';
import { COMMAND_OPERATION_RATES, OperationRate } from '../contacts/api-quotas';
import { AccountPlacement } from '../contacts/organization-declaration';
import { ACCOUNT_CLIENT_REQUEST_HANDLER, AccountContactsApi } from '../runtime/account-api';
import { mapWithConcurrency } from '../runtime/concurrency';
import { OrganizationDirectory } from '../runtime/organization-directory';
import { RateLimiter } from '../runtime/rate-limiter';
import { DEFAULT_RETRY_OPTIONS } from '../runtime/retry';

export interface GlobalOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  concurrency: number;
  rate?: number;
  /** Seconds the whole run may take: reads still under way then fail, and their accounts are errors. */
  timeout?: number;
  showContacts: boolean;
  color: boolean;
}

export interface Selection {
  organization?: boolean;
  accountIds?: string[];
  /** Read the caller's own account too (a declaration for `self`). */
  includeCaller?: boolean;
  /** Checks the caller's account before anything else is read: throws to refuse (a declaration for another account). */
  checkCaller?: (callerAccountId: string) => void;
  /** With `organization`: the accounts that are not ACTIVE too, not read, each with its state. @default false */
  includeInactive?: boolean;
  /**
   * With `accountIds`: check them against the organization first (one listing): one that is not ACTIVE is skipped
   * with its state, one the organization does not hold is an error; neither is read. @default false
   */
  checkMembership?: boolean;
  /**
   * Whether a listed account is covered at all (a declaration's exclusions): one that is not is neither read nor
   * reported. @default every account
   */
  covers?: (accountId: string, own: boolean) => boolean;
  /** ACTIVE members already listed (for the declaration): not listed again to check them. @default none */
  listedMembers?: ReadonlySet<string>;
}

/** What to read from each account. @default every contact */
export type Reads = readonly ContactRead[];

/**
 * The clients, configured as the AWS CLI would be: the Region from --region, AWS_REGION, AWS_DEFAULT_REGION, then
 * the profile (--profile or AWS_PROFILE); the endpoint from --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, then the profile's endpoint_url; credentials by the SDK from the same profile.
 */
function clients(options: GlobalOptions) {
  const env = process.env;
  const profileName = options.profile ?? env.AWS_PROFILE;
  const profile = profileName ? readProfile(profileName, env) : {};
  const endpointFor = (service: string) =>
    options.endpointUrl ?? ((env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL) ? undefined : profile.endpointUrl);
  const config = (service: string) => ({
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profile.region ?? 'us-east-1',
    ...(profileName ? { profile: profileName } : {}),
    ...(endpointFor(service) ? { endpoint: endpointFor(service) } : {}),
    // Socket timeouts on every client: a refused or hung endpoint fails an attempt in seconds instead of hanging.
    requestHandler: ACCOUNT_CLIENT_REQUEST_HANDLER,
    // The SDK's own retries are off: the command retries with backoff and jitter, and counts every call.
    maxAttempts: 1,
  });
  return {
    account: new AccountClient(config('ACCOUNT')),
    organizations: new OrganizationsClient(config('ORGANIZATIONS')),
    sts: new STSClient(config('STS')),
    region: config('STS').region,
    securityHub: () => new SecurityHubClient(config('SECURITYHUB')),
    ssm: () => new SSMClient(config('SSM')),
  };
}

/** An SSM client configured as the others: for the contacts a declaration holds in SSM parameters. */
export function parameterStoreClient(options: GlobalOptions): SSMClient {
  return clients(options).ssm();
}

/** Where findings are imported: a Security Hub client configured as the others, its Region, and its endpoint for messages. */
export function securityHubTarget(options: GlobalOptions): { client: SecurityHubClient; region: string; endpoint: string } {
  const configured = clients(options);
  return { client: configured.securityHub(), region: configured.region, endpoint: endpointOf('SECURITYHUB', options) };
}

/** When the process started: --timeout bounds the whole run from here, every call included. */
const RUN_STARTED = Date.now();

/** The run's deadline (epoch milliseconds) from --timeout, or none. */
function runDeadline(options: GlobalOptions): number | undefined {
  return options.timeout === undefined ? undefined : RUN_STARTED + options.timeout * 1000;
}

/** Who the credentials belong to: the first call, which tells whether the endpoint and credentials work at all. */
async function identifyCaller(options: GlobalOptions, sts: STSClient, deadline: number | undefined): Promise<string> {
  // Two attempts, then a message.
  return callerAccountId(sts, { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 1_000 }, deadline).catch((error: Error) => {
    throw new Error(
      `could not call sts:GetCallerIdentity at ${endpointOf('STS', options)} (the first call: credentials and endpoint): ${error.name}: ${error.message}`,
    );
  });
}

/** The Account Management API as the caller (identified first), with the command's retries and deadline: for single calls. */
export async function callerAccountApi(options: GlobalOptions): Promise<{ api: AccountContactsApi; callerAccountId: string }> {
  const deadline = runDeadline(options);
  const { account, sts } = clients(options);
  const caller = await identifyCaller(options, sts, deadline);
  const api = new AccountContactsApi(account, {
    callerAccountId: caller,
    unansweredAdvice: COMMAND_UNANSWERED_ADVICE,
    ...(deadline !== undefined ? { deadline } : {}),
  });
  return { api, callerAccountId: caller };
}

/** What the command tells about a call that got no answer in time (`--timeout`, a slow or unreachable endpoint). */
const COMMAND_UNANSWERED_ADVICE =
  'Check the network path to the Account Management API (a proxy, a firewall, the endpoint), raise --timeout if the run was cut by it, and run diff to see what the accounts hold.';

/**
 * Reads every selected account with bounded concurrency and client-side rate limits; progress on a terminal.
 * `onRead` is given each account's snapshot as soon as it was read.
 */
export async function readSelectedAccounts(
  options: GlobalOptions,
  selection: Selection,
  reads?: Reads,
  onRead?: (snapshot: AccountSnapshot, api: AccountContactsApi) => void,
): Promise<{ snapshots: AccountSnapshot[]; callerAccountId: string; api: AccountContactsApi }> {
  const deadline = runDeadline(options);
  const { account, organizations, sts } = clients(options);
  const caller = await identifyCaller(options, sts, deadline);
  selection.checkCaller?.(caller);
  let accounts: AccountToRead[] = selection.organization
    ? await organizationAccounts(organizations, caller, deadline, selection.includeInactive).catch((error: Error) => {
        throw new Error(`could not list the organization's accounts at ${endpointOf('ORGANIZATIONS', options)}: ${error.name}: ${error.message}`);
      })
    : selection.accountIds?.length || selection.includeCaller
      ? namedAccounts([...(selection.includeCaller ? [caller] : []), ...(selection.accountIds ?? [])], caller)
      : [{ accountId: caller, own: true }];
  const unchecked = (item: AccountToRead) => !item.own && !selection.listedMembers?.has(item.accountId);
  if (selection.checkMembership && !selection.organization && accounts.some(unchecked)) {
    accounts = await checkedMembership(organizations, caller, accounts, deadline).catch((error: Error) => {
      throw new Error(
        `could not check that the declared accounts are ACTIVE members of the organization (organizations:ListAccounts at ${endpointOf('ORGANIZATIONS', options)}): ${error.name}: ${error.message}`,
      );
    });
  }
  if (selection.covers) {
    accounts = accounts.filter((item) => selection.covers!(item.accountId, item.own));
  }
  const rate = options.rate;
  const rates: Record<string, OperationRate> = rate
    ? Object.fromEntries(Object.keys(COMMAND_OPERATION_RATES).map((operation) => [operation, { perSecond: rate, burst: Math.ceil(rate / 10) }]))
    : COMMAND_OPERATION_RATES;
  const api = new AccountContactsApi(account, {
    callerAccountId: caller,
    rateLimiter: new RateLimiter(rates),
    unansweredAdvice: COMMAND_UNANSWERED_ADVICE,
    ...(deadline !== undefined ? { deadline } : {}),
  });
  // Read once, whichever account asks: only the caller's own account needs it.
  let own: Promise<OwnPrimaryEmail> | undefined;
  const readOwnPrimaryEmail = () => (own ??= ownPrimaryEmail(organizations, caller, deadline));
  return {
    snapshots: await withProgress('reading contacts', accounts, options.concurrency, async (item) => {
      const snapshot = item.inactiveState
        ? skippedSnapshot(item)
        : item.notMember
          ? notMemberSnapshot(item)
          : await readAccountSnapshot(api, item, reads, readOwnPrimaryEmail);
      // As soon as an account is read (apply may start writing it while the others are still being read).
      onRead?.(snapshot, api);
      return snapshot;
    }),
    callerAccountId: caller,
    api,
  };
}

/**
 * Runs `work` on every item with bounded concurrency, with a progress bar on stderr when it is a terminal (the
 * terminal's state is given back on any exit, Ctrl-C included).
 */
export async function withProgress<T, R>(
  label: string,
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  options: { readonly signalsHandled?: boolean } = {},
): Promise<R[]> {
  const progress = process.stderr.isTTY
    ? new SingleBar({ format: `${label} [{bar}] {value}/{total} accounts`, stream: process.stderr, hideCursor: true })
    : undefined;
  progress?.start(items.length, 0);
  // When the caller handles Ctrl-C itself (apply finishes its writes first), the bar only puts the terminal back.
  const release = progress ? restoreTerminalOnExit(process.stderr, () => progress.stop(), !options.signalsHandled) : () => undefined;
  try {
    return await mapWithConcurrency(items, concurrency, async (item) => {
      const result = await work(item);
      progress?.increment();
      return result;
    });
  } finally {
    release();
  }
}

/**
 * Every ACTIVE account of the organization with the units that hold it (nearest first), found as the organization
 * function finds them (ListRoots, ListChildren, ListAccountsForParent): what OrganizationContacts declarations are
 * resolved against.
 */
export async function listOrganizationPlacements(options: GlobalOptions, withTags = false): Promise<AccountPlacement[]> {
  const { organizations } = clients(options);
  const directory = new OrganizationDirectory(organizations, DEFAULT_RETRY_OPTIONS, runDeadline(options));
  const listed = await directory.listAccounts().catch((error: Error) => {
    throw new Error(`could not list the organization's accounts at ${endpointOf('ORGANIZATIONS', options)}: ${error.name}: ${error.message}`);
  });
  const active = listed
    .filter((account) => isActiveAccountState(account.state))
    .map(({ accountId, organizationalUnitIds }) => ({ accountId, organizationalUnitIds }));
  if (!withTags) {
    return active;
  }
  // Organizations' quotas are low (a few calls per second per account): a few tag reads at a time.
  return mapWithConcurrency(active, 4, async (placement) => {
    try {
      return { ...placement, tags: await directory.listAccountTags(placement.accountId) };
    } catch (error) {
      throw new Error(
        `the tags of account ${placement.accountId} could not be read (organizations:ListTagsForResource, needed because a declaration excludes or overrides by tag): ${(error as Error)?.message ?? error}`,
      );
    }
  });
}

/** Where calls to a service go, for messages: as the clients are configured, or AWS's own endpoint. */
function endpointOf(service: string, options: GlobalOptions): string {
  const env = process.env;
  const profileName = options.profile ?? env.AWS_PROFILE;
  const profile = profileName ? readProfile(profileName, env) : {};
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profile.region ?? 'us-east-1';
  return (
    options.endpointUrl ??
    env[`AWS_ENDPOINT_URL_${service}`] ??
    env.AWS_ENDPOINT_URL ??
    profile.endpointUrl ??
    `the ${service.toLowerCase()} endpoint of ${region}`
  );
}
