/**
 * Contacts held in SSM parameters, through whole stack operations (test/support/cloudformation-simulator.ts): the
 * parameters live in moto's SSM behind the IAM-enforcing proxy (which also asks for kms:Decrypt on a SecureString's
 * customer managed key, as KMS does), and a new parameter version reaches the functions through the stacks' own
 * EventBridge rules and Lambda permissions, as SSM's "Parameter Store Change" event would.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DeleteParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AccountContactDetails, AlternateContact, ContactInformation, OrganizationContacts, SecurityContacts } from '../../src';
import { contactInformationToApiMembers } from '../../src/contacts/api-members';
import { organizationsClient } from '../support/clients';
import { SimulatedAws, useSimulatedAws } from '../support/cloudformation-simulator';
import { BILLING, PRIMARY, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { parameterChangeEvent } from '../support/event-pattern';
import { buildMotoOrganization } from '../support/moto-organization';
import { STACK_ENV, synthesize } from '../support/synthesize';

const OWN = STACK_ENV.account;
const MEMBER = '222222222222';
const SECURITY_V2: AlternateContact = {
  ...SECURITY,
  name: 'Security Incident Response',
  emailAddress: 'security-ir@example.com',
  phoneNumber: '+1 206 555 0177',
};
const PRIMARY_V2: ContactInformation = { ...PRIMARY, phoneNumber: '+1 206 555 0188' };
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:${STACK_ENV.region}:${OWN}:key/${KEY_ID}`;
const PERSONAL_DATA = [SECURITY, SECURITY_V2, BILLING]
  .flatMap((contact) => [contact.emailAddress, contact.phoneNumber])
  .concat([PRIMARY.phoneNumber, PRIMARY_V2.phoneNumber, PRIMARY.addressLine1]);

let aws: SimulatedAws;
useSimulatedAws({ accountId: OWN, accountApi: { memberAccountIds: [MEMBER] }, personalData: PERSONAL_DATA }, (started) => (aws = started));

let stackCount = 0;
const newStackName = () => `ContactParameters${++stackCount}`;

async function putParameter(name: string, value: unknown, options: { secure?: boolean; keyId?: string } = {}): Promise<void> {
  await aws.ssm.send(
    new PutParameterCommand({
      Name: name,
      Value: typeof value === 'string' ? value : JSON.stringify(value),
      Type: options.secure || options.keyId ? 'SecureString' : 'String',
      ...(options.keyId ? { KeyId: options.keyId } : {}),
      Overwrite: true,
    }),
  );
}

const changed = (name: string, operation: 'Create' | 'Update' | 'Delete' = 'Update') =>
  parameterChangeEvent(name, operation, { account: OWN, region: STACK_ENV.region });

/** Every file of the cloud assembly (templates, assets, manifests), to prove no contact value is in it. */
function assemblyText(assemblyDirectory: string): string {
  const texts: string[] = [];
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (!entry.name.endsWith('.js')) {
        texts.push(fs.readFileSync(file, 'utf8'));
      }
    }
  };
  walk(assemblyDirectory);
  return texts.join('\n');
}

const reasons = (result: { failures: Array<{ reason?: string }> }) => result.failures.map((failure) => failure.reason).join('\n');
const holdsSecurity = (accountId: string) => aws.accountApi.alternateContact(accountId, 'SECURITY');
const putCount = () => aws.accountApi.count('PutAlternateContact', 200);

describe('SecurityContacts with contactParameters', () => {
  test('deploy reads the parameter; a new version is applied by the rule without a deployment, and only it', async () => {
    await putParameter('/contacts/security', SECURITY);
    const stack = aws.stack(newStackName());
    const artifact = synthesize(stack.stackName, (scope) => {
      new SecurityContacts(scope, 'Contacts', {
        contactParameters: { security: ssm.StringParameter.fromStringParameterName(scope, 'Security', '/contacts/security') },
        billing: BILLING,
        accountId: MEMBER,
      });
    });
    const text = assemblyText(artifact.assemblyDirectory);
    // The template names the parameter; the contact's values are nowhere in the assembly.
    expect(text).toContain('/contacts/security');
    for (const value of [SECURITY.emailAddress, SECURITY.phoneNumber, SECURITY.name]) {
      expect(text).not.toContain(value);
    }

    const created = await stack.deploy(artifact);
    expect(created.failures).toEqual([]);
    expect(holdsSecurity(MEMBER)).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) });
    expect(aws.accountApi.alternateContact(MEMBER, 'BILLING')).toEqual({ AlternateContactType: 'BILLING', ...apiMembers(BILLING) });

    const writesBefore = putCount();
    await putParameter('/contacts/security', SECURITY_V2);
    const delivered = await stack.publishEvent(changed('/contacts/security'));
    expect(delivered).toEqual({ invocations: 1, failures: [] });
    expect(holdsSecurity(MEMBER)).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY_V2) });
    // Only SECURITY was applied again; BILLING, a value in the template, was not touched.
    expect(putCount()).toBe(writesBefore + 1);

    // The same version again: read, compared, not written.
    expect(await stack.publishEvent(changed('/contacts/security'))).toEqual({ invocations: 1, failures: [] });
    expect(putCount()).toBe(writesBefore + 1);
    // Another parameter, a deletion: no rule matches.
    expect(await stack.publishEvent(changed('/contacts/other'))).toEqual({ invocations: 0, failures: [] });
    expect(await stack.publishEvent(changed('/contacts/security', 'Delete'))).toEqual({ invocations: 0, failures: [] });

    // A value that breaks the rules is refused with the message of a value in the code, and the contact stays.
    await putParameter('/contacts/security', { ...SECURITY_V2, emailAddress: 'not-an-address' });
    const refused = await stack.publishEvent(changed('/contacts/security'));
    expect(refused.invocations).toBe(3);
    expect(refused.failures).toHaveLength(1);
    expect(refused.failures[0]).toMatch(
      /Contacts: security\.emailAddress '[^']*' \(14 characters, masked\) does not match the AWS pattern .*\(value of SSM parameter \/contacts\/security\)$/,
    );
    expect(holdsSecurity(MEMBER)).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY_V2) });

    // An update that changes another contact leaves SECURITY's resource alone (CloudFormation sends it no request), so
    // the broken value is not read, and the stack updates.
    const withOperations = synthesize(stack.stackName, (scope) => {
      new SecurityContacts(scope, 'Contacts', {
        contactParameters: { security: ssm.StringParameter.fromStringParameterName(scope, 'Security', '/contacts/security') },
        billing: { ...BILLING, title: 'Accounts payable team' },
        accountId: MEMBER,
      });
    });
    const updated = await stack.deploy(withOperations);
    expect(updated.failures).toEqual([]);
    expect(updated.events.filter((event) => event.action === 'Update').map((event) => event.logicalId)).toEqual([
      expect.stringMatching(/^ContactsBilling/),
    ]);
    expect(holdsSecurity(MEMBER)).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY_V2) });

    const deleted = await stack.delete();
    expect(deleted.status).toBe('DELETE_COMPLETE');
    // RETAIN (the default): the contacts stay.
    expect(holdsSecurity(MEMBER)).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY_V2) });
  });

  test('a parameter that does not exist fails the create with the reason, and nothing is written', async () => {
    const stack = aws.stack(newStackName());
    const result = await stack.deploy(
      synthesize(stack.stackName, (scope) => {
        new SecurityContacts(scope, 'Contacts', {
          contactParameters: { security: ssm.StringParameter.fromStringParameterName(scope, 'Security', '/contacts/missing') },
          accountId: MEMBER,
        });
      }),
    );
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(reasons(result)).toContain(
      'security: SSM parameter /contacts/missing cannot be read: it does not exist in this account and Region (ParameterNotFound)',
    );
    expect(holdsSecurity(MEMBER)).toBeUndefined();
    expect(putCount()).toBe(0);
  });

  test('a SecureString under a customer managed key: read when the parameter is given with its key, refused by KMS otherwise', async () => {
    await putParameter('/contacts/secure-security', SECURITY, { keyId: KEY_ID });
    const withoutKey = aws.stack(newStackName());
    const refused = await withoutKey.deploy(
      synthesize(withoutKey.stackName, (scope) => {
        new SecurityContacts(scope, 'Contacts', {
          contactParameters: { security: ssm.StringParameter.fromStringParameterName(scope, 'Security', '/contacts/secure-security') },
          accountId: MEMBER,
        });
      }),
    );
    expect(refused.status).toBe('ROLLBACK_COMPLETE');
    // The key id's digits are masked as every message of the functions is (a long digit run could be a phone number).
    expect(reasons(refused)).toContain(
      `security: SSM parameter /contacts/secure-security cannot be read: the function may not read it: User: arn:aws:sts::${OWN}:assumed-role/handler/function ` +
        `is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:${STACK_ENV.region}:${OWN}:key/`,
    );
    expect(aws.proxy.denied.map((denied) => denied.action)).toContain('kms:Decrypt');
    expect(holdsSecurity(MEMBER)).toBeUndefined();

    const withKey = aws.stack(newStackName());
    const created = await withKey.deploy(
      synthesize(withKey.stackName, (scope: Stack) => {
        new SecurityContacts(scope, 'Contacts', {
          contactParameters: {
            security: ssm.StringParameter.fromSecureStringParameterAttributes(scope, 'Security', {
              parameterName: '/contacts/secure-security',
              encryptionKey: kms.Key.fromKeyArn(scope, 'Key', KEY_ARN),
            }),
          },
          accountId: MEMBER,
        });
      }),
    );
    expect(created.failures).toEqual([]);
    expect(holdsSecurity(MEMBER)).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) });
  });
});

describe('AccountContactDetails with contactInformationParameter', () => {
  test('deploy reads it; a new phone number in the parameter is applied, and its verification reset is logged', async () => {
    await putParameter('/contacts/primary', PRIMARY, { secure: true });
    const stack = aws.stack(newStackName());
    const artifact = synthesize(stack.stackName, (scope) => {
      new AccountContactDetails(scope, 'Primary', {
        contactInformationParameter: ssm.StringParameter.fromSecureStringParameterAttributes(scope, 'Parameter', {
          parameterName: '/contacts/primary',
        }),
        accountId: MEMBER,
      });
    });
    expect(assemblyText(artifact.assemblyDirectory)).not.toContain(PRIMARY.addressLine1);
    expect((await stack.deploy(artifact)).failures).toEqual([]);
    expect(aws.accountApi.contactInformation(MEMBER)).toEqual(contactInformationToApiMembers(PRIMARY));

    await putParameter('/contacts/primary', PRIMARY_V2, { secure: true });
    expect(await stack.publishEvent(changed('/contacts/primary'))).toEqual({ invocations: 1, failures: [] });
    expect(aws.accountApi.contactInformation(MEMBER)).toEqual(contactInformationToApiMembers(PRIMARY_V2));
    expect(aws.accountApi.verificationStatus(MEMBER)).toBe('UNVERIFIED');
    const warning = aws.logs.map((line) => JSON.parse(line) as Record<string, string>).find((line) => line.level === 'warn');
    expect(warning?.warning).toBe(`the new phone number is UNVERIFIED: run account-contacts verify-phone --account-id ${MEMBER}`);
    expect(warning?.parameterName).toBe('/contacts/primary');
  });

  test('a parameter whose value is not JSON is refused without quoting it', async () => {
    await putParameter('/contacts/primary', `fullName=${PRIMARY.fullName}; phone=${PRIMARY.phoneNumber}`);
    const stack = aws.stack(newStackName());
    const result = await stack.deploy(
      synthesize(stack.stackName, (scope) => {
        new AccountContactDetails(scope, 'Primary', {
          contactInformationParameter: ssm.StringParameter.fromStringParameterName(scope, 'Parameter', '/contacts/primary'),
        });
      }),
    );
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const reason = reasons(result);
    expect(reason).toContain(
      'Primary: contactInformation is not JSON (value of SSM parameter /contacts/primary): write the contact as a JSON object',
    );
    expect(reason).not.toContain(PRIMARY.phoneNumber);
  });
});

describe('OrganizationContacts with contactParameters', () => {
  test("every account gets the parameter's contact; a new version starts a run that applies it everywhere", async () => {
    const organization = await buildMotoOrganization(organizationsClient(aws.moto.endpoint), 2, []);
    organization.memberAccountIds.forEach((accountId) => aws.accountApi.memberAccountIds.add(accountId));
    const accounts = [OWN, ...organization.memberAccountIds];
    await putParameter('/organization/security', SECURITY, { secure: true });

    const stack = aws.stack(newStackName());
    const artifact = synthesize(stack.stackName, (scope) => {
      new OrganizationContacts(scope, 'OrganizationContacts', {
        contactParameters: {
          security: ssm.StringParameter.fromSecureStringParameterAttributes(scope, 'Security', { parameterName: '/organization/security' }),
        },
        billing: BILLING,
        runs: {
          accountApiRates: { alternateContactWritesPerSecond: 100, alternateContactReadsPerSecond: 100, alternateContactDeletesPerSecond: 100 },
        },
      });
    });
    // Neither the template nor the declaration asset holds the parameter's contact.
    const text = assemblyText(artifact.assemblyDirectory);
    expect(text).toContain(BILLING.emailAddress);
    expect(text).not.toContain(SECURITY.emailAddress);

    const created = await stack.deploy(artifact);
    expect(created.failures).toEqual([]);
    expect(accounts.map(holdsSecurity)).toEqual(accounts.map(() => ({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) })));

    await putParameter('/organization/security', SECURITY_V2, { secure: true });
    const delivered = await stack.publishEvent(changed('/organization/security'));
    expect(delivered.failures).toEqual([]);
    expect(accounts.map(holdsSecurity)).toEqual(accounts.map(() => ({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY_V2) })));
    const runLines = aws.logs.filter((line) => line.includes('"trigger":"PARAMETER_CHANGED"'));
    expect(runLines.length).toBeGreaterThan(0);

    // A broken value: the run fails before any write, and says why.
    const writesBefore = putCount();
    await putParameter('/organization/security', { ...SECURITY_V2, phoneNumber: 'call us' }, { secure: true });
    await stack.publishEvent(changed('/organization/security'));
    expect(putCount()).toBe(writesBefore);
    const failed = aws.logs
      .map((line) => JSON.parse(line) as Record<string, string>)
      .filter((line) => line.event === 'contact-parameter-change-failed');
    // Lambda's three attempts, each refused before any write, each saying why.
    expect(failed).toHaveLength(3);
    expect(failed[0].message).toMatch(
      /^ContactParameters\d+\/OrganizationContacts: security\.phoneNumber '[^']*' \(7 characters, masked\) does not match the AWS pattern .*\(value of SSM parameter \/organization\/security\)$/,
    );

    await aws.ssm.send(new DeleteParameterCommand({ Name: '/organization/security' }));
  });
});
