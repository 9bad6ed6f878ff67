/**
 * SecurityContacts through whole CloudFormation stack operations (test/support/cloudformation-simulator.ts): the
 * update phase, the cleanup phase, rollbacks and stack deletes, with the handler's role policy enforced at every
 * moment. After each step the test asserts what the account holds: nothing lost, nothing written that the stack
 * does not declare.
 */
import { CfnParameter, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlternateContact, SecurityContacts, SecurityContactsProps } from '../../src';
import { SimulatedAws, useSimulatedAws } from '../support/cloudformation-simulator';
import { BILLING, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { STACK_ENV, synthesize } from '../support/synthesize';

const OWN = STACK_ENV.account;
const MEMBER = '222222222222';
const OTHER_MEMBER = '333333333333';
const SECURITY_V2: AlternateContact = { ...SECURITY, name: 'Security Incident Response', emailAddress: 'security-ir@example.com' };

let aws: SimulatedAws;
useSimulatedAws(
  {
    accountId: OWN,
    accountApi: { memberAccountIds: [MEMBER, OTHER_MEMBER] },
    personalData: [SECURITY, SECURITY_V2, BILLING].flatMap((contact) => [contact.emailAddress, contact.phoneNumber]),
  },
  (started) => (aws = started),
);

let stackCount = 0;
function newStackName(): string {
  stackCount += 1;
  return `Contacts${stackCount}`;
}

/** The alternate contact an account holds, in the API's member names, or `undefined`. */
function holds(accountId: string, type: string): Record<string, string> | undefined {
  return aws.accountApi.alternateContact(accountId, type);
}

function stored(contact: AlternateContact, type = 'SECURITY') {
  return { AlternateContactType: type, ...apiMembers(contact) };
}

/** A stack with one SecurityContacts construct (at `path`, made of scopes) and what else `extra` adds. */
function contactsStack(stackName: string, props: SecurityContactsProps, options: { path?: string[]; extra?: (stack: Stack) => void } = {}) {
  return synthesize(stackName, (stack) => {
    const segments = options.path ?? ['Contacts'];
    let scope: Construct = stack;
    for (const segment of segments.slice(0, -1)) {
      scope = (scope.node.tryFindChild(segment) as Construct | undefined) ?? new Construct(scope, segment);
    }
    new SecurityContacts(scope, segments[segments.length - 1], props);
    options.extra?.(stack);
  });
}

/** A resource of the same stack that fails when it is created or updated, after the contacts (it depends on them). */
function failingResourceAfterContacts(stack: Stack): void {
  const failing = new CfnResource(stack, 'FailsAfterContacts', { type: 'AWS::SNS::Topic' });
  failing.node.addDependency(stack.node.findChild('Contacts'));
}

/** `<account>/<TYPE>` of every claim left in SSM Parameter Store, sorted. */
async function claimedContacts(): Promise<string[]> {
  return (await aws.claims()).map((name) => name.split('/').slice(3, 5).join('/'));
}

const putCount = () => aws.accountApi.count('PutAlternateContact', 200);
const deleteCount = () => aws.accountApi.count('DeleteAlternateContact', 200);

describe.each([RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE])('removal policy %s', (removalPolicy) => {
  const deletesOnRemoval = removalPolicy === RemovalPolicy.DESTROY;
  // RETAIN_ON_UPDATE_OR_DELETE is CloudFormation's RetainExceptOnCreate: no Delete request after a successful create,
  // so the function cannot release the claim (README, Limits). RETAIN is kept by the function itself.
  const claimOutlivesResource = removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

  test('create, unchanged redeploy, changed value, stack delete', async () => {
    const stack = aws.stack(newStackName());
    const props = { security: SECURITY, billing: BILLING, accountId: MEMBER, removalPolicy };

    const created = await stack.deploy(contactsStack(stack.stackName, props));
    expect(created.failures).toEqual([]);
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY));
    expect(holds(MEMBER, 'BILLING')).toEqual(stored(BILLING, 'BILLING'));

    // The function logged what it did, masked.
    expect(aws.logs.some((line) => line.includes('"action":"created"') && line.includes('s***y@example.com'))).toBe(true);

    const puts = putCount();
    const unchanged = await stack.deploy(contactsStack(stack.stackName, props));
    expect(unchanged.status).toBe('UPDATE_COMPLETE');
    expect(unchanged.events).toEqual([]);
    expect(putCount()).toBe(puts);

    const changed = await stack.deploy(contactsStack(stack.stackName, { ...props, security: SECURITY_V2 }));
    expect(changed).toMatchObject({ status: 'UPDATE_COMPLETE', failures: [] });
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY_V2));
    expect(holds(MEMBER, 'BILLING')).toEqual(stored(BILLING, 'BILLING'));

    const deleted = await stack.delete();
    expect(deleted).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });
    expect(holds(MEMBER, 'SECURITY')).toEqual(deletesOnRemoval ? undefined : stored(SECURITY_V2));
    expect(holds(MEMBER, 'BILLING')).toEqual(deletesOnRemoval ? undefined : stored(BILLING, 'BILLING'));
    // The resources are gone, and so are their claims: nothing keeps another stack from deleting these contacts later.
    expect(await claimedContacts()).toEqual(claimOutlivesResource ? [`${MEMBER}/BILLING`, `${MEMBER}/SECURITY`] : []);
  });

  test('a construct removed from a stack that keeps another', async () => {
    const stack = aws.stack(newStackName());
    const both = synthesize(stack.stackName, (scope) => {
      new SecurityContacts(scope, 'Kept', { security: SECURITY, removalPolicy });
      new SecurityContacts(scope, 'Removed', { security: SECURITY, accountId: MEMBER, removalPolicy });
    });
    expect((await stack.deploy(both)).status).toBe('CREATE_COMPLETE');
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY));

    const oneLeft = synthesize(stack.stackName, (scope) => {
      new SecurityContacts(scope, 'Kept', { security: SECURITY, removalPolicy });
    });
    const result = await stack.deploy(oneLeft);

    expect(result.failures).toEqual([]);
    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(holds(MEMBER, 'SECURITY')).toEqual(deletesOnRemoval ? undefined : stored(SECURITY));
    expect(holds(OWN, 'SECURITY')).toEqual(stored(SECURITY));
    expect(await claimedContacts()).toEqual((claimOutlivesResource ? [`${MEMBER}/SECURITY`, `${OWN}/SECURITY`] : [`${OWN}/SECURITY`]).sort());
    expect(aws.proxy.denied).toEqual([]);
    await stack.delete();
  });

  test('a changed accountId moves the contact; the old account keeps it only when the policy retains', async () => {
    const stack = aws.stack(newStackName());
    await stack.deploy(contactsStack(stack.stackName, { security: SECURITY, accountId: MEMBER, removalPolicy }));

    const result = await stack.deploy(contactsStack(stack.stackName, { security: SECURITY, accountId: OTHER_MEMBER, removalPolicy }));

    expect(result.failures).toEqual([]);
    expect(holds(OTHER_MEMBER, 'SECURITY')).toEqual(stored(SECURITY));
    expect(holds(MEMBER, 'SECURITY')).toEqual(deletesOnRemoval ? undefined : stored(SECURITY));
    expect(await claimedContacts()).toEqual(
      claimOutlivesResource ? [`${MEMBER}/SECURITY`, `${OTHER_MEMBER}/SECURITY`] : [`${OTHER_MEMBER}/SECURITY`],
    );
    expect(aws.proxy.denied).toEqual([]);
    await stack.delete();
  });

  test.each([
    ['renamed', ['Contacts'], ['SecurityContacts']],
    ['moved into another scope', ['Contacts'], ['Platform', 'Contacts']],
  ])('a construct %s keeps the live contact', async (_change, fromPath, toPath) => {
    const stack = aws.stack(newStackName());
    const props = { security: SECURITY, accountId: MEMBER, removalPolicy };
    await stack.deploy(contactsStack(stack.stackName, props, { path: fromPath }));

    const result = await stack.deploy(contactsStack(stack.stackName, props, { path: toPath }));

    expect(result.failures).toEqual([]);
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY));
    // And the stack still manages it: a later removal behaves as the policy says.
    await stack.delete();
    expect(holds(MEMBER, 'SECURITY')).toEqual(deletesOnRemoval ? undefined : stored(SECURITY));
  });

  test('a failure elsewhere in the stack rolls the contacts back to their old values', async () => {
    const stack = aws.stack(newStackName());
    await stack.deploy(contactsStack(stack.stackName, { security: SECURITY, accountId: MEMBER, removalPolicy }));

    const result = await stack.deploy(
      contactsStack(stack.stackName, { security: SECURITY_V2, accountId: MEMBER, removalPolicy }, { extra: failingResourceAfterContacts }),
      { failingResources: ['FailsAfterContacts'] },
    );

    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(result.failures.map((event) => event.logicalId)).toEqual(['FailsAfterContacts']);
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY));
    await stack.delete();
  });

  test('a changed accountId rolled back leaves the old account as it was', async () => {
    const stack = aws.stack(newStackName());
    await stack.deploy(contactsStack(stack.stackName, { security: SECURITY, accountId: MEMBER, removalPolicy }));

    const result = await stack.deploy(
      contactsStack(stack.stackName, { security: SECURITY, accountId: OTHER_MEMBER, removalPolicy }, { extra: failingResourceAfterContacts }),
      { failingResources: ['FailsAfterContacts'] },
    );

    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(result.failures.map((event) => event.logicalId)).toEqual(['FailsAfterContacts']);
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY));
    await stack.delete();
  });

  test('a failed stack create rolls back: the contact is deleted unless the policy retains it', async () => {
    const stack = aws.stack(newStackName());
    const result = await stack.deploy(
      contactsStack(stack.stackName, { security: SECURITY, accountId: MEMBER, removalPolicy }, { extra: failingResourceAfterContacts }),
      { failingResources: ['FailsAfterContacts'] },
    );

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.failures.map((event) => event.logicalId)).toEqual(['FailsAfterContacts']);
    // Retain keeps a resource even when its stack's create rolls back; RetainExceptOnCreate does not.
    expect(holds(MEMBER, 'SECURITY')).toEqual(removalPolicy === RemovalPolicy.RETAIN ? stored(SECURITY) : undefined);
  });

  test('a construct added to a running stack whose update fails is taken back', async () => {
    const stack = aws.stack(newStackName());
    await stack.deploy(synthesize(stack.stackName, (scope) => new SecurityContacts(scope, 'Kept', { security: SECURITY, removalPolicy })));

    const result = await stack.deploy(
      synthesize(stack.stackName, (scope) => {
        new SecurityContacts(scope, 'Kept', { security: SECURITY, removalPolicy });
        new SecurityContacts(scope, 'Contacts', { security: SECURITY, accountId: MEMBER, removalPolicy });
        failingResourceAfterContacts(scope);
      }),
      { failingResources: ['FailsAfterContacts'] },
    );

    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(result.failures.map((event) => event.logicalId)).toEqual(['FailsAfterContacts']);
    expect(holds(MEMBER, 'SECURITY')).toEqual(removalPolicy === RemovalPolicy.RETAIN ? stored(SECURITY) : undefined);
    expect(holds(OWN, 'SECURITY')).toEqual(stored(SECURITY));
    await stack.delete();
  });
});

describe('failures of the contacts themselves', () => {
  test('an invalid value known only at deploy time fails the create before any write, and the rollback writes nothing', async () => {
    const stack = aws.stack(newStackName());
    const puts = putCount();
    const deletes = deleteCount();
    const artifact = synthesize(stack.stackName, (scope) => {
      const email = new CfnParameter(scope, 'SecurityEmail').valueAsString;
      new SecurityContacts(scope, 'Contacts', {
        security: { ...SECURITY, emailAddress: email },
        accountId: MEMBER,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    });

    const result = await stack.deploy(artifact, { parameters: { SecurityEmail: 'not-an-email' } });

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.failures[0].reason).toMatch(
      /Contacts[0-9]+\/Contacts: security\.emailAddress 'n\*\*\*l' \(12 characters, masked\) does not match the AWS pattern/,
    );
    expect(putCount()).toBe(puts);
    expect(deleteCount()).toBe(deletes);
    expect(holds(MEMBER, 'SECURITY')).toBeUndefined();
  });

  test.each([RemovalPolicy.RETAIN, RemovalPolicy.DESTROY])(
    'a create that the API refuses (%s) rolls back and leaves no claim behind',
    async (removalPolicy) => {
      const stack = aws.stack(newStackName());
      const outsider = '444444444444';

      const result = await stack.deploy(contactsStack(stack.stackName, { security: SECURITY, accountId: outsider, removalPolicy }));

      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(result.failures[0].reason).toMatch(/444444444444/);
      expect(holds(outsider, 'SECURITY')).toBeUndefined();
      expect(await claimedContacts()).toEqual([]);
    },
  );
});

describe('two resources for the same account and type', () => {
  test('in one stack: refused at synth, naming both constructs', () => {
    expect(() =>
      synthesize('Twice', (scope) => {
        new SecurityContacts(scope, 'First', { security: SECURITY, accountId: MEMBER });
        new SecurityContacts(scope, 'Second', { security: SECURITY, billing: BILLING, accountId: MEMBER });
      }),
    ).toThrow(/Twice\/Second.*SECURITY contact of account 222222222222 is already declared by Twice\/First/);
  });

  test('in two stacks: the last deployment wins, and removing one stack keeps the contact the other declares', async () => {
    const first = aws.stack(newStackName());
    const second = aws.stack(newStackName());
    await first.deploy(contactsStack(first.stackName, { security: SECURITY, accountId: MEMBER, removalPolicy: RemovalPolicy.DESTROY }));
    await second.deploy(contactsStack(second.stackName, { security: SECURITY_V2, accountId: MEMBER, removalPolicy: RemovalPolicy.DESTROY }));
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY_V2));

    expect((await second.delete()).failures).toEqual([]);
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY_V2));

    expect((await first.delete()).failures).toEqual([]);
    expect(holds(MEMBER, 'SECURITY')).toBeUndefined();
  });

  test('a retained construct that is gone does not keep another stack from deleting the contact later', async () => {
    // A team moves its contacts from a stack that retained them to one that deletes them on removal.
    const retaining = aws.stack(newStackName());
    await retaining.deploy(contactsStack(retaining.stackName, { security: SECURITY, accountId: MEMBER }));
    expect((await retaining.delete()).failures).toEqual([]);
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY));

    const destroying = aws.stack(newStackName());
    await destroying.deploy(contactsStack(destroying.stackName, { security: SECURITY_V2, accountId: MEMBER, removalPolicy: RemovalPolicy.DESTROY }));
    expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY_V2));
    expect((await destroying.delete()).failures).toEqual([]);

    expect(holds(MEMBER, 'SECURITY')).toBeUndefined();
    expect(aws.logs.some((line) => line.includes('kept-declared-elsewhere'))).toBe(false);
  });
});

describe('a template deployed under a stack name other than the synthesized one', () => {
  // StackSets name their stack instances StackSet-<set>-<id>, Service Catalog SC-<account>-pp-<id>, and
  // `aws cloudformation deploy --stack-name` takes any name: the claims are named after the running stack.
  test.each(['StackSet-account-contacts-0f3a9c2e-5d1b-4e8f-9a7c-2b6d4e8f1a3c', 'SC-111111111111-pp-abcdefghijklm'])(
    '%s: create, update and delete',
    async (deployedName) => {
      const stack = aws.stack(deployedName);
      const props = { security: SECURITY, accountId: MEMBER, removalPolicy: RemovalPolicy.DESTROY };
      expect(await stack.deploy(contactsStack('AccountContacts', props))).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
      expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY));

      expect(await stack.deploy(contactsStack('AccountContacts', { ...props, security: SECURITY_V2 }))).toMatchObject({
        status: 'UPDATE_COMPLETE',
        failures: [],
      });
      expect(holds(MEMBER, 'SECURITY')).toEqual(stored(SECURITY_V2));

      expect(await stack.delete()).toMatchObject({ status: 'DELETE_COMPLETE', failures: [] });
      expect(holds(MEMBER, 'SECURITY')).toBeUndefined();
    },
  );
});
