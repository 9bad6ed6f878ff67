/**
 * ContactRemoval.RESTORE_PREVIOUS end to end (moto_server's Organizations, SQS and DynamoDB; the local Account API): what
 * each account held before the first write is kept (never logged), written back when an account leaves the scope and
 * when the construct is removed, and deleted where the account held nothing; accounts never written are left alone.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { RunTrigger } from '../../src/organization/run-state-machine';
import { CustomResourceEvent } from '../../src/runtime/cloudformation-custom-resource';
import { BILLING, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';

const fixture = useOrganizationHarness();
const PREVIOUS = { ...SECURITY, name: 'Previous Security', emailAddress: 'previous.owner@example.com', phoneNumber: '+1 206 555 0177' };
let members: string[];

beforeEach(async () => {
  fixture.harness.restorePreviousContacts = true;
  members = (await fixture.harness.buildOrganization(3)).memberAccountIds;
  fixture.harness.declarations.set('v1.json', organizationDeclaration());
  fixture.harness.declarations.set('v2.json', organizationDeclaration({ excludeAccountIds: [members[1]] }));
  // Before the construct: members[0] has its own SECURITY contact, members[2] already holds the declared ones.
  fixture.harness.accountServer.seedAlternateContact(members[0], 'SECURITY', apiMembers(PREVIOUS));
  fixture.harness.accountServer.seedAlternateContact(members[2], 'SECURITY', apiMembers(SECURITY));
  fixture.harness.accountServer.seedAlternateContact(members[2], 'BILLING', apiMembers(BILLING));
});

function cloudFormationEvent(requestType: 'Create' | 'Update' | 'Delete', declarationKey: string): CustomResourceEvent {
  const physicalResourceId = requestType === 'Create' ? undefined : 'organization-contacts/OrganizationContacts';
  return organizationResourceEvent(
    fixture.recorder.url,
    requestType,
    { DeclarationKey: declarationKey, RemovalPolicy: 'RESTORE' },
    physicalResourceId,
  );
}

async function deploy(event: CustomResourceEvent) {
  await handleOrganizationEvent(event, fixture.harness.context(), { currentDeclarationKey: event.ResourceProperties.DeclarationKey as string });
  await fixture.harness.drain();
}

const held = (accountId: string, type: string) => fixture.harness.accountServer.alternateContact(accountId, type);

test('snapshots before the first write; an account that leaves the scope and then every account get back what they held', async () => {
  await deploy(cloudFormationEvent('Create', 'v1.json'));
  for (const accountId of [MOTO_ACCOUNT_ID, ...members]) {
    expect(held(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
  }
  // Kept in the results table under SNAPSHOTS, one item per written account and type; never in a log line.
  const items = await fixture.harness.dynamodb.send(
    new QueryCommand({
      TableName: fixture.harness.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'SNAPSHOTS' } },
    }),
  );
  expect(items.Items!.map((item) => item.sk.S).sort()).toEqual(
    [
      `${MOTO_ACCOUNT_ID}#BILLING`,
      `${MOTO_ACCOUNT_ID}#SECURITY`,
      `${members[0]}#BILLING`,
      `${members[0]}#SECURITY`,
      `${members[1]}#BILLING`,
      `${members[1]}#SECURITY`,
    ].sort(),
  );
  expect(JSON.stringify(fixture.harness.logs)).not.toContain('previous.owner@example.com');

  // members[1] is excluded: it leaves the scope, and held nothing before: its contacts are deleted.
  await deploy(cloudFormationEvent('Update', 'v2.json'));
  expect(held(members[1], 'SECURITY')).toBeUndefined();
  expect(held(members[1], 'BILLING')).toBeUndefined();
  expect(fixture.harness.logged('run-started').at(-1)).toMatchObject({ trigger: RunTrigger.DEPLOYMENT, leavingScope: 1 });
  expect(held(members[0], 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));

  // Removal: what each account held goes back; members[2] was never written and keeps what it holds.
  fixture.harness.accountServer.requests.length = 0;
  await deploy(cloudFormationEvent('Delete', 'v2.json'));
  expect(held(members[0], 'SECURITY')).toEqual(expect.objectContaining(apiMembers(PREVIOUS)));
  expect(held(members[0], 'BILLING')).toBeUndefined();
  expect(held(MOTO_ACCOUNT_ID, 'SECURITY')).toBeUndefined();
  expect(held(members[2], 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
  expect(fixture.harness.accountServer.requests.some((request) => request.accountId === members[2] || request.accountId === members[1])).toBe(false);
  expect(fixture.recorder.responses.at(-1)).toMatchObject({
    Status: 'SUCCESS',
    Data: expect.objectContaining({ Accounts: '2', Failed: '0', Pending: '0' }),
  });
  expect(JSON.stringify(fixture.harness.logs)).not.toContain('previous.owner@example.com');
});

test('restored snapshots are forgotten: a new deployment keeps a new one, and a second removal restores nothing twice', async () => {
  await deploy(cloudFormationEvent('Create', 'v1.json'));
  await deploy(cloudFormationEvent('Delete', 'v1.json'));
  expect(held(members[0], 'SECURITY')).toEqual(expect.objectContaining(apiMembers(PREVIOUS)));

  // The account owner changes it again; the construct is deployed again, then removed again.
  const LATER = { ...PREVIOUS, name: 'Later Security' };
  fixture.harness.accountServer.seedAlternateContact(members[0], 'SECURITY', apiMembers(LATER));
  await deploy(cloudFormationEvent('Create', 'v1.json'));
  await deploy(cloudFormationEvent('Delete', 'v1.json'));
  expect(held(members[0], 'SECURITY')).toEqual(expect.objectContaining(apiMembers(LATER)));
});

test('under maxAccountChanges, an account that leaves the scope is restored by the apply after the plan, and counts against the ceiling', async () => {
  const gated = (key: string, max: number) =>
    organizationResourceEvent(
      fixture.recorder.url,
      'Update',
      {
        DeclarationKey: key,
        RemovalPolicy: 'RESTORE',
        MaxAccountChanges: String(max),
      },
      'organization-contacts/OrganizationContacts',
    );
  await deploy(cloudFormationEvent('Create', 'v1.json'));
  const writesBefore = fixture.harness.accountServer.requests.filter((request) => /^(Put|Delete)/.test(request.operation)).length;

  // A dry run says the leaving account would be restored, and writes nothing.
  await deploy(
    organizationResourceEvent(fixture.recorder.url, 'Update', { DeclarationKey: 'v2.json', RemovalPolicy: 'RESTORE', DryRun: 'true' }, 'x'),
  );
  expect(fixture.recorder.responses.at(-1)).toMatchObject({
    Status: 'SUCCESS',
    Data: expect.objectContaining({ Mode: 'DRY_RUN', WouldChange: '0', WouldRestore: '1' }),
  });

  // Nothing else changes: only members[1], leaving, would change; a ceiling of 0 refuses before any write.
  await deploy(gated('v2.json', 0));
  expect(fixture.recorder.responses.at(-1)!.Status).toBe('FAILED');
  expect(fixture.recorder.responses.at(-1)!.Reason).toMatch(
    /^1 of 4 accounts would change \(1 of them restored: they left the scope\), more than maxAccountChanges 0/,
  );
  expect(fixture.harness.accountServer.requests.filter((request) => /^(Put|Delete)/.test(request.operation))).toHaveLength(writesBefore);
  expect(held(members[1], 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));

  // A ceiling of 1 lets the apply run, and the apply restores the leaving account (it held nothing: deleted).
  await deploy(gated('v2.json', 1));
  expect(fixture.recorder.responses.at(-1)).toMatchObject({
    Status: 'SUCCESS',
    Data: expect.objectContaining({ Status: 'COMPLETE', Accounts: '4', Applied: '1', Unchanged: '3', Failed: '0' }),
  });
  expect(held(members[1], 'SECURITY')).toBeUndefined();
  expect(held(members[1], 'BILLING')).toBeUndefined();
  expect(held(members[0], 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
});
