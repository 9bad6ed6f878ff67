/**
 * One owner per contact across stacks, with the claims in moto's SSM Parameter Store: a second OrganizationContacts
 * whose scope holds an account an earlier one owns is refused before any write, naming the first (also where only
 * the organization shows the overlap: nested units); and a function never writes back what another owner's
 * function wrote, so two owners cannot fight.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { OrganizationRunContext } from '../../src/organization/run-context';
import { ResourceClaims } from '../../src/runtime/resource-claims';
import { localClientConfig } from '../support/clients';
import { OPERATIONS, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';

const fixture = useOrganizationHarness();
const stackArn = (name: string) => `arn:aws:cloudformation:us-east-1:${MOTO_ACCOUNT_ID}:stack/${name}/0123`;
const roleArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${name}-OrganizationContactsRole-ABC`;

function declare(key: string, declaration: Partial<OrganizationDeclaration>): string {
  fixture.harness.declarations.set(
    key,
    organizationDeclaration({ constructPath: `${key}/OrganizationContacts`, defaults: { security: SECURITY }, ...declaration }),
  );
  return key;
}

/** One stack's function: its own role, the account's claims. */
function functionOf(stack: string): { context: OrganizationRunContext; claims: ResourceClaims } {
  return {
    context: { ...fixture.harness.context(), ownRoleArn: roleArn(stack) },
    claims: new ResourceClaims(new SSMClient(localClientConfig(fixture.harness.moto.endpoint))),
  };
}

async function deploy(stack: string, key: string, requestType: 'Create' | 'Update' = 'Create') {
  const { context, claims } = functionOf(stack);
  const event = {
    ...organizationResourceEvent(fixture.recorder.urlFor(`/${stack}`), requestType, { DeclarationKey: key }),
    StackId: stackArn(stack),
  };
  await handleOrganizationEvent(event, context, { currentDeclarationKey: key, claims });
  await fixture.harness.drain({
    contexts: [functionOf(stack).context, functionOf(stack).context],
    until: () => fixture.recorder.responseTo(`/${stack}`) !== undefined,
  });
  return fixture.recorder.received.filter((response) => response.path === `/${stack}`).at(-1)!.body as Record<string, any>;
}

const writes = () => fixture.harness.accountServer.requests.filter((request) => /^(Put|Delete)/.test(request.operation)).length;

test('a second owner of accounts in scope is refused before any write, naming the first; the first deploys on', async () => {
  const organization = await fixture.harness.buildOrganization(1, [{ name: 'workloads', accounts: 2 }]);
  const first = await deploy('Platform', declare('platform.json', {}));
  expect(first).toMatchObject({ Status: 'SUCCESS', Data: { Applied: '4' } });
  const before = writes();

  const second = await deploy(
    'Workloads',
    declare('workloads.json', {
      organizationalUnitIds: [organization.unitIds.workloads],
      defaults: { security: { ...SECURITY, name: 'Workload Security' }, operations: OPERATIONS },
    }),
  );
  expect(second.Status).toBe('FAILED');
  expect(second.Reason).toMatch(
    new RegExp(
      `^2 account\\(s\\) in scope \\(${organization.accountsByUnit.workloads.join(', ')}\\) already have their SECURITY contacts declared by ` +
        'platform\\.json/OrganizationContacts \\(stack Platform\\), which claimed them first: nothing was written; one owner per contact: narrow one scope',
    ),
  );
  expect(writes()).toBe(before);
  for (const accountId of organization.accountsByUnit.workloads) {
    expect(fixture.harness.accountServer.alternateContact(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
  }

  // The first owner is not stopped by the second's claim, and a scope that leaves the first's accounts alone passes.
  expect(await deploy('Platform', 'platform.json', 'Update')).toMatchObject({ Status: 'SUCCESS' });
  const billingOnly = await deploy('Finance', declare('finance.json', { excludeAccountIds: [MOTO_ACCOUNT_ID, ...organization.memberAccountIds] }));
  expect(billingOnly).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '0' } });
});

test('units that nest, which synth cannot see, are caught at deployment', async () => {
  const organization = await fixture.harness.buildOrganization(0, [{ name: 'workloads', accounts: 1, units: [{ name: 'payments', accounts: 1 }] }]);
  expect(await deploy('Workloads', declare('workloads.json', { organizationalUnitIds: [organization.unitIds.workloads] }))).toMatchObject({
    Status: 'SUCCESS',
  });
  const payments = await deploy('Payments', declare('payments.json', { organizationalUnitIds: [organization.unitIds.payments] }));
  expect(payments.Status).toBe('FAILED');
  expect(payments.Reason).toContain(
    `1 account(s) in scope (${organization.accountsByUnit.payments[0]}) already have their SECURITY contacts declared by workloads.json/OrganizationContacts (stack Workloads)`,
  );
});

test("two owners already deployed do not fight: a write by the other owner's function is reported, never written back", async () => {
  const organization = await fixture.harness.buildOrganization(2);
  const [member] = organization.memberAccountIds;
  await deploy('Platform', declare('platform.json', {}));
  const other = functionOf('Legacy');
  declare('legacy.json', { accountIds: [member], defaults: { security: { ...SECURITY, name: 'Legacy Security' } } });
  const before = writes();

  // Platform's function writes member's SECURITY contact (say, its reconciliation): CloudTrail tells Legacy's function.
  const event = {
    id: 'event-1',
    source: 'aws.account',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventName: 'PutAlternateContact',
      eventTime: '2026-12-04T10:00:00Z',
      recipientAccountId: MOTO_ACCOUNT_ID,
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/Platform-OrganizationContactsRole-ABC/worker`,
        sessionContext: { sessionIssuer: { arn: roleArn('Platform') } },
      },
      requestParameters: { accountId: member, alternateContactType: 'SECURITY' },
    },
  };
  await handleOrganizationEvent(event, other.context, { currentDeclarationKey: 'legacy.json', claims: other.claims });
  await fixture.harness.drain({ contexts: [other.context], until: () => true });

  expect(writes()).toBe(before);
  expect(fixture.harness.logged('run-started').filter((line) => line.trigger === 'OUTSIDE_CHANGE')).toEqual([]);
  expect(fixture.harness.logged('owner-conflict')).toEqual([
    expect.objectContaining({ accountId: member, contactType: 'SECURITY', declaredBy: 'platform.json/OrganizationContacts (stack Platform)' }),
  ]);
  expect(fixture.harness.outsideChangeNotifications.map((notification) => notification.subject)).toEqual([
    `cdk-account-contacts: SECURITY contact of ${member} has two owners`,
  ]);
  expect(fixture.harness.accountServer.alternateContact(member, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
});
