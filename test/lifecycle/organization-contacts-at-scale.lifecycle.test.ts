/**
 * OrganizationContacts at the sizes users declare, deployed through the simulator with AWS's quotas enforced
 * (test/support/aws-quotas.ts): 130 and 5,000 accounts listed, 130 excluded, and an update that grows the role's
 * policies from one to eight managed policies and back. The organization in moto is small: the listed accounts it
 * does not hold are left out by the run's scope, as in an organization that has not created them yet.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { OrganizationContacts, OrganizationContactsProps } from '../../src';
import { organizationsClient } from '../support/clients';
import { SimulatedAws, useSimulatedAws } from '../support/cloudformation-simulator';
import { SECURITY } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { STACK_ENV, synthesize } from '../support/synthesize';

jest.setTimeout(240_000);

const MANAGEMENT = STACK_ENV.account;
let aws: SimulatedAws;
let organization: BuiltOrganization;

useSimulatedAws({ accountId: MANAGEMENT, accountApi: {}, personalData: [SECURITY.emailAddress, SECURITY.phoneNumber] }, (started) => (aws = started));
beforeEach(async () => {
  organization = await buildMotoOrganization(organizationsClient(aws.moto.endpoint), 2, [{ name: 'workloads', accounts: 2 }]);
  organization.memberAccountIds.forEach((accountId) => aws.accountApi.memberAccountIds.add(accountId));
});

let stackCount = 0;
const LOCAL_RATES = { alternateContactWritesPerSecond: 100, alternateContactReadsPerSecond: 100, alternateContactDeletesPerSecond: 100 };
/** The accounts the organization lacks are failed (listed ahead of their creation): reported, not failing the deployment. */
const organizationStack = (stackName: string, props: Partial<OrganizationContactsProps>) =>
  synthesize(
    stackName,
    (stack) =>
      new OrganizationContacts(stack, 'OrganizationContacts', {
        security: SECURITY,
        runs: { accountApiRates: LOCAL_RATES },
        safety: { failDeploymentOnAccountErrors: false },
        ...props,
      }),
  );
/** `count` account ids that the organization does not hold (beside the ones it does). */
const absentAccounts = (count: number) => Array.from({ length: count }, (_, index) => String(500000000000 + index));
const holdsSecurity = (accountId: string) => aws.accountApi.alternateContact(accountId, 'SECURITY') !== undefined;

test.each([130, 5000])('%d listed accounts deploy, and exactly the listed members get the contact', async (size) => {
  const [unlisted, ...listed] = organization.memberAccountIds;
  const stack = aws.stack(`AtScale${++stackCount}`);
  const result = await stack.deploy(
    organizationStack(stack.stackName, { accountSelection: { accountIds: [...listed, ...absentAccounts(size - listed.length)] } }),
  );
  expect(result).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
  expect(listed.map(holdsSecurity)).toEqual(listed.map(() => true));
  expect(holdsSecurity(unlisted)).toBe(false);
  expect(aws.proxy.denied).toEqual([]);
  expect((await stack.delete()).status).toBe('DELETE_COMPLETE');
});

test('130 excluded accounts deploy with IAM denying each of them; the excluded member keeps nothing written', async () => {
  const [excluded, ...members] = organization.memberAccountIds;
  const stack = aws.stack(`AtScale${++stackCount}`);
  const result = await stack.deploy(
    organizationStack(stack.stackName, { accountSelection: { excludeAccountIds: [excluded, ...absentAccounts(129)] } }),
  );
  expect(result).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
  expect(holdsSecurity(excluded)).toBe(false);
  expect([MANAGEMENT, ...members].map(holdsSecurity)).toEqual([MANAGEMENT, ...members].map(() => true));
  expect((await stack.delete()).status).toBe('DELETE_COMPLETE');
});

test('an update from 10 to 1,000 listed accounts and back: the policies grow to 8 before the run, and the extra ones go in the cleanup', async () => {
  const [first, second, ...others] = organization.memberAccountIds;
  const stack = aws.stack(`AtScale${++stackCount}`);
  const listing = (accountIds: string[], size: number) => ({
    accountSelection: { accountIds: [...accountIds, ...absentAccounts(size - accountIds.length)] },
  });
  expect(await stack.deploy(organizationStack(stack.stackName, listing([first], 10)))).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
  expect(stack.logicalIds('AWS::IAM::ManagedPolicy')).toHaveLength(1);

  const grown = await stack.deploy(organizationStack(stack.stackName, listing([first, second], 1000)));
  expect(grown).toMatchObject({ status: 'UPDATE_COMPLETE', failures: [] });
  expect(stack.logicalIds('AWS::IAM::ManagedPolicy')).toHaveLength(8);
  // The new policies were created in the update phase, before the run wrote the newly listed account.
  const [run] = stack.logicalIds('Custom::OrganizationContacts');
  const runUpdate = grown.events.findIndex((event) => event.logicalId === run && event.action === 'Update');
  const lastPolicy = Math.max(
    ...grown.events.map((event, index) => (event.logicalId.includes('AccountWrites') && event.action === 'Create' ? index : -1)),
  );
  expect(lastPolicy).toBeGreaterThanOrEqual(0);
  expect(lastPolicy).toBeLessThan(runUpdate);
  expect([first, second].map(holdsSecurity)).toEqual([true, true]);
  expect(others.map(holdsSecurity)).toEqual(others.map(() => false));

  const shrunk = await stack.deploy(organizationStack(stack.stackName, listing([first, second], 10)));
  expect(shrunk).toMatchObject({ status: 'UPDATE_COMPLETE', failures: [] });
  expect(stack.logicalIds('AWS::IAM::ManagedPolicy')).toHaveLength(1);
  expect(shrunk.events.filter((event) => event.phase === 'CLEANUP' && event.action === 'Delete').map((event) => event.logicalId)).toHaveLength(7);
  expect(aws.proxy.denied).toEqual([]);
  expect((await stack.delete()).status).toBe('DELETE_COMPLETE');
});

test("the simulator refuses what IAM and CloudFormation refuse: a role's inline policies over 10,240 characters roll the stack back", async () => {
  const stack = aws.stack(`AtScale${++stackCount}`);
  const artifact = synthesize(stack.stackName, (scope) => {
    const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // Two policies of about 5,500 characters each: each fits alone, the second takes the role past its quota.
    for (const name of ['First', 'Second']) {
      const resources = Array.from({ length: 120 }, (_, index) => `arn:aws:account::*:account/o-*/${String(100000000000 + index)}`);
      new iam.Policy(scope, name, { roles: [role], statements: [new iam.PolicyStatement({ actions: ['account:PutAlternateContact'], resources })] });
    }
  });
  const result = await stack.deploy(artifact);
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.failures.map((event) => event.reason)).toEqual([
    expect.stringMatching(/Maximum policy size of 10240 bytes exceeded for role AtScale\d+-Role/),
  ]);

  // The AWS CDK refuses 501 resources at synth; a template written otherwise reaches CloudFormation.
  const small = synthesize(
    `AtScale${++stackCount}`,
    (scope) => new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }),
  );
  const resources = Object.fromEntries(Array.from({ length: 501 }, (_, index) => [`Topic${index}`, { Type: 'AWS::SNS::Topic' }]));
  const tooMany = { ...small, template: { ...small.template, Resources: resources } };
  await expect(aws.stack(`AtScale${stackCount}`).deploy(tooMany)).rejects.toThrow(
    'ValidationError: Template format error: Number of resources, 501, is greater than maximum allowed, 500',
  );
});
