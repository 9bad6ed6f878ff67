/**
 * AccountContactDetails through whole CloudFormation stack operations (test/support/cloudformation-simulator.ts).
 * The Account Management API cannot delete a primary contact: removal, stack delete and rollback of a create leave
 * it as it is; a rolled-back update puts the old values back.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountContactDetails, ContactInformation } from '../../src';
import { contactInformationToApiMembers } from '../../src/contacts/api-members';
import { SimulatedAws, useSimulatedAws } from '../support/cloudformation-simulator';
import { PRIMARY } from '../support/contacts-fixtures';
import { STACK_ENV, synthesize } from '../support/synthesize';

const OWN = STACK_ENV.account;
const MEMBER = '222222222222';
const OTHER_MEMBER = '333333333333';
const PRIMARY_V2: ContactInformation = { ...PRIMARY, fullName: 'Example Corp Cloud Center of Excellence', addressLine1: '500 Other Street' };

let aws: SimulatedAws;
useSimulatedAws(
  {
    accountId: OWN,
    accountApi: { memberAccountIds: [MEMBER, OTHER_MEMBER] },
    personalData: [PRIMARY.phoneNumber, PRIMARY_V2.phoneNumber],
  },
  (started) => (aws = started),
);

let stackCount = 0;
const newStackName = () => `Primary${++stackCount}`;
const holds = (accountId: string) => aws.accountApi.contactInformation(accountId);
const stored = (information: ContactInformation) => contactInformationToApiMembers(information);

function primaryStack(stackName: string, information: ContactInformation, options: { accountId?: string; path?: string[]; failing?: boolean } = {}) {
  return synthesize(stackName, (stack: Stack) => {
    const segments = options.path ?? ['Primary'];
    let scope: Construct = stack;
    for (const segment of segments.slice(0, -1)) {
      scope = new Construct(scope, segment);
    }
    const id = segments[segments.length - 1];
    const details = new AccountContactDetails(scope, id, { contactInformation: information, accountId: options.accountId });
    if (options.failing) {
      new CfnResource(stack, 'FailsAfterContacts', { type: 'AWS::SNS::Topic' }).node.addDependency(details);
    }
  });
}

test('create, unchanged redeploy, changed value, stack delete (the primary contact stays)', async () => {
  const stack = aws.stack(newStackName());
  expect(await stack.deploy(primaryStack(stack.stackName, PRIMARY, { accountId: MEMBER }))).toMatchObject({
    status: 'CREATE_COMPLETE',
    failures: [],
  });
  expect(holds(MEMBER)).toEqual(stored(PRIMARY));

  const unchanged = await stack.deploy(primaryStack(stack.stackName, PRIMARY, { accountId: MEMBER }));
  expect(unchanged.events).toEqual([]);

  expect((await stack.deploy(primaryStack(stack.stackName, PRIMARY_V2, { accountId: MEMBER }))).failures).toEqual([]);
  expect(holds(MEMBER)).toEqual(stored(PRIMARY_V2));

  const deleted = await stack.delete();
  expect(deleted).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });
  const contactEvents = deleted.events.filter((event) => event.logicalId.startsWith('Primary') && !event.logicalId.includes('Permissions'));
  expect(contactEvents.map((event) => event.action)).toEqual(['Retain']);
  expect(holds(MEMBER)).toEqual(stored(PRIMARY_V2));
  expect(aws.accountApi.count('PutContactInformation')).toBe(2);
});

test('a changed accountId writes the new account and leaves the old one as it was', async () => {
  const stack = aws.stack(newStackName());
  await stack.deploy(primaryStack(stack.stackName, PRIMARY, { accountId: MEMBER }));

  const result = await stack.deploy(primaryStack(stack.stackName, PRIMARY_V2, { accountId: OTHER_MEMBER }));

  expect(result.failures).toEqual([]);
  expect(holds(OTHER_MEMBER)).toEqual(stored(PRIMARY_V2));
  expect(holds(MEMBER)).toEqual(stored(PRIMARY));
  expect(aws.proxy.denied).toEqual([]);
});

test.each([
  ['renamed', ['PrimaryContact']],
  ['moved into another scope', ['Platform', 'Primary']],
])('a construct %s keeps the primary contact and writes nothing', async (_change, toPath) => {
  const stack = aws.stack(newStackName());
  await stack.deploy(primaryStack(stack.stackName, PRIMARY));
  const puts = aws.accountApi.count('PutContactInformation');

  const result = await stack.deploy(primaryStack(stack.stackName, PRIMARY, { path: toPath }));

  expect(result.failures).toEqual([]);
  expect(holds(OWN)).toEqual(stored(PRIMARY));
  expect(aws.accountApi.count('PutContactInformation')).toBe(puts);
});

test('a failure elsewhere in the stack rolls the primary contact back to its old values', async () => {
  const stack = aws.stack(newStackName());
  await stack.deploy(primaryStack(stack.stackName, PRIMARY, { accountId: MEMBER }));

  const result = await stack.deploy(primaryStack(stack.stackName, PRIMARY_V2, { accountId: MEMBER, failing: true }), {
    failingResources: ['FailsAfterContacts'],
  });

  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(result.failures.map((event) => event.logicalId)).toEqual(['FailsAfterContacts']);
  expect(holds(MEMBER)).toEqual(stored(PRIMARY));
});

test('a changed accountId rolled back leaves the old account as it was and the new one written (it cannot be deleted)', async () => {
  const stack = aws.stack(newStackName());
  await stack.deploy(primaryStack(stack.stackName, PRIMARY, { accountId: MEMBER }));

  const result = await stack.deploy(primaryStack(stack.stackName, PRIMARY_V2, { accountId: OTHER_MEMBER, failing: true }), {
    failingResources: ['FailsAfterContacts'],
  });

  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(holds(MEMBER)).toEqual(stored(PRIMARY));
  expect(holds(OTHER_MEMBER)).toEqual(stored(PRIMARY_V2));
});

test("two constructs for one account's primary contact in one stack are refused at synth", () => {
  expect(() =>
    synthesize('TwicePrimary', (stack) => {
      new AccountContactDetails(stack, 'First', { contactInformation: PRIMARY, accountId: MEMBER });
      new AccountContactDetails(stack, 'Second', { contactInformation: PRIMARY_V2, accountId: MEMBER });
    }),
  ).toThrow(/TwicePrimary\/Second.*PRIMARY contact of account 222222222222 is already declared by TwicePrimary\/First/);
});
