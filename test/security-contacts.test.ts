import * as accountSdk from '@aws-sdk/client-account';
import { App, CfnParameter, Annotations as CoreAnnotations, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AccountContactDetails, SecurityContacts, SecurityContactsProps } from '../src';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from './support/contacts-fixtures';

const ENV = { account: '111122223333', region: 'us-east-1' };

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

describe('resources', () => {
  test('one Custom::AccountAlternateContact per declared type, with the construct path and no AccountId for the own account', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, billing: BILLING });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::AccountAlternateContact', 2);
    template.hasResourceProperties('Custom::AccountAlternateContact', {
      ConstructPath: 'Stack/Contacts',
      AlternateContactType: 'SECURITY',
      Name: SECURITY.name,
      Title: SECURITY.title,
      EmailAddress: SECURITY.emailAddress,
      PhoneNumber: SECURITY.phoneNumber,
      AccountId: Match.absent(),
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AccountContactsProviderFunction'), 'Arn'] },
    });
    template.hasResourceProperties('Custom::AccountAlternateContact', { AlternateContactType: 'BILLING', EmailAddress: BILLING.emailAddress });
  });

  test('a member account is passed as AccountId', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, accountId: '444455556666' });
    Template.fromStack(stack).hasResourceProperties('Custom::AccountAlternateContact', {
      AccountId: '444455556666',
      AlternateContactType: 'SECURITY',
    });
  });

  test('constructs in one stack share one function (singleton provider)', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'A', { security: SECURITY });
    new SecurityContacts(stack, 'B', { security: SECURITY, accountId: '444455556666' });
    new SecurityContacts(stack, 'C', { security: SECURITY, accountId: '777788889999' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('Custom::AccountAlternateContact', 3);
  });

  test('the function runs on the current Node.js runtime with the bundled handler, a 5-minute timeout and its own log group', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 300,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^AccountContactsProviderLogGroup') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test("every contact resource waits for the stack's contact-permissions policy (so it is deleted after them)", () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, billing: BILLING, removalPolicy: RemovalPolicy.DESTROY });
    new AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY });
    const template = Template.fromStack(stack);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['account:PutAlternateContact']) })]) },
      },
    });
    expect(Object.keys(policies)).toEqual([expect.stringMatching(/^AccountContactsPermissions[0-9A-F]{8}$/)]);
    const [policyId] = Object.keys(policies);
    expect(policies[policyId].Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^AccountContactsProviderRole/) }]);
    const contactResources = {
      ...template.findResources('Custom::AccountAlternateContact'),
      ...template.findResources('Custom::AccountContactInformation'),
    };
    expect(Object.keys(contactResources)).toHaveLength(3);
    for (const resource of Object.values(contactResources)) {
      expect(resource.DependsOn).toEqual([policyId]);
    }
    // The role's default policy holds only the log permissions.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^AccountContactsProviderRoleDefaultPolicy'),
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] },
    });
  });

  test("the policy's logical id changes with what it grants, so the old one outlives the old resources", () => {
    const policyIdOf = (props: Partial<SecurityContactsProps>) => {
      const stack = newStack();
      new SecurityContacts(stack, 'Contacts', { security: SECURITY, removalPolicy: RemovalPolicy.DESTROY, ...props });
      return Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((id) => id.startsWith('AccountContactsPermissions'));
    };
    const base = policyIdOf({ accountId: '444455556666' });
    expect(base).toHaveLength(1);
    // The same grants: the same policy (an unchanged redeploy touches nothing).
    expect(policyIdOf({ accountId: '444455556666', security: { ...SECURITY, name: 'Another name' } })).toEqual(base);
    expect(policyIdOf({ accountId: '777788889999' })).not.toEqual(base);
    expect(policyIdOf({ accountId: '444455556666', billing: BILLING })).not.toEqual(base);
    expect(policyIdOf({ accountId: '444455556666', removalPolicy: RemovalPolicy.RETAIN })).not.toEqual(base);
  });

  test("ten constructs of three types fit the role's 10,240 characters of inline policy, under a StackSet instance's name too", () => {
    const stack = newStack();
    for (let index = 0; index < 10; index++) {
      new SecurityContacts(stack, `Account${index}`, {
        security: SECURITY,
        billing: BILLING,
        operations: OPERATIONS,
        accountId: String(444455550000 + index),
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
    const documents = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).map((policy) => policy.Properties.PolicyDocument);
    // As IAM counts: without white space, with the partition and the name of the running stack (the claims carry it).
    const resolved = (value: unknown, stackName: string): unknown => {
      if (Array.isArray(value)) {
        return value.map((item) => resolved(item, stackName));
      }
      if (value && typeof value === 'object') {
        const object = value as Record<string, unknown>;
        if ('Ref' in object) {
          return ({ 'AWS::Partition': 'aws', 'AWS::StackName': stackName } as Record<string, string>)[object.Ref as string] ?? object;
        }
        if ('Fn::Join' in object) {
          const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
          return parts.map((part) => resolved(part, stackName)).join(separator);
        }
        return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolved(item, stackName)]));
      }
      return value;
    };
    const characters = (stackName: string) =>
      documents.map((document) => JSON.stringify(resolved(document, stackName)).length).reduce((total, length) => total + length, 0);
    expect(characters('Stack')).toBeLessThan(8_000);
    // StackSet-<set name>-<uuid>: 62 characters here.
    expect(characters('StackSet-account-contacts-0f3a9c2e-5d1b-4e8f-9a7c-2b6d4e8f1a3c')).toBeLessThan(10_240);
    console.log(
      `inline policy of 10 SecurityContacts × 3 types: ${characters('Stack')} characters (stack 'Stack'), ${characters('StackSet-account-contacts-0f3a9c2e-5d1b-4e8f-9a7c-2b6d4e8f1a3c')} (a StackSet instance)`,
    );
  });

  test('the claims: each resource may write and delete only its own claim parameter, and list its account and type', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, accountId: '444455556666', removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    const [logicalId] = Object.keys(template.findResources('Custom::AccountAlternateContact'));
    const ssmArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:111122223333:parameter/${name}`]] });
    // A claim is named after the running stack (AWS::StackName): a StackSet instance's name is not the synthesized one.
    const claimArn = (claims: string, resourceId: string) => ({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:111122223333:parameter/${claims}/`, { Ref: 'AWS::StackName' }, `.${resourceId}`],
      ],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['ssm:DeleteParameter', 'ssm:PutParameter'],
            Resource: claimArn('cdk-account-contacts/claims/444455556666/SECURITY', logicalId),
          },
          { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: ssmArn('cdk-account-contacts/claims/444455556666/SECURITY') },
        ]),
      },
    });
  });

  test('the handler is told whether the removal policy lets it delete', () => {
    const deleteOnRemoval = (removalPolicy: RemovalPolicy) => {
      const stack = newStack();
      new SecurityContacts(stack, 'Contacts', { security: SECURITY, removalPolicy });
      return Object.values(Template.fromStack(stack).findResources('Custom::AccountAlternateContact'))[0].Properties.DeleteOnRemoval;
    };
    expect(deleteOnRemoval(RemovalPolicy.RETAIN)).toBe('false');
    expect(deleteOnRemoval(RemovalPolicy.DESTROY)).toBe('true');
    expect(deleteOnRemoval(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)).toBe('true');
  });

  test('CloudFormation waits at most 6 minutes for an answer (ServiceTimeout), not its default hour', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY });
    new AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 300 });
    template.hasResourceProperties('Custom::AccountAlternateContact', { ServiceTimeout: '360' });
    template.hasResourceProperties('Custom::AccountContactInformation', { ServiceTimeout: '360' });
  });

  test('no email address or phone number reaches a logical id, an environment variable or an output', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY });
    const template = Template.fromStack(stack).toJSON();
    const outsideContactResources = JSON.stringify({
      ids: Object.keys(template.Resources),
      functions: Object.values(template.Resources as Record<string, { Type: string }>).filter(
        (resource) => resource.Type !== 'Custom::AccountAlternateContact',
      ),
      outputs: template.Outputs ?? {},
    });
    expect(outsideContactResources).not.toContain(SECURITY.emailAddress);
    expect(outsideContactResources).not.toContain(SECURITY.phoneNumber);
  });
});

describe('removal', () => {
  test('RETAIN is the default: the function keeps the contacts, and CloudFormation still sends the Delete that releases the claim', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY });
    const template = Template.fromStack(stack);
    template.hasResource('Custom::AccountAlternateContact', {
      Properties: Match.objectLike({ DeleteOnRemoval: 'false' }),
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
    // And its role could not delete a contact if it tried.
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('account:DeleteAlternateContact');
  });

  test('DESTROY lets CloudFormation call the handler, which deletes the contact', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('Custom::AccountAlternateContact', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('RETAIN_ON_UPDATE_OR_DELETE keeps contacts except when a create is rolled back, so the role may delete', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    const template = Template.fromStack(stack);
    template.hasResource('Custom::AccountAlternateContact', { DeletionPolicy: 'RetainExceptOnCreate' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['account:DeleteAlternateContact']) })]) },
    });
  });

  test('no contact at all (empty props, as a Java builder with nothing set gives them) is a synth error naming the path, not a TypeError', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', {});
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Contacts\] security is required: CIS AWS Foundations Benchmark/);
  });

  test('SNAPSHOT is rejected', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, removalPolicy: RemovalPolicy.SNAPSHOT });
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Contacts\] removalPolicy SNAPSHOT is not supported/);
  });
});

describe('IAM', () => {
  function statements(stack: Stack): any[] {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    return Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
  }

  test('the own account: Get and Put on the account ARN, for the declared types only, no Delete under RETAIN', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, operations: OPERATIONS });
    const accountStatements = statements(stack).filter((statement) =>
      [statement.Action].flat().some((action: string) => action.startsWith('account:')),
    );
    expect(accountStatements).toEqual([
      {
        Effect: 'Allow',
        Action: ['account:GetAlternateContact', 'account:PutAlternateContact'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':account::111122223333:account']] },
        Condition: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': ['OPERATIONS', 'SECURITY'] } },
      },
    ]);
  });

  test('a member account: the accountInOrganization ARN pinned to its id, with Delete under DESTROY', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, accountId: '444455556666', removalPolicy: RemovalPolicy.DESTROY });
    expect(statements(stack)).toContainEqual({
      Effect: 'Allow',
      Action: ['account:DeleteAlternateContact', 'account:GetAlternateContact', 'account:PutAlternateContact'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':account::*:account/o-*/444455556666']] },
      Condition: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': ['SECURITY'] } },
    });
  });

  test('an account id equal to the stack account is the own account', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, accountId: '111122223333' });
    const resources = statements(stack)
      .filter((statement) => statement.Action.includes?.('account:PutAlternateContact'))
      .map((statement) => statement.Resource);
    expect(resources).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':account::111122223333:account']] }]);
  });

  test('a token account id gets both ARNs, since only the handler can tell', () => {
    const stack = newStack();
    const accountId = new CfnParameter(stack, 'AccountId').valueAsString;
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, accountId });
    const statement = statements(stack).find((candidate) => candidate.Action.includes?.('account:PutAlternateContact'));
    expect(statement.Resource).toHaveLength(2);
  });

  test('the role allows logs only on its own log group, and has no managed policy', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY });
    const logGroupId = Object.keys(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'))[0];
    expect(statements(stack)).toContainEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('every account action granted is an operation of the AWS Account API', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, removalPolicy: RemovalPolicy.DESTROY });
    const sdk = accountSdk as unknown as Record<string, unknown>;
    const actions = statements(stack)
      .flatMap((statement) => [statement.Action].flat())
      .filter((action: string) => action.startsWith('account:'));
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      expect(sdk[`${action.replace('account:', '')}Command`]).toBeDefined();
    }
  });
});

describe('validation at synth time', () => {
  test.each([
    [
      'security',
      { ...SECURITY, emailAddress: 'bob@' },
      "[Stack/Contacts] security.emailAddress 'b***b@' (4 characters, masked) does not match the AWS pattern ^[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*$ (Account Management API, AlternateContact.EmailAddress)",
    ],
    [
      'billing',
      { ...BILLING, name: 'x'.repeat(65) },
      "[Stack/Contacts] billing.name 'x***' (65 characters, masked) is too long: it must be 1 to 64 characters long (Account Management API, AlternateContact.Name)",
    ],
    [
      'operations',
      { ...OPERATIONS, title: '' },
      '[Stack/Contacts] operations.title is empty: it must be 1 to 50 characters long (Account Management API, AlternateContact.Title)',
    ],
    [
      'operations',
      { ...OPERATIONS, phoneNumber: 'ext 12' },
      "[Stack/Contacts] operations.phoneNumber '*** **' (6 characters, masked) does not match the AWS pattern ^[\\s0-9()+-]+$ (Account Management API, AlternateContact.PhoneNumber)",
    ],
  ])('%s with a bad value fails synth with the path, the field, the problem and the rule', (property, contact, message) => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, [property]: contact });
    expect(() => Template.fromStack(stack)).toThrow(message);
  });

  test('a bad account id fails synth', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, accountId: '1234' });
    expect(() => Template.fromStack(stack)).toThrow("[Stack/Contacts] accountId '1234' (4 characters) does not match the AWS pattern ^\\d{12}$");
  });

  test("an empty account id fails synth instead of meaning the stack's own account", () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, accountId: '' });
    expect(() => Template.fromStack(stack)).toThrow(
      "[Stack/Contacts] accountId is empty: it must be a 12-digit account id; leave accountId out for the stack's own account (Account Management API, PutAlternateContactRequest.AccountId)",
    );
  });

  test('every problem of every construct is reported together', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'One', { security: { ...SECURITY, emailAddress: 'x', phoneNumber: 'y' } });
    new SecurityContacts(stack, 'Two', { security: SECURITY, accountId: 'abc' });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/One\] security\.emailAddress[\s\S]*\[Stack\/One\] security\.phoneNumber[\s\S]*\[Stack\/Two\] accountId/,
    );
  });

  test('token values pass synth and are checked by the handler at deploy time', () => {
    const stack = newStack();
    const email = new CfnParameter(stack, 'SecurityEmail').valueAsString;
    const accountId = new CfnParameter(stack, 'AccountId').valueAsString;
    new SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, emailAddress: email }, accountId });
    Template.fromStack(stack).hasResourceProperties('Custom::AccountAlternateContact', {
      EmailAddress: { Ref: 'SecurityEmail' },
      AccountId: { Ref: 'AccountId' },
    });
  });
});

describe('advice', () => {
  test("a SECURITY email that looks like one person's mailbox is a warning with a stable id", () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, emailAddress: 'jane.doe@example.com' } });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Contacts',
      Match.stringLikeRegexp(
        "security.emailAddress 'j\\*\\*\\*e@example.com' looks like one person's mailbox.*\\[ack: cdk-account-contacts:securityEmailLooksPersonal\\]",
      ),
    );
  });

  test('the same email for all three types is a warning', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', {
      security: SECURITY,
      billing: { ...BILLING, emailAddress: SECURITY.emailAddress },
      operations: { ...OPERATIONS, emailAddress: SECURITY.emailAddress },
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Contacts', Match.stringLikeRegexp('cdk-account-contacts:sameEmailForAllContactTypes'));
  });

  test('a phone number without an international prefix is a warning', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, phoneNumber: '206 555 0100' } });
    Annotations.fromStack(stack).hasWarning('/Stack/Contacts', Match.stringLikeRegexp('security.phoneNumber has no international prefix'));
  });

  test('team aliases give no warning', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', { security: SECURITY, billing: BILLING, operations: OPERATIONS });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a warning can be acknowledged by its id', () => {
    const stack = newStack();
    const contacts = new SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, emailAddress: 'jane.doe@example.com' } });
    CoreAnnotations.of(contacts).acknowledgeWarning('cdk-account-contacts:securityEmailLooksPersonal');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
