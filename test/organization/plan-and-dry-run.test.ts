/**
 * dryRun and maxAccountChanges end to end (moto_server's Organizations, SQS and DynamoDB; the local Account API):
 * a dry run reads and reports and never writes or deletes; a deployment over its ceiling fails before its first
 * write (and its rollback deletes nothing); under it, the plan's accounts, and only they, are applied.
 */
import { contactInformationToApiMembers } from '../../src/contacts/api-members';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { RECONCILIATION_INPUT } from '../../src/protocol/organization-resource';
import { CustomResourceEvent } from '../../src/runtime/cloudformation-custom-resource';
import { BILLING, PRIMARY, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';

const fixture = useOrganizationHarness();
let members: string[];
const KEY = 'declaration.json';

beforeEach(async () => {
  members = (await fixture.harness.buildOrganization(4)).memberAccountIds;
  fixture.harness.declarations.set(KEY, organizationDeclaration());
  // Two members hold the declared contacts already: 3 of the 5 accounts would change.
  for (const accountId of members.slice(0, 2)) {
    fixture.harness.accountServer.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    fixture.harness.accountServer.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
  }
  fixture.harness.accountServer.requests.length = 0;
});

function cloudFormationEvent(requestType: 'Create' | 'Delete', properties: Record<string, string>, physicalResourceId?: string): CustomResourceEvent {
  return organizationResourceEvent(
    fixture.recorder.url,
    requestType,
    { DeclarationKey: KEY, RemovalPolicy: 'DESTROY', ...properties },
    physicalResourceId,
  );
}

async function deliver(event: object, dryRun = false) {
  await handleOrganizationEvent(event, fixture.harness.context(), { currentDeclarationKey: KEY, dryRun });
  await fixture.harness.drain();
}

const writes = () => fixture.harness.accountServer.requests.filter((request) => /^(Put|Delete)/.test(request.operation) && request.status === 200);
const written = () => new Set(writes().map((request) => request.accountId ?? MOTO_ACCOUNT_ID));

test('dryRun: the deployment reads every account, writes nothing and answers what would change; the reconciliation and the Delete write nothing either', async () => {
  await deliver(cloudFormationEvent('Create', { DryRun: 'true' }));
  expect(writes()).toEqual([]);
  expect(fixture.recorder.responses).toEqual([
    expect.objectContaining({
      Status: 'SUCCESS',
      Data: expect.objectContaining({ Mode: 'DRY_RUN', Accounts: '5', WouldChange: '3', Unchanged: '2', Failed: '0', Pending: '0' }),
    }),
  ]);
  expect(fixture.recorder.responses[0].Data).not.toHaveProperty('Applied');
  // Per account: what would change, by type.
  expect(
    fixture.harness
      .logged('account')
      .filter((line) => line.outcome === 'APPLIED')
      .map((line) => line.changed),
  ).toEqual([
    ['BILLING', 'SECURITY'],
    ['BILLING', 'SECURITY'],
    ['BILLING', 'SECURITY'],
  ]);

  await deliver(RECONCILIATION_INPUT, true);
  await deliver(cloudFormationEvent('Delete', { DryRun: 'true' }, 'organization-contacts/OrganizationContacts'));
  expect(writes()).toEqual([]);
  expect(fixture.harness.logged('delete')).toEqual([expect.objectContaining({ action: 'dry-run' })]);
});

test('maxAccountChanges: 3 would change, at most 2: the deployment fails naming the count before any write, and its rollback deletes nothing', async () => {
  await deliver(cloudFormationEvent('Create', { MaxAccountChanges: '2' }));
  expect(writes()).toEqual([]);
  expect(fixture.recorder.responses).toHaveLength(1);
  const [answer] = fixture.recorder.responses;
  expect(answer.Status).toBe('FAILED');
  expect(answer.Reason).toMatch(
    /^3 of 5 accounts would change, more than maxAccountChanges 2: nothing was written \(raise maxAccountChanges, or change fewer accounts per deployment\)\. the plan's results: DynamoDB table .*, partition key RUN#request-Create-/,
  );
  expect(answer.PhysicalResourceId).toMatch(/^failed-create:/);
  expect(fixture.harness.notifications.map((notification) => notification.subject)).toEqual([
    'cdk-account-contacts: a deployment was refused before its first write',
  ]);

  // CloudFormation's rollback: the Delete of the failed Create, under DESTROY, deletes nothing.
  await deliver(cloudFormationEvent('Delete', { MaxAccountChanges: '2' }, answer.PhysicalResourceId));
  expect(writes()).toEqual([]);
});

test("maxAccountChanges: 3 would change, at most 3: the plan's accounts, and only they, are applied; one answer for the whole scope", async () => {
  await deliver(cloudFormationEvent('Create', { MaxAccountChanges: '3' }));
  const changed = [MOTO_ACCOUNT_ID, ...members.slice(2)];
  expect(written()).toEqual(new Set(changed));
  expect(writes()).toHaveLength(6);
  // The plan read all 5 accounts; the apply read again only the 3 it applies.
  const reads = fixture.harness.accountServer.requests.filter((request) => request.operation === 'GetAlternateContact');
  expect(reads).toHaveLength(5 * 2 + 3 * 2);
  expect(fixture.recorder.responses).toEqual([
    expect.objectContaining({
      Status: 'SUCCESS',
      Data: expect.objectContaining({ Accounts: '5', Applied: '3', Unchanged: '2', Failed: '0', Pending: '0' }),
    }),
  ]);
  expect(fixture.harness.logged('plan-passed')).toEqual([expect.objectContaining({ wouldChange: 3, maxAccountChanges: 3 })]);
  for (const accountId of changed) {
    expect(fixture.harness.accountServer.alternateContact(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
  }
});

test('maxAccountChanges: 0 with nothing to change passes, and answers at once', async () => {
  for (const accountId of [MOTO_ACCOUNT_ID, ...members.slice(2)]) {
    fixture.harness.accountServer.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    fixture.harness.accountServer.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
  }
  await deliver(cloudFormationEvent('Create', { MaxAccountChanges: '0' }));
  expect(writes()).toEqual([]);
  expect(fixture.recorder.responses).toEqual([
    expect.objectContaining({ Status: 'SUCCESS', Data: expect.objectContaining({ Accounts: '5', Applied: '0', Unchanged: '5' }) }),
  ]);
});

test('dryRun: an account whose declared primary phone differs is told that the change would reset its verification', async () => {
  const PRIMARY_MEMBERS = {
    FullName: 'Example Corp Cloud Platform Team',
    AddressLine1: '123 Any Street',
    City: 'Seattle',
    StateOrRegion: 'WA',
    PostalCode: '98101',
    CountryCode: 'US',
    PhoneNumber: '+1 206 555 0177',
  };
  const defaults = { ...organizationDeclaration().defaults, contactInformation: PRIMARY };
  fixture.harness.declarations.set(KEY, organizationDeclaration({ defaults }));
  // One member holds another (verified) phone number; one holds the declared one; the others hold none.
  fixture.harness.accountServer.seedContactInformation(members[0], PRIMARY_MEMBERS, 'VERIFIED');
  const declaredPrimary = contactInformationToApiMembers(PRIMARY) as Record<string, string>;
  fixture.harness.accountServer.seedContactInformation(members[1], declaredPrimary, 'VERIFIED');
  await deliver(cloudFormationEvent('Create', { DryRun: 'true' }));
  expect(writes()).toEqual([]);
  const warned = fixture.harness.logged('account').filter((line) => line.warnings !== undefined);
  expect(warned.map((line) => line.accountId)).toEqual([members[0]]);
  expect(warned[0].warnings).toEqual([
    `PRIMARY: the declared phone number differs from the one AWS holds: writing it resets the phone's verification to UNVERIFIED (then run account-contacts verify-phone --account-id ${members[0]})`,
  ]);
  expect(JSON.stringify(warned)).not.toContain('555 0177');
  expect(fixture.harness.accountServer.verificationStatus(members[0])).toBe('VERIFIED');
});
