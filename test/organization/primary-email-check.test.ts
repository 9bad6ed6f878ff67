/**
 * `runs.checkPrimaryEmail` (issue #40): each organization run reads the primary email of the member accounts it
 * applies (GetPrimaryEmail, from the local Account API server), and of its own account, the management account
 * (Organizations' DescribeAccount, through a front that sets the address), and reports those that look like one person's mailbox,
 * by the audit's rule, without writing anything: a masked warning in the account's result line, a data point of
 * `AccountsWithPersonalPrimaryEmail`, the summary line and the answer's `PersonalPrimaryEmails`. A read that is
 * refused is a warning, never a failed account; with the check off, no GetPrimaryEmail is sent.
 */
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { SECURITY, organizationDeclaration } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';
import { StrictOrganizations } from '../support/strict-organizations';

const fixture = useOrganizationHarness();
/** The management account's address as Organizations reports it (moto's own is master@example.com). */
const accountEmails = new Map<string, string>();
let front: StrictOrganizations;
let members: string[];

beforeEach(async () => {
  accountEmails.clear();
  accountEmails.set(MOTO_ACCOUNT_ID, 'aws-management@example.com');
  front = await StrictOrganizations.start({ motoEndpoint: fixture.harness.moto.endpoint, accountEmails });
  fixture.harness.organizationsEndpoint = front.endpoint;
  members = (await fixture.harness.buildOrganization(4)).memberAccountIds;
  fixture.harness.declarations.set('v1.json', organizationDeclaration({ defaults: { security: SECURITY } }));
  const server = fixture.harness.accountServer;
  server.seedPrimaryEmail(members[0], 'jane.doe@example.com');
  server.seedPrimaryEmail(members[1], 'john.smith@example.com');
  server.seedPrimaryEmail(members[2], 'aws-payments-prod@example.com');
  server.seedPrimaryEmail(members[3], 'cloud-team+sandbox@example.com');
});

async function deploy(): Promise<void> {
  await handleOrganizationEvent(organizationResourceEvent(fixture.recorder.url, 'Create', { DeclarationKey: 'v1.json' }), fixture.harness.context(), {
    currentDeclarationKey: 'v1.json',
  });
  await fixture.harness.drain();
}

afterEach(async () => front.stop());

const lines = () =>
  new Map(fixture.harness.logs.filter((line) => line.event === 'account').map((line) => [line.accountId as string, line as Record<string, any>]));
const emailReads = () => fixture.harness.accountServer.requests.filter((request) => request.operation === 'GetPrimaryEmail');

test('the accounts whose primary email looks personal are reported, masked, and counted; nothing is written for them', async () => {
  fixture.harness.checkPrimaryEmail = true;

  await deploy();

  expect(fixture.recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    Data: { Accounts: '5', Applied: '5', Failed: '0', PersonalPrimaryEmails: '2' },
  });
  const byAccount = lines();
  for (const accountId of members.slice(0, 2)) {
    const line = byAccount.get(accountId)!;
    expect(line).toMatchObject({ outcome: 'APPLIED', AccountsWithPersonalPrimaryEmail: 1 });
    expect(line.warnings).toEqual([expect.stringContaining("PRIMARY_EMAIL: the account's primary email address")]);
  }
  for (const accountId of members.slice(2)) {
    expect(byAccount.get(accountId)).toMatchObject({ AccountsWithPersonalPrimaryEmail: 0 });
    expect(byAccount.get(accountId)!.warnings).toBeUndefined();
  }
  // One read per member; the caller's own account is not read (the API reads no account's own address).
  expect(
    emailReads()
      .map((request) => request.accountId)
      .sort(),
  ).toEqual([...members].sort());
  expect(fixture.harness.logs.find((line) => line.event === 'run-complete')).toMatchObject({ personalPrimaryEmails: 2 });
  // Masked everywhere: no log line holds a whole address.
  const logged = JSON.stringify(fixture.harness.logs);
  expect(logged).not.toContain('jane.doe@example.com');
  expect(logged).not.toContain('john.smith@example.com');
  // A report, not a failure: nobody is notified.
  expect(fixture.harness.notifications).toEqual([]);
});

test("the management account's own address is read from Organizations and judged by the same rule", async () => {
  fixture.harness.checkPrimaryEmail = true;
  accountEmails.set(MOTO_ACCOUNT_ID, 'mary.major@example.com');

  await deploy();

  expect(fixture.recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Applied: '5', PersonalPrimaryEmails: '3' } });
  const own = lines().get(MOTO_ACCOUNT_ID)!;
  expect(own).toMatchObject({ outcome: 'APPLIED', AccountsWithPersonalPrimaryEmail: 1 });
  expect(own.warnings).toEqual([expect.stringContaining("PRIMARY_EMAIL: the account's primary email address 'm***r@example.com'")]);
  expect(JSON.stringify(fixture.harness.logs)).not.toContain('mary.major');
  // Not through the Account Management API, which reads no account's own address.
  expect(emailReads().map((request) => request.accountId)).not.toContain(undefined);
  expect(front.calls.DescribeAccount).toBeGreaterThanOrEqual(1);
});

test('a refused read is a warning on that account, never a failed account', async () => {
  fixture.harness.checkPrimaryEmail = true;
  fixture.harness.accountServer.failNext('GetPrimaryEmail', 1, 403, 'AccessDeniedException');

  await deploy();

  expect(fixture.recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Applied: '5', Failed: '0' } });
  const warned = [...lines().values()].filter((line) => (line.warnings ?? []).some((warning: string) => warning.includes('not checked')));
  expect(warned).toHaveLength(1);
  expect(warned[0].warnings[0]).toContain('account:GetPrimaryEmail, AccessDeniedException');
});

test('with the check off, no primary email is read', async () => {
  await deploy();

  expect(emailReads()).toEqual([]);
  expect(fixture.recorder.responses[0]).toMatchObject({ Data: { PersonalPrimaryEmails: '0' } });
});
