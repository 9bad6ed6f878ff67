/**
 * OrganizationContacts through whole CloudFormation stack operations (test/support/cloudformation-simulator.ts):
 * the declaration asset published to S3, the queue and the results table created in moto, the organization in
 * moto, and the function's answer coming from its workers while the simulator plays the SQS event source.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlternateContact, ContactRemoval, OrganizationContacts, OrganizationContactsProps } from '../../src';
import { organizationsClient } from '../support/clients';
import { SimulatedAws, useSimulatedAws } from '../support/cloudformation-simulator';
import { BILLING, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { STACK_ENV, synthesize } from '../support/synthesize';

const MANAGEMENT = STACK_ENV.account;
const SECURITY_V2: AlternateContact = { ...SECURITY, name: 'Security Incident Response', emailAddress: 'security-ir@example.com' };

let aws: SimulatedAws;
let organization: BuiltOrganization;
let accounts: string[];

useSimulatedAws(
  {
    accountId: MANAGEMENT,
    accountApi: {},
    personalData: [SECURITY, SECURITY_V2, BILLING].flatMap((contact) => [contact.emailAddress, contact.phoneNumber]),
  },
  (started) => (aws = started),
);
beforeEach(async () => {
  organization = await buildMotoOrganization(organizationsClient(aws.moto.endpoint), 2, [{ name: 'workloads', accounts: 2 }]);
  organization.memberAccountIds.forEach((accountId) => aws.accountApi.memberAccountIds.add(accountId));
  accounts = [MANAGEMENT, ...organization.memberAccountIds];
});

let stackCount = 0;
const newStackName = () => `Organization${++stackCount}`;

/** What every account of the organization holds of one type. */
function everyAccountHolds(type: string): Array<Record<string, string> | undefined> {
  return accounts.map((accountId) => aws.accountApi.alternateContact(accountId, type));
}
const everyAccount = (contact: AlternateContact | undefined, type = 'SECURITY') =>
  accounts.map(() => (contact ? { AlternateContactType: type, ...apiMembers(contact) } : undefined));

/** The local server has no quota: the tests need not wait for AWS's (DeleteAlternateContact: 1 per second). */
const LOCAL_RATES = { alternateContactWritesPerSecond: 100, alternateContactReadsPerSecond: 100, alternateContactDeletesPerSecond: 100 };

function organizationStack(stackName: string, props: OrganizationContactsProps, options: { id?: string; failing?: boolean; keep?: boolean } = {}) {
  return synthesize(stackName, (stack: Stack) => {
    const contacts = new OrganizationContacts(stack, options.id ?? 'OrganizationContacts', {
      runs: { accountApiRates: LOCAL_RATES },
      ...props,
    });
    if (options.keep) {
      new Construct(stack, 'Kept');
    }
    if (options.failing) {
      new CfnResource(stack, 'FailsAfterContacts', { type: 'AWS::SNS::Topic' }).node.addDependency(contacts);
    }
  });
}

describe.each([ContactRemoval.RETAIN, ContactRemoval.DESTROY])('removal $name', (removal) => {
  const deletes = removal === ContactRemoval.DESTROY;

  test('create applies every account, an unchanged redeploy sends nothing, a change applies, a stack delete follows the policy', async () => {
    const stack = aws.stack(newStackName());
    const created = await stack.deploy(
      organizationStack(stack.stackName, {
        security: SECURITY,
        billing: BILLING,
        removal,
      }),
    );
    expect(created.failures).toEqual([]);
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));
    expect(everyAccountHolds('BILLING')).toEqual(everyAccount(BILLING, 'BILLING'));

    const unchanged = await stack.deploy(
      organizationStack(stack.stackName, {
        security: SECURITY,
        billing: BILLING,
        removal,
      }),
    );
    expect(unchanged.events).toEqual([]);

    const changed = await stack.deploy(
      organizationStack(stack.stackName, {
        security: SECURITY_V2,
        billing: BILLING,
        removal,
      }),
    );
    expect(changed).toMatchObject({ status: 'UPDATE_COMPLETE', failures: [] });
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY_V2));

    const deleted = await stack.delete();
    expect(deleted).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(deletes ? undefined : SECURITY_V2));
    expect(everyAccountHolds('BILLING')).toEqual(everyAccount(deletes ? undefined : BILLING, 'BILLING'));
    // The resource is gone, and so is its claim: nothing keeps another OrganizationContacts from deleting later.
    expect(await aws.claims()).toEqual([]);
  });

  test('a failure elsewhere in the stack rolls every account back to the old declaration', async () => {
    const stack = aws.stack(newStackName());
    await stack.deploy(organizationStack(stack.stackName, { security: SECURITY, removal }));

    const result = await stack.deploy(organizationStack(stack.stackName, { security: SECURITY_V2, removal }, { failing: true }), {
      failingResources: ['FailsAfterContacts'],
    });

    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(result.failures.map((event) => event.logicalId)).toEqual(['FailsAfterContacts']);
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));
  });

  test('removed from a stack that keeps other resources: the cleanup follows the policy', async () => {
    const stack = aws.stack(newStackName());
    await stack.deploy(organizationStack(stack.stackName, { security: SECURITY, removal }));

    const result = await stack.deploy(synthesize(stack.stackName, (scope) => new CfnResource(scope, 'Kept', { type: 'AWS::SNS::Topic' })));

    expect(result).toMatchObject({ status: 'UPDATE_COMPLETE', failures: [] });
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(deletes ? undefined : SECURITY));
    expect(await aws.claims()).toEqual([]);
  });

  test('renamed: the contacts stay', async () => {
    const stack = aws.stack(newStackName());
    await stack.deploy(organizationStack(stack.stackName, { security: SECURITY, removal }));

    const result = await stack.deploy(organizationStack(stack.stackName, { security: SECURITY, removal }, { id: 'Contacts' }));

    expect(result).toMatchObject({ status: 'UPDATE_COMPLETE', failures: [] });
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));
  });

  test('a failed stack create rolls back: the contacts are deleted only under DESTROY', async () => {
    const stack = aws.stack(newStackName());
    const result = await stack.deploy(organizationStack(stack.stackName, { security: SECURITY, removal }, { failing: true }), {
      failingResources: ['FailsAfterContacts'],
    });

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.failures.map((event) => event.logicalId)).toEqual(['FailsAfterContacts']);
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(deletes ? undefined : SECURITY));
  });
});

describe("safety rails and restore, through whole stack operations (the role's policy enforced)", () => {
  const PREVIOUS: AlternateContact = { ...SECURITY, name: 'Previous Security' };

  test('maxAccountChanges: an update that would change more accounts fails before any write and rolls back; a dry run writes nothing', async () => {
    const stack = aws.stack(newStackName());
    const created = await stack.deploy(
      organizationStack(stack.stackName, {
        security: SECURITY,
        safety: { maxAccountChanges: accounts.length },
      }),
    );
    expect(created).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));

    aws.accountApi.requests.length = 0;
    const refused = await stack.deploy(
      organizationStack(stack.stackName, {
        security: SECURITY_V2,
        safety: { maxAccountChanges: 2 },
      }),
    );
    expect(refused.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(refused.failures.map((event) => event.reason)).toEqual([
      expect.stringContaining(`${accounts.length} of ${accounts.length} accounts would change, more than maxAccountChanges 2: nothing was written`),
    ]);
    expect(aws.accountApi.requests.filter((request) => request.operation.startsWith('Put'))).toEqual([]);
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));

    const dry = await stack.deploy(organizationStack(stack.stackName, { security: SECURITY_V2, safety: { dryRun: true } }));
    expect(dry).toMatchObject({ status: 'UPDATE_COMPLETE', failures: [] });
    expect(aws.accountApi.requests.filter((request) => request.operation.startsWith('Put'))).toEqual([]);
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));
  });

  test('ContactRemoval.RESTORE_PREVIOUS: a stack delete puts back what each account held, and deletes where it held nothing', async () => {
    const [withPrevious] = organization.memberAccountIds;
    aws.accountApi.seedAlternateContact(withPrevious, 'SECURITY', apiMembers(PREVIOUS));
    const stack = aws.stack(newStackName());
    const created = await stack.deploy(
      organizationStack(stack.stackName, {
        security: SECURITY,
        removal: ContactRemoval.RESTORE_PREVIOUS,
      }),
    );
    expect(created).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));

    const deleted = await stack.delete();
    expect(deleted).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });
    expect(everyAccountHolds('SECURITY')).toEqual(
      accounts.map((accountId) => (accountId === withPrevious ? { AlternateContactType: 'SECURITY', ...apiMembers(PREVIOUS) } : undefined)),
    );
  });
});

test('a retained OrganizationContacts that is gone does not keep a later one from deleting on removal', async () => {
  const retaining = aws.stack(newStackName());
  await retaining.deploy(organizationStack(retaining.stackName, { security: SECURITY }));
  expect(await retaining.delete()).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });
  expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));

  const destroying = aws.stack(newStackName());
  await destroying.deploy(organizationStack(destroying.stackName, { security: SECURITY_V2, removal: ContactRemoval.DESTROY }));
  expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY_V2));
  expect(await destroying.delete()).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });

  expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(undefined));
  expect(aws.logs.some((line) => line.includes('kept-declared-elsewhere'))).toBe(false);
});

test('a template deployed under a stack name other than the synthesized one (a StackSet instance): create and delete', async () => {
  const stack = aws.stack('StackSet-organization-contacts-7c1e2a9b-3f4d-4b8a-9e6c-5d2f1a7b8c9d');
  const props = { security: SECURITY, removal: ContactRemoval.DESTROY };
  expect(await stack.deploy(organizationStack('OrganizationContacts', props))).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
  expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));
  expect(await stack.delete()).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });
  expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(undefined));
});

describe('one owner per contact, across stacks (apps that synth alone)', () => {
  test("a unit's scope deploys through IAM with writes granted on account:AccountResourceOrgPaths only: its accounts, and no other", async () => {
    const stack = aws.stack(newStackName());
    const props = { security: SECURITY, accountSelection: { organizationalUnitIds: [organization.unitIds.workloads] } };
    const created = await stack.deploy(organizationStack(stack.stackName, props));
    expect(created).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
    const workloads = new Set(organization.accountsByUnit.workloads);
    const holds = accounts.map((accountId) => aws.accountApi.alternateContact(accountId, 'SECURITY') !== undefined);
    expect(holds).toEqual(accounts.map((accountId) => workloads.has(accountId)));
    expect(aws.proxy.denied).toEqual([]);
    expect((await stack.delete()).status).toBe('DELETE_COMPLETE');
  });

  test("a second stack whose scope holds the first's accounts fails before any write and rolls back, naming the first; the first deploys on", async () => {
    const platform = aws.stack(newStackName());
    expect(await platform.deploy(organizationStack(platform.stackName, { security: SECURITY }))).toMatchObject({
      status: 'CREATE_COMPLETE',
      failures: [],
    });
    aws.accountApi.requests.length = 0;

    const workloads = aws.stack(newStackName());
    const refused = await workloads.deploy(
      organizationStack(workloads.stackName, {
        security: SECURITY_V2,
        accountSelection: { organizationalUnitIds: [organization.unitIds.workloads] },
      }),
    );
    expect(refused.status).toBe('ROLLBACK_COMPLETE');
    expect(refused.failures.map((event) => event.reason)).toEqual([
      expect.stringContaining(
        `already have their SECURITY contacts declared by ${platform.stackName}/OrganizationContacts (stack ${platform.stackName}), which claimed them first: nothing was written`,
      ),
    ]);
    expect(aws.accountApi.requests.filter((request) => request.operation.startsWith('Put'))).toEqual([]);
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY));
    // The refused resource's claim went with its rollback: only the first owner's is left.
    expect(await aws.claims()).toEqual([expect.stringContaining(platform.stackName)]);

    expect(await platform.deploy(organizationStack(platform.stackName, { security: SECURITY_V2 }))).toMatchObject({
      status: 'UPDATE_COMPLETE',
      failures: [],
    });
    expect(everyAccountHolds('SECURITY')).toEqual(everyAccount(SECURITY_V2));
  });
});
