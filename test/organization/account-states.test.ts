/**
 * Accounts that are not ACTIVE in an `OrganizationContacts` run (issue #40): a suspended or closed account, one
 * pending closure, and one not activated yet are each SKIPPED with their state, never written and never FAILED, and
 * the answer counts them (`Applied + Unchanged + Failed + Excluded + Skipped = Accounts`). An account named in
 * `accountIds` that the organization does not hold stays FAILED. Organizations is moto behind the strict front, which
 * reports the states moto never sets (PENDING_ACTIVATION, PENDING_CLOSURE).
 */
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { CustomResourceEvent } from '../../src/runtime/cloudformation-custom-resource';
import { SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';
import { StrictOrganizations } from '../support/strict-organizations';

const fixture = useOrganizationHarness();
const accountStates = new Map<string, string>();
let front: StrictOrganizations;
let members: string[];

beforeEach(async () => {
  accountStates.clear();
  front = await StrictOrganizations.start({ motoEndpoint: fixture.harness.moto.endpoint, accountStates });
  fixture.harness.organizationsEndpoint = front.endpoint;
  members = (await fixture.harness.buildOrganization(5)).memberAccountIds;
});

afterEach(async () => front.stop());

async function deploy(requestType: 'Create' | 'Update', declarationKey: string): Promise<void> {
  const event: CustomResourceEvent = organizationResourceEvent(
    fixture.recorder.url,
    requestType,
    { DeclarationKey: declarationKey, FailOnAccountErrors: 'false' },
    requestType === 'Create' ? undefined : 'organization-contacts/OrganizationContacts',
  );
  await handleOrganizationEvent(event, fixture.harness.context(), { currentDeclarationKey: declarationKey });
  await fixture.harness.drain();
}

/** The run's result line of each account, by account id. */
function resultLines(): Map<string, Record<string, any>> {
  return new Map(fixture.harness.logs.filter((line) => line.event === 'account').map((line) => [line.accountId as string, line]));
}

const written = (accountId: string) =>
  fixture.harness.accountServer.requests.filter((request) => request.accountId === accountId && request.operation.startsWith('Put')).length;

test('suspended, pending closure and not yet activated accounts are SKIPPED with their state: nothing written, nothing failed', async () => {
  const [suspended, closing, pending] = members;
  await fixture.harness.organizations.send(new CloseAccountCommand({ AccountId: suspended }));
  accountStates.set(closing, 'PENDING_CLOSURE');
  accountStates.set(pending, 'PENDING_ACTIVATION');
  fixture.harness.declarations.set('v1.json', organizationDeclaration({ defaults: { security: SECURITY } }));

  await deploy('Create', 'v1.json');

  expect(fixture.recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    Data: { Accounts: '6', Applied: '3', Failed: '0', Skipped: '3', Pending: '0' },
  });
  const lines = resultLines();
  for (const [accountId, state] of [
    [suspended, 'SUSPENDED'],
    [closing, 'PENDING_CLOSURE'],
    [pending, 'PENDING_ACTIVATION'],
  ]) {
    expect(written(accountId)).toBe(0);
    expect(fixture.harness.accountServer.requests.filter((request) => request.accountId === accountId)).toEqual([]);
    expect(lines.get(accountId)).toMatchObject({ outcome: 'SKIPPED', level: 'info', AccountsSkipped: 1, AccountsFailed: 0 });
    expect(lines.get(accountId)!.warnings[0]).toContain(`account ${accountId} is ${state}`);
  }
  expect(lines.get(pending)!.warnings[0]).toContain('not ready yet');
  for (const accountId of [MOTO_ACCOUNT_ID, ...members.slice(3)]) {
    expect(fixture.harness.accountServer.alternateContact(accountId, 'SECURITY')).toMatchObject(apiMembers(SECURITY));
  }
  expect(fixture.harness.logs.find((line) => line.event === 'run-complete')).toMatchObject({ accounts: 6, applied: 3, skipped: 3, failed: 0 });
  // Skipped is no failure: nobody is notified.
  expect(fixture.harness.notifications).toEqual([]);
});

test('an account named in accountIds that is closed is SKIPPED; one the organization does not hold is FAILED', async () => {
  const [closed, kept] = members;
  await fixture.harness.organizations.send(new CloseAccountCommand({ AccountId: closed }));
  fixture.harness.declarations.set(
    'listed.json',
    organizationDeclaration({ defaults: { security: SECURITY }, accountIds: [closed, kept, '999999999999'] }),
  );

  await deploy('Create', 'listed.json');

  expect(fixture.recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '3', Applied: '1', Failed: '1', Skipped: '1' } });
  const lines = resultLines();
  expect(lines.get(closed)).toMatchObject({ outcome: 'SKIPPED' });
  expect(lines.get('999999999999')).toMatchObject({ outcome: 'FAILED' });
  expect(lines.get('999999999999')!.failures[0]).toContain('is in accountIds but is not an ACTIVE account of organization');
  expect(written(closed)).toBe(0);
});

test('an account activated later is applied by the next run', async () => {
  const [pending] = members;
  accountStates.set(pending, 'PENDING_ACTIVATION');
  fixture.harness.declarations.set('v1.json', organizationDeclaration({ defaults: { security: SECURITY } }));
  await deploy('Create', 'v1.json');
  expect(fixture.harness.accountServer.alternateContact(pending, 'SECURITY')).toBeUndefined();

  accountStates.delete(pending);
  await deploy('Update', 'v1.json');

  expect(fixture.recorder.responses[1]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '6', Applied: '1', Unchanged: '5', Skipped: '0' } });
  expect(fixture.harness.accountServer.alternateContact(pending, 'SECURITY')).toMatchObject(apiMembers(SECURITY));
});
