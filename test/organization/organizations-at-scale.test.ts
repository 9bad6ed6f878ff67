/**
 * The coordinator's walk and the command's listing against an Organizations that pages and throttles as AWS does
 * (test/support/strict-organizations.ts in front of moto): pages of 20, TooManyRequestsException beyond 10 calls
 * per second. Every ACTIVE account is found, with its units, and throttled calls are retried, not failed.
 */
import { ListAccountsCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { organizationAccounts } from '../../src/cli/account-list';
import { OrganizationDirectory } from '../../src/runtime/organization-directory';
import { localClientConfig, organizationsClient } from '../support/clients';
import { buildMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { StrictOrganizations } from '../support/strict-organizations';

jest.setTimeout(180_000);

const moto = useMotoServer({ resetEachTest: true });

test('the strict front pages by 20, refuses MaxResults over 20 and throttles beyond its rate, as AWS does (moto does neither)', async () => {
  await buildMotoOrganization(organizationsClient(moto.server.endpoint), 45, []);
  const front = await StrictOrganizations.start({ motoEndpoint: moto.server.endpoint, ratePerSecond: 2, burst: 3 });
  const client = new OrganizationsClient({ ...localClientConfig(front.endpoint), maxAttempts: 1 });
  try {
    const page = await client.send(new ListAccountsCommand({}));
    expect(page.Accounts).toHaveLength(20);
    expect(page.NextToken).toBeDefined();
    const unpaged = await new OrganizationsClient(localClientConfig(moto.server.endpoint)).send(new ListAccountsCommand({}));
    expect(unpaged.Accounts!.length).toBeGreaterThan(20);
    await expect(client.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    const burst = await Promise.allSettled(Array.from({ length: 6 }, () => client.send(new ListRootsCommand({}))));
    expect(burst.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.name)).toEqual(
      expect.arrayContaining(['TooManyRequestsException']),
    );
    expect(front.throttled).toBeGreaterThan(0);
  } finally {
    client.destroy();
    await front.stop();
  }
});

test("the coordinator's walk and the command's listing find all 301 accounts through pages of 20 and throttling", async () => {
  const built = await buildMotoOrganization(organizationsClient(moto.server.endpoint), 60, [
    { name: 'workloads', accounts: 80, units: [{ name: 'payments', accounts: 60 }] },
    { name: 'sandbox', accounts: 100 },
  ]);
  const front = await StrictOrganizations.start({ motoEndpoint: moto.server.endpoint, ratePerSecond: 10, burst: 5 });
  try {
    const started = Date.now();
    const directory = new OrganizationDirectory(organizationsClient(front.endpoint), { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 });
    const walked = await directory.listAccounts();
    const walkMs = Date.now() - started;
    expect(walked).toHaveLength(301);
    const payments = walked.filter((account) => account.organizationalUnitIds[0] === built.unitIds.payments);
    expect(payments).toHaveLength(60);
    expect(payments.every((account) => account.organizationalUnitIds[1] === built.unitIds.workloads)).toBe(true);
    const throttledByWalk = front.throttled;

    const listed = await organizationAccounts(organizationsClient(front.endpoint), MOTO_ACCOUNT_ID);
    expect(listed).toHaveLength(301);
    expect(listed[0]).toMatchObject({ accountId: MOTO_ACCOUNT_ID, own: true });
    expect(new Set(listed.map((account) => account.accountId))).toEqual(new Set(walked.map((account) => account.accountId)));
    // Pages of 20: the listing needed 16 ListAccounts calls, and some calls were throttled and retried.
    expect(front.calls.ListAccounts).toBe(16);
    expect(front.throttled).toBeGreaterThan(0);
    // The walk: 21 calls at 10 per second, so at least 1.6 s after the burst of 5.
    expect(walkMs).toBeGreaterThanOrEqual(1_500);
    expect(throttledByWalk).toBeGreaterThan(0);
  } finally {
    await front.stop();
  }
});
