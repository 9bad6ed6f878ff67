/**
 * The constructs' side of contacts held in SSM parameters: the template holds the parameter's name only, the
 * functions may read exactly those parameters (and decrypt them through SSM only), a rule applies a new version, and
 * every misuse fails synth with the construct path.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AccountContactDetails, OrganizationContacts, SecurityContacts } from '../src';
import { BILLING, PRIMARY, SECURITY } from './support/contacts-fixtures';

const ENV = { account: '111122223333', region: 'us-east-1' };
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

const parameter = (stack: Stack, name: string) => ssm.StringParameter.fromStringParameterName(stack, `P${name.replace(/\W/g, '')}`, name);

/** Every statement of every policy of the template. */
function statements(template: Template): Array<Record<string, unknown>> {
  type Policy = { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } };
  return [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))].flatMap(
    (policy) => (policy as Policy).Properties.PolicyDocument.Statement,
  );
}

describe('SecurityContacts', () => {
  test('the resource names the parameter, the function may GetParameter on it only, and a rule applies a new version', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', {
      contactParameters: { security: parameter(stack, '/contacts/security') },
      billing: BILLING,
      accountId: '444455556666',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::AccountAlternateContact', {
      AlternateContactType: 'SECURITY',
      ParameterName: '/contacts/security',
      Name: Match.absent(),
      EmailAddress: Match.absent(),
      PhoneNumber: Match.absent(),
    });
    template.hasResourceProperties('Custom::AccountAlternateContact', {
      AlternateContactType: 'BILLING',
      EmailAddress: BILLING.emailAddress,
      ParameterName: Match.absent(),
    });
    expect(JSON.stringify(template.toJSON())).not.toContain(SECURITY.emailAddress);

    // GetParameter only (not grantRead's history and listing), on the one parameter; the claims' listing is apart.
    const reads = statements(template).filter((statement) => JSON.stringify(statement.Action).match(/ssm:GetParameter(s|History)?"/));
    expect(reads).toHaveLength(1);
    expect(reads[0].Action).toBe('ssm:GetParameter');
    expect(JSON.stringify(reads[0].Resource)).toContain(':parameter/contacts/security');
    expect(statements(template).some((statement) => JSON.stringify(statement.Action).includes('kms:'))).toBe(false);

    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ssm'],
        'detail-type': ['Parameter Store Change'],
        detail: { name: ['/contacts/security'], operation: ['Create', 'Update'] },
      },
    });
    // The input holds the stack id (a token): CloudFormation joins it; the rest is written as is.
    const [rule] = Object.values(template.findResources('AWS::Events::Rule')) as Array<{ Properties: { Targets: Array<{ Input: unknown }> } }>;
    const input = JSON.stringify(rule.Properties.Targets[0].Input);
    for (const part of [
      'cdk-account-contacts/contact-parameter-changed',
      'Custom::AccountAlternateContact',
      'ContactsSecurity',
      '/contacts/security',
      '444455556666',
      'AWS::StackId',
    ]) {
      expect(input).toContain(part);
    }
    expect(input).not.toContain(SECURITY.emailAddress);
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
  });

  test('a SecureString given with its key: kms:Decrypt on that key, through SSM only', () => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', {
      contactParameters: {
        security: ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Secure', {
          parameterName: '/contacts/security',
          encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN),
        }),
      },
    });
    const decrypt = statements(Template.fromStack(stack)).filter((statement) => statement.Action === 'kms:Decrypt');
    expect(decrypt).toEqual([
      {
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['ssm.us-east-1.', { Ref: 'AWS::URLSuffix' }]] } } },
      },
    ]);
  });

  test.each([
    [
      'security as a value and as a parameter',
      (stack: Stack) => ({ security: SECURITY, contactParameters: { security: parameter(stack, '/contacts/security') } }),
      '[Stack/Contacts] security is given twice, as a value and as contactParameters.security: give one of the two',
    ],
    [
      'no security at all',
      (stack: Stack) => ({ billing: BILLING, contactParameters: { billing: parameter(stack, '/contacts/billing') } }),
      '[Stack/Contacts] security is required',
    ],
    [
      'a reserved name',
      (stack: Stack) => ({ contactParameters: { security: parameter(stack, '/aws/contacts') } }),
      "[Stack/Contacts] contactParameters.security '/aws/contacts' begins with 'aws' or 'ssm', which Parameter Store reserves",
    ],
  ])('%s fails synth, naming the construct and the field', (_case, props, expected) => {
    const stack = newStack();
    new SecurityContacts(stack, 'Contacts', props(stack) as never);
    expect(() => Template.fromStack(stack)).toThrow(expected);
  });

  test('the primary contact is not one of its parameters: refused at construction', () => {
    const stack = newStack();
    expect(
      () =>
        new SecurityContacts(stack, 'Contacts', { security: SECURITY, contactParameters: { contactInformation: parameter(stack, '/p') } as never }),
    ).toThrow('contactParameters.contactInformation is not a field of AlternateContactParameters');
  });
});

describe('AccountContactDetails', () => {
  test('the resource names the parameter only; a value and a parameter at once fail synth', () => {
    const stack = newStack();
    new AccountContactDetails(stack, 'Primary', { contactInformationParameter: parameter(stack, '/contacts/primary') });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::AccountContactInformation', { ParameterName: '/contacts/primary', ContactInformation: Match.absent() });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { name: ['/contacts/primary'], operation: ['Create', 'Update'] } }),
    });

    const both = newStack();
    new AccountContactDetails(both, 'Primary', { contactInformation: PRIMARY, contactInformationParameter: parameter(both, '/contacts/primary') });
    expect(() => Template.fromStack(both)).toThrow(
      '[Stack/Primary] contactInformation is given twice, as a value and as contactInformationParameter: give one of the two',
    );
  });
});

describe('OrganizationContacts', () => {
  test('the function gets the names, the declaration says which defaults are read, and a rule starts a run', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Organization', {
      contactParameters: { security: parameter(stack, '/organization/security'), contactInformation: parameter(stack, '/organization/primary') },
      billing: BILLING,
    });
    const template = Template.fromStack(stack);
    const contactParameters = JSON.stringify({ security: '/organization/security', contactInformation: '/organization/primary' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CONTACT_PARAMETERS: contactParameters }) },
    });
    template.hasResourceProperties('Custom::OrganizationContacts', { ContactParameters: contactParameters });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { name: ['/organization/security', '/organization/primary'], operation: ['Create', 'Update'] } }),
      Targets: [Match.objectLike({ Input: Match.absent() })],
    });
    const reads = statements(template).filter((statement) => statement.Action === 'ssm:GetParameter');
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0].Resource)).toMatch(/parameter\/organization\/security.*parameter\/organization\/primary/);
    // A run reads the version it pinned (`/organization/security:3`): each parameter's versions, and nothing else.
    const resources = (reads[0].Resource as unknown[]).map((resource) => JSON.stringify(resource));
    expect(resources).toHaveLength(4);
    expect(resources.filter((resource) => resource.includes(':*'))).toHaveLength(2);
    expect(resources.every((resource) => /organization\/(security|primary)/.test(resource))).toBe(true);
    // SECURITY comes from a parameter: the role may still write it, and the primary contact.
    const writes = statements(template).find((statement) => JSON.stringify(statement.Action).includes('account:PutAlternateContact'));
    expect(JSON.stringify(writes?.Condition)).toContain('SECURITY');
    expect(statements(template).some((statement) => JSON.stringify(statement.Action).includes('account:PutContactInformation'))).toBe(true);
  });

  test('a default given twice fails synth', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Organization', {
      security: SECURITY,
      contactParameters: { security: parameter(stack, '/organization/security') },
    });
    expect(() => Template.fromStack(stack)).toThrow('[Stack/Organization] security is given twice, as a value and as contactParameters.security');
  });
});

describe('a parameter given by ARN (StringParameter.fromStringParameterArn)', () => {
  const ARN = 'arn:aws:ssm:us-east-1:111122223333:parameter/contacts/security';
  const byArn = (stack: Stack, arn = ARN) => ssm.StringParameter.fromStringParameterArn(stack, 'ByArn', arn);

  test("is read, watched and granted under the name in its ARN, not aws-cdk-lib's last path segment", () => {
    const stack = newStack();
    const security = byArn(stack);
    expect(security.parameterName).toBe('security');
    new SecurityContacts(stack, 'Contacts', { contactParameters: { security }, accountId: '444455556666' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::AccountAlternateContact', { ParameterName: '/contacts/security' });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { name: ['/contacts/security'] } } });
    expect(statements(template)).toContainEqual(expect.objectContaining({ Action: 'ssm:GetParameter', Resource: ARN }));

    const organization = newStack();
    new OrganizationContacts(organization, 'Contacts', { contactParameters: { security: byArn(organization) } });
    const organizationTemplate = Template.fromStack(organization);
    organizationTemplate.hasResourceProperties('Custom::OrganizationContacts', { ContactParameters: '{"security":"/contacts/security"}' });
    organizationTemplate.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { name: ['/contacts/security'] } } });

    const details = newStack();
    const topLevel = ssm.StringParameter.fromStringParameterArn(details, 'TopLevel', 'arn:aws:ssm:us-east-1:111122223333:parameter/primary-contact');
    new AccountContactDetails(details, 'Details', { contactInformationParameter: topLevel, accountId: '444455556666' });
    Template.fromStack(details).hasResourceProperties('Custom::AccountContactInformation', { ParameterName: 'primary-contact' });
  });

  test('in another account fails synth in each construct, naming the field and why it cannot work (another Region aws-cdk-lib refuses)', () => {
    const arn = 'arn:aws:ssm:us-east-1:999988887777:parameter/contacts/security';
    const where = "account 999988887777, not the stack's 111122223333";
    const builds: Array<(stack: Stack) => void> = [
      (stack) => new SecurityContacts(stack, 'Contacts', { contactParameters: { security: byArn(stack, arn) }, accountId: '444455556666' }),
      (stack) => new OrganizationContacts(stack, 'Contacts', { contactParameters: { security: byArn(stack, arn) } }),
      (stack) => new AccountContactDetails(stack, 'Contacts', { contactInformationParameter: byArn(stack, arn), accountId: '444455556666' }),
    ];
    for (const build of builds) {
      const stack = newStack();
      build(stack);
      expect(() => Template.fromStack(stack)).toThrow(
        new RegExp(`\\[Stack/Contacts\\] (contactParameters\\.security|contactInformationParameter) ${arn} is in ${where}: the function reads`),
      );
    }
  });
});
