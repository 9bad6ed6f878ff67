/**
 * The organization handler end to end with the real AWS SDK v3 clients on 127.0.0.1: Organizations, SQS and
 * DynamoDB in moto_server, the Account Management API on our local server, and the SQS event source played by
 * the harness's consumers. Each test builds its organization with real Organizations calls.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { MoveAccountCommand } from '@aws-sdk/client-organizations';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { AccountOutcome } from '../../src/organization/run-state-machine';
import { RunStore } from '../../src/organization/run-store';
import { ORGANIZATION_CONTACTS_RESOURCE_TYPE, RECONCILIATION_INPUT } from '../../src/protocol/organization-resource';
import { CustomResourceEvent } from '../../src/runtime/cloudformation-custom-resource';
import { ResourceClaims } from '../../src/runtime/resource-claims';
import { FAST_RETRIES, unreachableSsmClient } from '../support/clients';
import { BILLING, OPERATIONS, PRIMARY, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { OrganizationHarness } from '../support/organization-harness';
import { ResponseRecorder } from '../support/response-recorder';

const moto = useMotoServer({ resetEachTest: true });
let recorder: ResponseRecorder;
let harness: OrganizationHarness;

beforeAll(async () => {
  recorder = await ResponseRecorder.start();
});
afterAll(async () => recorder.stop());
beforeEach(async () => {
  recorder.clear();
  harness = await OrganizationHarness.start(moto.server);
});
afterEach(async () => {
  if (process.env.DEBUG_LOGS) {
    console.log(
      JSON.stringify(
        harness.logs.map((line) => ({ ...line, _aws: undefined })),
        null,
        1,
      ),
    );
  }
  await harness.stop();
});

const PAYMENTS_SECURITY = { ...SECURITY, name: 'Payments Security', emailAddress: 'payments-security@example.com' };
const TEAM_BILLING = { ...BILLING, name: 'Team Finance', emailAddress: 'team-finance@example.com' };

function declare(key: string, declaration: Partial<OrganizationDeclaration>): string {
  harness.declarations.set(key, {
    version: 1,
    constructPath: 'Stack/OrganizationContacts',
    defaults: { security: SECURITY },
    excludeAccountIds: [],
    organizationalUnitOverrides: [],
    accountOverrides: [],
    ...declaration,
  });
  return key;
}

function cloudFormationEvent(
  requestType: 'Create' | 'Update' | 'Delete',
  declarationKey: string,
  properties: Record<string, string> = {},
): CustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    ResponseURL: recorder.url,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
    RequestId: `request-${requestType}-${Math.random().toString(16).slice(2)}`,
    LogicalResourceId: 'OrganizationContacts',
    ResourceType: ORGANIZATION_CONTACTS_RESOURCE_TYPE,
    PhysicalResourceId: requestType === 'Create' ? undefined : 'organization-contacts/OrganizationContacts',
    ResourceProperties: {
      ConstructPath: 'Stack/OrganizationContacts',
      DeclarationKey: declarationKey,
      WaitSeconds: '600',
      FailOnAccountErrors: 'true',
      RemovalPolicy: 'RETAIN',
      ...properties,
    },
  };
}

async function deploy(event: CustomResourceEvent, concurrency = 2) {
  await handleOrganizationEvent(event, harness.context(), { currentDeclarationKey: event.ResourceProperties.DeclarationKey as string });
  await harness.drain({ concurrency });
}

const server = () => harness.accountServer;
const contact = (accountId: string, type: string) => {
  const stored = server().alternateContact(accountId, type);
  return stored && { Name: stored.Name, Title: stored.Title, EmailAddress: stored.EmailAddress, PhoneNumber: stored.PhoneNumber };
};

test('a deployment applies every ACTIVE account of nested units, most specific declaration first, and answers SUCCESS with counts', async () => {
  const organization = await harness.buildOrganization(2, [
    { name: 'workloads', accounts: 2, units: [{ name: 'payments', accounts: 2 }] },
    { name: 'sandbox', accounts: 2 },
  ]);
  const [payments1, payments2] = organization.accountsByUnit.payments;
  const [sandbox1, excluded] = organization.accountsByUnit.sandbox;
  const key = declare('v1.json', {
    defaults: { security: SECURITY, billing: BILLING, contactInformation: PRIMARY },
    excludeAccountIds: [excluded],
    organizationalUnitOverrides: [
      { organizationalUnitId: organization.unitIds.workloads, operations: OPERATIONS },
      { organizationalUnitId: organization.unitIds.payments, security: PAYMENTS_SECURITY },
    ],
    accountOverrides: [{ accountId: payments2, billing: TEAM_BILLING }],
  });

  await deploy(cloudFormationEvent('Create', key));

  // The caller's own (management) account, without AccountId; every member but the excluded one.
  expect(contact(MOTO_ACCOUNT_ID, 'SECURITY')).toEqual(apiMembers(SECURITY));
  expect(contact(organization.accountsByUnit.root[0], 'SECURITY')).toEqual(apiMembers(SECURITY));
  expect(contact(organization.accountsByUnit.root[0], 'OPERATIONS')).toBeUndefined();
  expect(contact(organization.accountsByUnit.workloads[0], 'OPERATIONS')).toEqual(apiMembers(OPERATIONS));
  // payments: its own SECURITY, the enclosing unit's OPERATIONS, the default BILLING; payments2 its own BILLING.
  expect(contact(payments1, 'SECURITY')).toEqual(apiMembers(PAYMENTS_SECURITY));
  expect(contact(payments1, 'OPERATIONS')).toEqual(apiMembers(OPERATIONS));
  expect(contact(payments1, 'BILLING')).toEqual(apiMembers(BILLING));
  expect(contact(payments2, 'BILLING')).toEqual(apiMembers(TEAM_BILLING));
  expect(contact(payments2, 'SECURITY')).toEqual(apiMembers(PAYMENTS_SECURITY));
  expect(contact(sandbox1, 'OPERATIONS')).toBeUndefined();
  expect(server().contactInformation(sandbox1)?.FullName).toBe(PRIMARY.fullName);
  // Nothing else is touched: the excluded account got no request at all, the own account none with AccountId.
  expect(server().requests.filter((request) => request.accountId === excluded)).toEqual([]);
  expect(server().requests.filter((request) => request.accountId === MOTO_ACCOUNT_ID)).toEqual([]);
  expect(contact(excluded, 'SECURITY')).toBeUndefined();

  // 1 management + 8 members - 1 excluded = 8 accounts, every one written.
  expect(recorder.responses).toHaveLength(1);
  expect(recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    PhysicalResourceId: 'organization-contacts/OrganizationContacts',
    Data: { Status: 'COMPLETE', Accounts: '8', Applied: '8', Unchanged: '0', Failed: '0', Pending: '0' },
  });
  // Reads before writes: one Get per managed type and account, one Put per type that differed.
  const writes = 8 * 2 /* SECURITY, BILLING */ + 4; /* OPERATIONS in workloads + payments */
  expect(server().count('PutAlternateContact', 200)).toBe(writes);
  expect(server().count('GetAlternateContact')).toBe(writes); // 404 ResourceNotFound: none set yet
  expect(server().count('PutContactInformation', 200)).toBe(8);
  expect(harness.logged('account')).toHaveLength(8);
  expect(harness.logged('run-complete')).toEqual([expect.objectContaining({ accounts: 8, applied: 8, failed: 0 })]);
});

test('re-checking unchanged accounts writes nothing, and a scheduled reconciliation repairs a contact changed by hand', async () => {
  const organization = await harness.buildOrganization(3);
  const key = declare('v1.json', { defaults: { security: SECURITY, billing: BILLING } });
  await deploy(cloudFormationEvent('Create', key));
  const putsAfterFirst = server().count('PutAlternateContact');

  await deploy(cloudFormationEvent('Update', key));
  expect(server().count('PutAlternateContact')).toBe(putsAfterFirst);
  expect(recorder.responses[1].Data).toMatchObject({ Accounts: '4', Applied: '0', Unchanged: '4' });

  const drifted = organization.memberAccountIds[1];
  server().seedAlternateContact(drifted, 'SECURITY', { ...apiMembers(SECURITY), EmailAddress: 'someone@example.com' });
  await handleOrganizationEvent(RECONCILIATION_INPUT, harness.context(), { currentDeclarationKey: key });
  await harness.drain();
  expect(contact(drifted, 'SECURITY')).toEqual(apiMembers(SECURITY));
  expect(server().count('PutAlternateContact')).toBe(putsAfterFirst + 1);
  expect(harness.logged('run-complete').at(-1)).toMatchObject({ trigger: 'RECONCILIATION', applied: 1, unchanged: 3 });
  // No CloudFormation request waits for a reconciliation.
  expect(recorder.responses).toHaveLength(2);
});

test('failures are reported per account: a denied account fails the deployment with its id, type and reason; the others are applied despite 5xx faults', async () => {
  const organization = await harness.buildOrganization(6);
  const denied = organization.memberAccountIds[2];
  server().deniedAccountIds.add(denied);
  server().faultRate = 0.2;
  const key = declare('v1.json', { defaults: { security: SECURITY, operations: OPERATIONS } });

  await deploy(cloudFormationEvent('Create', key));

  for (const accountId of organization.memberAccountIds.filter((id) => id !== denied)) {
    expect(contact(accountId, 'SECURITY')).toEqual(apiMembers(SECURITY));
    expect(contact(accountId, 'OPERATIONS')).toEqual(apiMembers(OPERATIONS));
  }
  expect(server().requests.filter((request) => request.status === 500).length).toBeGreaterThan(0);
  const response = recorder.responses[0];
  expect(response.Status).toBe('FAILED');
  expect(response.Reason).toContain(`1 of 7 accounts failed: ${denied} OPERATIONS: GetAlternateContact for member account ${denied}`);
  expect(response.Reason).toContain(`${denied} SECURITY:`);
  expect(response.Reason).toContain('AccessDeniedException');
  expect(response.Reason).toContain(`DynamoDB table ${harness.tableName}, partition key RUN#`);
  expect(harness.notifications).toHaveLength(1);
  expect(harness.notifications[0].subject).toBe('cdk-account-contacts: 1 of 7 accounts failed (deployment)');
  expect(harness.logged('account').filter((line) => line.outcome === AccountOutcome.FAILED)).toEqual([
    expect.objectContaining({ accountId: denied, level: 'error', AccountsFailed: 1 }),
  ]);
});

test('the prerequisites are checked before any write: no trusted access fails the deployment with what to enable', async () => {
  await harness.buildOrganization(2, [], false);
  const key = declare('v1.json', {});
  await deploy(cloudFormationEvent('Create', key));
  expect(recorder.responses[0].Status).toBe('FAILED');
  expect(recorder.responses[0].Reason).toContain('trusted access for AWS Account Management is not enabled');
  expect(recorder.responses[0].Reason).toContain('aws organizations enable-aws-service-access --service-principal account.amazonaws.com');
  expect(recorder.responses[0].PhysicalResourceId).toMatch(/^failed-create:/);
  expect(server().requests).toEqual([]);
});

test('outside an organization the deployment fails and says where to deploy', async () => {
  const key = declare('v1.json', {});
  await deploy(cloudFormationEvent('Create', key));
  expect(recorder.responses[0].Status).toBe('FAILED');
  expect(recorder.responses[0].Reason).toContain('is not in an AWS Organization');
});

test('a scope of units covers nested units only; an account in accountIds that the organization lacks is failed, not skipped', async () => {
  const organization = await harness.buildOrganization(1, [
    { name: 'workloads', accounts: 1, units: [{ name: 'payments', accounts: 1 }] },
    { name: 'sandbox', accounts: 1 },
  ]);
  const scoped = declare('units.json', { organizationalUnitIds: [organization.unitIds.workloads] });
  await deploy(cloudFormationEvent('Create', scoped));
  expect(recorder.responses[0].Data).toMatchObject({ Accounts: '2', Applied: '2' });
  expect(contact(organization.accountsByUnit.payments[0], 'SECURITY')).toEqual(apiMembers(SECURITY));
  expect(contact(organization.accountsByUnit.sandbox[0], 'SECURITY')).toBeUndefined();
  expect(contact(MOTO_ACCOUNT_ID, 'SECURITY')).toBeUndefined();

  const listed = declare('accounts.json', { accountIds: [organization.accountsByUnit.sandbox[0], '999999999999'] });
  await deploy(cloudFormationEvent('Update', listed, { FailOnAccountErrors: 'false' }));
  expect(recorder.responses[1]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '2', Applied: '1', Failed: '1' } });
  expect(harness.notifications[0].message).toContain(
    '999999999999 ALL: account 999999999999 is in accountIds but is not an ACTIVE account of organization o-',
  );
});

test('an excluded unit leaves its accounts alone, nested units included; an account moved into it keeps its contacts', async () => {
  const organization = await harness.buildOrganization(1, [
    { name: 'workloads', accounts: 1 },
    { name: 'sandbox', accounts: 1, units: [{ name: 'experiments', accounts: 1 }] },
  ]);
  const excluding = declare('excluding.json', { excludeOrganizationalUnitIds: [organization.unitIds.sandbox] });
  await deploy(cloudFormationEvent('Create', excluding));
  // The management account, the root member and the workloads account: not the sandbox nor the unit nested in it.
  expect(recorder.responses[0].Data).toMatchObject({ Accounts: '3', Applied: '3' });
  expect(contact(organization.accountsByUnit.workloads[0], 'SECURITY')).toEqual(apiMembers(SECURITY));
  expect(contact(organization.accountsByUnit.sandbox[0], 'SECURITY')).toBeUndefined();
  expect(contact(organization.accountsByUnit.experiments[0], 'SECURITY')).toBeUndefined();
  expect(
    server().requests.filter((request) =>
      [...organization.accountsByUnit.sandbox, ...organization.accountsByUnit.experiments].includes(request.accountId!),
    ),
  ).toEqual([]);

  // Moved into the excluded unit: the next run leaves it alone, and its contacts stay (RETAIN).
  const [moved] = organization.accountsByUnit.workloads;
  await harness.organizations.send(
    new MoveAccountCommand({
      AccountId: moved,
      SourceParentId: organization.unitIds.workloads,
      DestinationParentId: organization.unitIds.experiments,
    }),
  );
  server().requests.length = 0;
  await deploy(cloudFormationEvent('Update', excluding));
  expect(recorder.responses[1].Data).toMatchObject({ Accounts: '2', Applied: '0', Unchanged: '2' });
  expect(server().requests.filter((request) => request.accountId === moved)).toEqual([]);
  expect(contact(moved, 'SECURITY')).toEqual(apiMembers(SECURITY));
});

test("300 listed accounts the organization lacks are each failed and counted once, in counting writes within DynamoDB's 4 KB expressions", async () => {
  const organization = await harness.buildOrganization(2);
  const missing = Array.from({ length: 300 }, (_, index) => String(500000000000 + index));
  const listed = declare('many.json', { accountIds: [...organization.memberAccountIds, ...missing] });
  await deploy(cloudFormationEvent('Create', listed, { FailOnAccountErrors: 'false' }));
  expect(harness.strictDynamoDB.refused).toEqual([]);
  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '302', Applied: '2', Failed: '300', Pending: '0' } });
  const store = new RunStore(harness.dynamodb, harness.tableName);
  const failed = await store.accountResults(String(recorder.responses[0].Data!.RunId), AccountOutcome.FAILED);
  expect(new Set(failed.map((result) => result.accountId))).toEqual(new Set(missing));
});

test('when the deadline comes first the deployment succeeds with the accounts still pending, and the run goes on to the end', async () => {
  const organization = await harness.buildOrganization(7);
  const key = declare('v1.json', {});
  // 8 accounts at 2 writes per second: about 4 s, longer than the 1 s wait.
  const slow = { PutAlternateContact: { perSecond: 2, burst: 1 } };
  await handleOrganizationEvent(cloudFormationEvent('Create', key, { WaitSeconds: '1' }), harness.context(), { currentDeclarationKey: key });
  // Two consumers: one holds the batch of accounts, the other takes the deadline message when it comes due.
  await harness.drain({ contexts: [harness.context({ rates: slow }), harness.context({ rates: slow })] });

  expect(recorder.responses).toHaveLength(1);
  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'IN_PROGRESS', Accounts: '8' } });
  expect(Number(recorder.responses[0].Data!.Pending)).toBeGreaterThan(0);
  for (const accountId of organization.memberAccountIds) {
    expect(contact(accountId, 'SECURITY')).toEqual(apiMembers(SECURITY));
  }
  expect(harness.logged('run-complete')).toEqual([expect.objectContaining({ applied: 8, failed: 0 })]);
});

test('a new account is applied when its event arrives, retried while it is not ready', async () => {
  const organization = await harness.buildOrganization(1);
  const key = declare('v1.json', { defaults: { security: SECURITY, billing: BILLING } });
  const newAccount = organization.memberAccountIds[0];
  // The account exists in Organizations but the Account API does not accept it yet: AccessDenied at first.
  server().memberAccountIds.delete(newAccount);
  const event = {
    id: 'event-1',
    source: 'aws.organizations',
    'detail-type': 'AWS Service Event via CloudTrail',
    detail: { eventName: 'CreateAccountResult', serviceEventDetails: { createAccountStatus: { state: 'SUCCEEDED', accountId: newAccount } } },
  };
  await handleOrganizationEvent(event, harness.context(), { currentDeclarationKey: key });
  const draining = harness.drain({ concurrency: 1 });
  while (harness.logged('accounts-retry-later').length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server().memberAccountIds.add(newAccount);
  await draining;

  expect(contact(newAccount, 'SECURITY')).toEqual(apiMembers(SECURITY));
  expect(contact(newAccount, 'BILLING')).toEqual(apiMembers(BILLING));
  expect(harness.logged('account')).toEqual([expect.objectContaining({ accountId: newAccount, outcome: 'APPLIED', attempts: 2 })]);
  // Only the new account: the management account was not touched.
  expect(contact(MOTO_ACCOUNT_ID, 'SECURITY')).toBeUndefined();
  expect(recorder.responses).toEqual([]);
});

test("an account moved to another unit is applied again with its new unit's contacts, and only that account", async () => {
  const organization = await harness.buildOrganization(1, [{ name: 'payments', accounts: 1 }]);
  const [moved] = organization.accountsByUnit.root;
  const key = declare('v1.json', {
    organizationalUnitOverrides: [{ organizationalUnitId: organization.unitIds.payments, security: PAYMENTS_SECURITY }],
  });
  await deploy(cloudFormationEvent('Create', key));
  expect(contact(moved, 'SECURITY')).toEqual(apiMembers(SECURITY));
  server().requests.length = 0;

  await harness.organizations.send(
    new MoveAccountCommand({
      AccountId: moved,
      SourceParentId: organization.rootId,
      DestinationParentId: organization.unitIds.payments,
    }),
  );
  const event = {
    id: 'event-move-1',
    source: 'aws.organizations',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventName: 'MoveAccount',
      requestParameters: { accountId: moved, sourceParentId: organization.rootId, destinationParentId: organization.unitIds.payments },
    },
  };
  await handleOrganizationEvent(event, harness.context(), { currentDeclarationKey: key });
  await harness.drain();

  expect(contact(moved, 'SECURITY')).toEqual(apiMembers(PAYMENTS_SECURITY));
  expect(new Set(server().requests.map((request) => request.accountId))).toEqual(new Set([moved]));
  expect(harness.logged('account')).toContainEqual(expect.objectContaining({ accountId: moved, outcome: 'APPLIED', changed: ['SECURITY'] }));
});

test('an event for an excluded account or a failed creation changes nothing', async () => {
  const organization = await harness.buildOrganization(1);
  const accountId = organization.memberAccountIds[0];
  const key = declare('v1.json', { excludeAccountIds: [accountId] });
  const created = (state: string) => ({
    source: 'aws.organizations',
    'detail-type': 'AWS Service Event via CloudTrail',
    detail: { eventName: 'CreateAccountResult', serviceEventDetails: { createAccountStatus: { state, accountId } } },
  });
  await handleOrganizationEvent(created('SUCCEEDED'), harness.context(), { currentDeclarationKey: key });
  await handleOrganizationEvent(created('FAILED'), harness.context(), { currentDeclarationKey: key });
  await harness.drain();
  expect(server().requests).toEqual([]);
  expect(harness.logged('account-out-of-scope')).toHaveLength(1);
});

test('RemovalPolicy DESTROY deletes the declared alternate contacts of every account on Delete; RETAIN leaves them', async () => {
  const organization = await harness.buildOrganization(2);
  const key = declare('v1.json', { defaults: { security: SECURITY, billing: BILLING } });
  await deploy(cloudFormationEvent('Create', key));
  server().seedAlternateContact(organization.memberAccountIds[0], 'OPERATIONS', apiMembers(OPERATIONS));

  await deploy(cloudFormationEvent('Delete', key, { RemovalPolicy: 'RETAIN' }));
  expect(recorder.responses[1].Status).toBe('SUCCESS');
  expect(contact(organization.memberAccountIds[0], 'SECURITY')).toEqual(apiMembers(SECURITY));

  await deploy(cloudFormationEvent('Delete', key, { RemovalPolicy: 'DESTROY' }));
  expect(recorder.responses[2]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '3', Applied: '3' } });
  for (const accountId of [MOTO_ACCOUNT_ID, ...organization.memberAccountIds]) {
    expect(contact(accountId, 'SECURITY')).toBeUndefined();
    expect(contact(accountId, 'BILLING')).toBeUndefined();
  }
  // Only what was declared: the OPERATIONS contact set by hand stays.
  expect(contact(organization.memberAccountIds[0], 'OPERATIONS')).toEqual(apiMembers(OPERATIONS));
});

test('a Delete when the claims cannot be reached: RETAIN answers SUCCESS and logs the claim it left; DESTROY fails naming SSM, deleting nothing', async () => {
  const organization = await harness.buildOrganization(1);
  const key = declare('v1.json', { defaults: { security: SECURITY } });
  await deploy(cloudFormationEvent('Create', key));
  const claims = new ResourceClaims(await unreachableSsmClient(), FAST_RETRIES);

  await handleOrganizationEvent(cloudFormationEvent('Delete', key, { RemovalPolicy: 'RETAIN' }), harness.context(), {
    currentDeclarationKey: key,
    claims,
  });
  expect(recorder.responses[1].Status).toBe('SUCCESS');
  expect(harness.logged('delete')).toEqual([
    expect.objectContaining({
      action: 'left-in-place',
      claimNotReleased: expect.stringMatching(/^releasing the claim \/cdk-account-contacts\/claims\/organization\/.* in SSM Parameter Store failed/),
    }),
  ]);

  await handleOrganizationEvent(cloudFormationEvent('Delete', key, { RemovalPolicy: 'DESTROY' }), harness.context(), {
    currentDeclarationKey: key,
    claims,
  });
  await harness.drain();
  expect(recorder.responses[2]).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/SSM Parameter Store failed/) });
  for (const accountId of [MOTO_ACCOUNT_ID, ...organization.memberAccountIds]) {
    expect(contact(accountId, 'SECURITY')).toEqual(apiMembers(SECURITY));
  }
  expect(server().count('DeleteAlternateContact')).toBe(0);
});

test('an invalid declaration (a value that was a token at synth time) fails the deployment with field and rule before any call', async () => {
  await harness.buildOrganization(1);
  const key = declare('bad.json', { defaults: { security: { ...SECURITY, emailAddress: 'not-an-email' } } });
  await deploy(cloudFormationEvent('Create', key));
  expect(recorder.responses[0].Status).toBe('FAILED');
  expect(recorder.responses[0].Reason).toMatch(
    /^Stack\/OrganizationContacts: security\.emailAddress '.*' \(12 characters, masked\) does not match the AWS pattern/,
  );
  expect(recorder.responses[0].Reason).not.toContain('not-an-email');
  expect(server().requests).toEqual([]);
});

test('from a delegated administrator the management account is left out, with a warning that says where to declare it', async () => {
  const organization = await harness.buildOrganization(2);
  const key = declare('v1.json', {});
  // moto answers as the management account; this run's caller is told it is the delegated administrator
  // (the role check itself is tested in organization-directory.test.ts).
  const context = harness.context();
  const managementAccountId = organization.memberAccountIds[1];
  const directory = Object.assign(Object.create(context.directory), {
    checkPrerequisites: async () => ({ organizationId: 'o-abcdefghij', managementAccountId, callerRole: 'DELEGATED_ADMINISTRATOR' }),
  });
  await handleOrganizationEvent(cloudFormationEvent('Create', key), { ...context, directory }, { currentDeclarationKey: key });
  await harness.drain();
  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '2', Applied: '2' } });
  expect(contact(managementAccountId, 'SECURITY')).toBeUndefined();
  expect(server().requests.filter((request) => request.accountId === managementAccountId)).toEqual([]);
  expect(harness.logged('management-account-not-managed')).toEqual([expect.objectContaining({ accountId: managementAccountId, level: 'warn' })]);
});

test('under a server-side rate limit every account converges: 429s are retried with backoff, none becomes a failure', async () => {
  const organization = await harness.buildOrganization(24);
  server().setRateLimit('PutAlternateContact', { ratePerSecond: 40, burst: 4 });
  server().setRateLimit('GetAlternateContact', { ratePerSecond: 80, burst: 8 });
  const key = declare('v1.json', { defaults: { security: SECURITY, billing: BILLING, operations: OPERATIONS } });
  // No client-side limiter here: the workers send as fast as they can, so the server throttles.
  await deploy(cloudFormationEvent('Create', key));
  expect(server().count('PutAlternateContact', 429) + server().count('GetAlternateContact', 429)).toBeGreaterThan(0);
  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '25', Applied: '25', Failed: '0' } });
  for (const accountId of organization.memberAccountIds) {
    expect(contact(accountId, 'OPERATIONS')).toEqual(apiMembers(OPERATIONS));
  }
  expect(server().count('PutAlternateContact', 200)).toBe(75);
});

test('a worker that dies right after completing the run, past the deadline: the answer waits for the closing and says COMPLETE, never IN_PROGRESS with nothing pending', async () => {
  const organization = await harness.buildOrganization(3);
  const key = declare('v1.json', {});
  // The invocation that moves the run to COMPLETE stops right after that write (its message comes back).
  let died = 0;
  const realClient = harness.dynamodb;
  const dyingClient = {
    send: async (command: unknown) => {
      const answer = await realClient.send(command as UpdateItemCommand);
      if (command instanceof UpdateItemCommand && command.input.ExpressionAttributeValues?.[':to']?.S === 'COMPLETE' && died === 0) {
        died++;
        throw new Error('the invocation stopped here (simulated)');
      }
      return answer;
    },
  } as unknown as DynamoDBClient;
  // Closing is taken over 5 s after completion; the deployment's deadline (1 s) comes first.
  const context = () => {
    const base = harness.context();
    return { ...base, store: new RunStore(dyingClient, harness.tableName), redelivery: { ...base.redelivery!, answerClaimSeconds: 5 } };
  };
  await handleOrganizationEvent(cloudFormationEvent('Create', key, { WaitSeconds: '1' }), context(), { currentDeclarationKey: key });
  await harness.drain({ contexts: [context(), context()], visibilityTimeoutSeconds: 1, timeoutMs: 30_000 });

  expect(died).toBe(1);
  const accounts = String(organization.memberAccountIds.length + 1);
  expect(recorder.responses.length).toBeGreaterThanOrEqual(1);
  for (const response of recorder.responses) {
    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETE', Accounts: accounts, Applied: accounts, Pending: '0' } });
  }
  expect(harness.logged('run-complete')).toHaveLength(1);
});

test("a default contact's parameter that turns invalid after the run started fails its accounts, naming the parameter: the deployment gets FAILED, not IN_PROGRESS for ever", async () => {
  const organization = await harness.buildOrganization(3);
  const key = declare('from-parameter.json', { defaults: {}, defaultsFromParameters: ['security'] });
  const withParameter = (value: string) => ({
    ...harness.context(),
    contactParameters: { names: { security: '/contacts/security' }, read: async () => value },
  });
  // The coordinator read a valid contact; by the time the workers read it, someone stored a broken value.
  await handleOrganizationEvent(cloudFormationEvent('Create', key, { WaitSeconds: '30' }), withParameter(JSON.stringify(SECURITY)), {
    currentDeclarationKey: key,
  });
  const broken = JSON.stringify({ ...SECURITY, emailAddress: 'not an address' });
  await harness.drain({ contexts: [withParameter(broken), withParameter(broken)], timeoutMs: 30_000 });

  expect(recorder.responses).toHaveLength(1);
  expect(recorder.responses[0].Status).toBe('FAILED');
  const accounts = organization.memberAccountIds.length + 1;
  expect(recorder.responses[0].Reason).toContain(`${accounts} of ${accounts} accounts failed`);
  expect(recorder.responses[0].Reason).toContain('SSM parameter /contacts/security');
  expect(recorder.responses[0].Reason).not.toContain('not an address');
  expect(contact(organization.memberAccountIds[0], 'SECURITY')).toBeUndefined();
  expect(harness.notifications).toHaveLength(1);
});

/**
 * A deployment whose first counting write stops its worker: `before` the write reaches DynamoDB (its accounts are
 * recorded, not counted), or `after` it landed (counted, and the worker never hears so). Both workers share the
 * stopping store: which of them SQS hands the first batch to is not fixed. Returns how many stopped, and the accounts.
 */
async function deployStoppingAtFirstCount(when: 'before' | 'after'): Promise<{ stopped: number; accounts: string[] }> {
  const organization = await harness.buildOrganization(24);
  const key = declare('v1.json', {});
  let stopped = 0;
  const realClient = harness.dynamodb;
  const stoppingClient = {
    send: async (command: unknown) => {
      const stops = command instanceof UpdateItemCommand && /^ADD /.test(command.input.UpdateExpression ?? '') && stopped === 0;
      stopped += stops ? 1 : 0;
      if (stops && when === 'before') {
        throw new Error('the worker stopped here (simulated)');
      }
      const answer = await realClient.send(command as UpdateItemCommand);
      if (stops) {
        throw new Error('the worker stopped here (simulated): its count landed');
      }
      return answer;
    },
  } as unknown as DynamoDBClient;
  const store = new RunStore(stoppingClient, harness.tableName);
  const contexts = [
    { ...harness.context(), store },
    { ...harness.context(), store },
  ];
  await handleOrganizationEvent(cloudFormationEvent('Create', key), harness.context(), { currentDeclarationKey: key });
  await harness.drain({ contexts, visibilityTimeoutSeconds: 1, timeoutMs: 30_000 });
  return { stopped, accounts: [MOTO_ACCOUNT_ID, ...organization.memberAccountIds] };
}

test('a worker that stops after recording its accounts and before counting them: the redelivery counts each once and the run completes', async () => {
  const { stopped, accounts: accountIds } = await deployStoppingAtFirstCount('before');

  expect(stopped).toBe(1);
  const accounts = accountIds.length;
  expect(recorder.responses).toHaveLength(1);
  expect(recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    Data: { Status: 'COMPLETE', Accounts: String(accounts), Applied: String(accounts), Pending: '0' },
  });
  expect(harness.logged('run-complete')).toEqual([expect.objectContaining({ accounts, applied: accounts, failed: 0 })]);
  // Each account counted (and reported as a metric) once, whichever delivery counted it.
  const counted = harness.logged('account').map((line) => line.accountId);
  expect(counted.sort()).toEqual([...new Set(counted)].sort());
  expect(counted).toHaveLength(accounts);
});

test('a worker stopped after its accounts were counted and before it heard so (a timeout with the count in flight): one result line per account all the same', async () => {
  const { stopped, accounts: accountIds } = await deployStoppingAtFirstCount('after');

  expect(stopped).toBe(1);
  const accounts = accountIds.length;
  expect(recorder.responses).toHaveLength(1);
  expect(recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    Data: { Status: 'COMPLETE', Accounts: String(accounts), Applied: String(accounts) },
  });
  const lines = harness.logged('account').map((line) => line.accountId as string);
  expect(lines.sort()).toEqual([...accountIds].sort());
});

test('a run applies the parameter version it read when it started, to every account, whatever is stored meanwhile; a version gone fails its accounts, naming it', async () => {
  const organization = await harness.buildOrganization(12);
  const key = declare('from-parameter.json', { defaults: {}, defaultsFromParameters: ['security'] });
  // SSM's versions of the parameter: GetParameter answers the newest, or the version its name selects (`name:2`).
  const versions = [JSON.stringify(SECURITY)];
  const read = async (name: string) => {
    const [, selected] = name.split(':');
    const version = selected === undefined ? versions.length : Number(selected);
    if (versions[version - 1] === undefined) {
      throw new Error(`that version does not exist (ParameterVersionNotFound): ${name}`);
    }
    return { value: versions[version - 1], version };
  };
  const context = () => ({ ...harness.context(), contactParameters: { names: { security: '/contacts/security' }, read } });
  await handleOrganizationEvent(cloudFormationEvent('Create', key, { WaitSeconds: '30' }), context(), { currentDeclarationKey: key });
  // A newer version is stored after the run read version 1, before its workers run.
  versions.push(JSON.stringify({ ...SECURITY, name: 'Security Version Two' }));
  await harness.drain({ contexts: [context(), context()], timeoutMs: 30_000 });

  const accounts = organization.memberAccountIds.length + 1;
  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Applied: String(accounts) } });
  // Every account holds version 1: the same contacts across the run.
  for (const accountId of organization.memberAccountIds) {
    expect(contact(accountId, 'SECURITY')).toEqual(apiMembers(SECURITY));
  }

  // The next run reads version 2; version 2 is deleted before its workers run: its accounts fail, naming the version.
  recorder.clear();
  await handleOrganizationEvent(cloudFormationEvent('Update', key, { WaitSeconds: '30' }), context(), { currentDeclarationKey: key });
  versions[1] = undefined as unknown as string;
  await harness.drain({ contexts: [context(), context()], timeoutMs: 30_000 });
  expect(recorder.responses[0].Status).toBe('FAILED');
  expect(recorder.responses[0].Reason).toContain(`${accounts} of ${accounts} accounts failed`);
  expect(recorder.responses[0].Reason).toContain('/contacts/security:2');
  expect(contact(organization.memberAccountIds[0], 'SECURITY')).toEqual(apiMembers(SECURITY));
});
