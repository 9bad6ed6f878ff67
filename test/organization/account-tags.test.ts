/**
 * Tags end to end: accounts tagged with real Organizations calls in moto_server, a deployment that excludes and
 * overrides by tag, and TagResource / UntagResource events that apply exactly the account whose tags changed.
 */
import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-organizations';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { processWorkMessage } from '../../src/organization/organization-run';
import { AccountOutcome, RunAction, RunTransition, RunTrigger } from '../../src/organization/run-state-machine';
import { RunStore } from '../../src/organization/run-store';
import { ORGANIZATION_CONTACTS_RESOURCE_TYPE } from '../../src/protocol/organization-resource';
import { CustomResourceEvent } from '../../src/runtime/cloudformation-custom-resource';
import { BILLING, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { useOrganizationHarness } from '../support/organization-harness';

const fixture = useOrganizationHarness();

const PCI_SECURITY = { ...SECURITY, name: 'PCI Security Office', emailAddress: 'pci-security@example.com' };
const UNIT_SECURITY = { ...SECURITY, name: 'Payments Security', emailAddress: 'payments-security@example.com' };
const KEY = 'tags.json';

function declare(unitId: string): void {
  const declaration: OrganizationDeclaration = {
    version: 1,
    constructPath: 'Stack/OrganizationContacts',
    defaults: { security: SECURITY, billing: BILLING },
    excludeAccountIds: [],
    organizationalUnitOverrides: [{ organizationalUnitId: unitId, security: UNIT_SECURITY }],
    accountOverrides: [],
    excludeAccountTags: [{ key: 'environment', value: 'sandbox' }],
    accountTagOverrides: [{ tag: { key: 'data-classification', value: 'pci' }, security: PCI_SECURITY }],
  };
  fixture.harness.declarations.set(KEY, declaration);
}

function createEvent(): CustomResourceEvent {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    ResponseURL: fixture.recorder.url,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
    RequestId: 'request-create-tags',
    LogicalResourceId: 'OrganizationContacts',
    ResourceType: ORGANIZATION_CONTACTS_RESOURCE_TYPE,
    ResourceProperties: {
      ConstructPath: 'Stack/OrganizationContacts',
      DeclarationKey: KEY,
      WaitSeconds: '600',
      FailOnAccountErrors: 'true',
      RemovalPolicy: 'RETAIN',
    },
  };
}

function tagEvent(eventName: 'TagResource' | 'UntagResource', resourceId: string, id: string) {
  return {
    id: id,
    source: 'aws.organizations',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventName, requestParameters: { resourceId } },
  };
}

const security = (accountId: string) => {
  const stored = fixture.harness.accountServer.alternateContact(accountId, 'SECURITY');
  return stored && apiMembers({ name: stored.Name!, title: stored.Title!, emailAddress: stored.EmailAddress!, phoneNumber: stored.PhoneNumber! });
};
const tag = (accountId: string, key: string, value: string) =>
  fixture.harness.organizations.send(new TagResourceCommand({ ResourceId: accountId, Tags: [{ Key: key, Value: value }] }));
const touchedAccounts = () => new Set(fixture.harness.accountServer.requests.map((request) => request.accountId ?? MOTO_ACCOUNT_ID));

test("a deployment leaves tag-excluded accounts alone and gives tagged accounts their override (before their unit's)", async () => {
  const organization = await fixture.harness.buildOrganization(2, [{ name: 'payments', accounts: 2 }]);
  const [plain, sandbox] = organization.accountsByUnit.root;
  const [paymentsPci, payments] = organization.accountsByUnit.payments;
  await tag(sandbox, 'environment', 'sandbox');
  await tag(paymentsPci, 'data-classification', 'pci');
  await tag(payments, 'data-classification', 'internal');
  declare(organization.unitIds.payments);

  await handleOrganizationEvent(createEvent(), fixture.harness.context(), { currentDeclarationKey: KEY });
  await fixture.harness.drain();

  expect(security(plain)).toEqual(apiMembers(SECURITY));
  expect(security(paymentsPci)).toEqual(apiMembers(PCI_SECURITY));
  expect(security(payments)).toEqual(apiMembers(UNIT_SECURITY));
  // The excluded account: not one Account Management call.
  expect(security(sandbox)).toBeUndefined();
  expect(touchedAccounts().has(sandbox)).toBe(false);
  expect(fixture.harness.logged('account')).toContainEqual(expect.objectContaining({ accountId: sandbox, outcome: AccountOutcome.EXCLUDED }));
  expect(fixture.harness.logged('account-excluded-by-tag')).toEqual([expect.objectContaining({ accountId: sandbox, tagKey: 'environment' })]);
  // Each account's tags were read once, by the worker that applied it.
  expect(fixture.harness.logged('run-complete').at(-1)).toMatchObject({ accounts: 5, applied: 4, excluded: 1, failed: 0 });
  expect(fixture.recorder.responses).toEqual([
    expect.objectContaining({ Status: 'SUCCESS', Data: expect.objectContaining({ Accounts: '5', Applied: '4', Excluded: '1', Pending: '0' }) }),
  ]);
});

test("tagging or untagging an account applies that account, and only it; a unit's tag event applies nothing", async () => {
  const organization = await fixture.harness.buildOrganization(2, [{ name: 'payments', accounts: 1 }]);
  const [plain, sandbox] = organization.accountsByUnit.root;
  await tag(sandbox, 'environment', 'sandbox');
  declare(organization.unitIds.payments);
  await handleOrganizationEvent(createEvent(), fixture.harness.context(), { currentDeclarationKey: KEY });
  await fixture.harness.drain();
  expect(security(sandbox)).toBeUndefined();

  // The sandbox becomes a workload: untagged, it is applied with the defaults.
  fixture.harness.accountServer.requests.length = 0;
  await fixture.harness.organizations.send(new UntagResourceCommand({ ResourceId: sandbox, TagKeys: ['environment'] }));
  await handleOrganizationEvent(tagEvent('UntagResource', sandbox, 'event-untag-1'), fixture.harness.context(), { currentDeclarationKey: KEY });
  await fixture.harness.drain();
  expect(security(sandbox)).toEqual(apiMembers(SECURITY));
  expect(touchedAccounts()).toEqual(new Set([sandbox]));

  // Another account is classified PCI: its SECURITY contact changes at once, nobody else is called.
  fixture.harness.accountServer.requests.length = 0;
  await tag(plain, 'data-classification', 'pci');
  await handleOrganizationEvent(tagEvent('TagResource', plain, 'event-tag-1'), fixture.harness.context(), { currentDeclarationKey: KEY });
  await fixture.harness.drain();
  expect(security(plain)).toEqual(apiMembers(PCI_SECURITY));
  expect(touchedAccounts()).toEqual(new Set([plain]));
  expect(fixture.harness.logged('run-started')).toContainEqual(expect.objectContaining({ trigger: RunTrigger.ACCOUNT_TAGGED, accounts: 1 }));

  // A unit's tags: no account to apply.
  fixture.harness.accountServer.requests.length = 0;
  const runs = fixture.harness.logged('run-started').length;
  await handleOrganizationEvent(tagEvent('TagResource', organization.unitIds.payments, 'event-tag-ou'), fixture.harness.context(), {
    currentDeclarationKey: KEY,
  });
  await fixture.harness.drain();
  expect(fixture.harness.accountServer.requests).toEqual([]);
  expect(fixture.harness.logged('run-started')).toHaveLength(runs);
});

test('an account whose tags cannot be read is FAILED with the reason naming the permission, and nothing is written to it', async () => {
  const organization = await fixture.harness.buildOrganization(1);
  declare('ou-abcd-12345678');
  const context = fixture.harness.context();
  const runId = 'run-unreadable-tags';
  const store = new RunStore(fixture.harness.dynamodb, fixture.harness.tableName);
  await store.createRun({
    runId,
    trigger: RunTrigger.RECONCILIATION,
    action: RunAction.APPLY,
    declarationKey: KEY,
    scope: { accountIds: ['999999999999', organization.memberAccountIds[0]], leavingAccountIds: [], missingAccountIds: [], organizationId: 'o-test' },
    startedAt: Date.now(),
    failOnAccountErrors: true,
  });
  await store.transition(runId, RunTransition.START);
  // 999999999999 is not in the organization: Organizations answers ListTagsForResource with an error.
  await processWorkMessage(context, {
    kind: 'ACCOUNTS',
    runId,
    declarationKey: KEY,
    action: RunAction.APPLY,
    attempt: 1,
    accounts: [
      { accountId: '999999999999', organizationalUnitIds: [] },
      { accountId: organization.memberAccountIds[0], organizationalUnitIds: [] },
    ],
  });
  expect(touchedAccounts()).toEqual(new Set([organization.memberAccountIds[0]]));
  const failed = fixture.harness.logged('account').find((line) => line.accountId === '999999999999');
  expect(failed).toMatchObject({ outcome: AccountOutcome.FAILED, changed: [] });
  expect((failed!.failures as string[])[0]).toMatch(
    /^ALL: its tags could not be read \(organizations:ListTagsForResource, \w+: .*\), and the declaration excludes or overrides by tag: nothing was written$/,
  );
});

test('with ContactRemoval.RESTORE_PREVIOUS, an account that a new tag excludes gets back what it held before (here: nothing)', async () => {
  fixture.harness.restorePreviousContacts = true;
  const organization = await fixture.harness.buildOrganization(1, [{ name: 'payments', accounts: 1 }]);
  const [account] = organization.accountsByUnit.root;
  declare(organization.unitIds.payments);
  await handleOrganizationEvent(createEvent(), fixture.harness.context(), { currentDeclarationKey: KEY });
  await fixture.harness.drain();
  expect(security(account)).toEqual(apiMembers(SECURITY));

  await tag(account, 'environment', 'sandbox');
  await handleOrganizationEvent(tagEvent('TagResource', account, 'event-tag-sandbox'), fixture.harness.context(), { currentDeclarationKey: KEY });
  await fixture.harness.drain();
  expect(security(account)).toBeUndefined();
  expect(fixture.harness.accountServer.alternateContact(account, 'BILLING')).toBeUndefined();
});
