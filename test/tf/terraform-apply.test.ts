/**
 * End to end with real Terraform and the real AWS provider (offline mirror): apply, read back with the AWS SDK,
 * destroy. Organizations, STS and alternate contacts come from moto_server; the primary contact, which moto lacks,
 * from the project's local Account API server.
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { Testing } from 'cdktf';
import * as tf from '../../src/tf';
import { AccountApiServer } from '../support/account-api-server';
import { accountClient, organizationsClient } from '../support/clients';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { addMotoAccount, createMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { Terraform, writeConfiguration } from '../support/terraform';
import { newLocalStack } from '../support/tf-stacks';

// Each test runs terraform init, validate, apply (and plan, destroy): the provider starts in about 3 s each time.
jest.setTimeout(300_000);

const moto = useMotoServer({ resetEachTest: true });
let members: string[];

beforeEach(async () => {
  members = await createMotoOrganization(organizationsClient(moto.endpoint), 3);
});

async function readBack(endpoint: string, type: string, accountId?: string) {
  try {
    const { AlternateContact: contact } = await accountClient(endpoint).send(
      new GetAlternateContactCommand({ AlternateContactType: type as 'SECURITY', AccountId: accountId }),
    );
    return { name: contact!.Name, title: contact!.Title, emailAddress: contact!.EmailAddress, phoneNumber: contact!.PhoneNumber };
  } catch (error) {
    return (error as Error).name;
  }
}

async function terraformFor(stack: Parameters<typeof Testing.synth>[0]): Promise<Terraform> {
  const terraform = new Terraform(writeConfiguration(Testing.synth(stack, true)));
  await terraform.init();
  await terraform.run('validate', '-no-color');
  return terraform;
}

// tf.SecurityContacts apply, plan and destroy: test/tf/terraform-packages.test.ts, for both published packages.

test('tf.OrganizationContacts: every active account gets the defaults, overrides win, exclusions and the caller are handled', async () => {
  const local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
  try {
    const stack = newLocalStack({ account: local.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
    const override = { ...SECURITY, name: 'Payments Security', emailAddress: 'payments-security@example.com' };
    new tf.OrganizationContacts(stack, 'Organization', {
      security: SECURITY,
      contactInformation: PRIMARY,
      excludeAccountIds: [members[2]],
      // An override for an excluded account is refused at synth (it could never apply): none here.
      accountOverrides: [{ accountId: members[1], security: override, billing: BILLING }],
    });
    const terraform = await terraformFor(stack);

    await terraform.apply();
    // The caller (management account) is managed without account_id; members with it.
    expect(local.alternateContact(MOTO_ACCOUNT_ID, 'SECURITY')?.EmailAddress).toBe(SECURITY.emailAddress);
    expect(local.requests.filter((request) => request.operation === 'PutAlternateContact' && request.accountId === MOTO_ACCOUNT_ID)).toEqual([]);
    expect(local.alternateContact(members[0], 'SECURITY')?.EmailAddress).toBe(SECURITY.emailAddress);
    expect(local.alternateContact(members[1], 'SECURITY')?.EmailAddress).toBe(override.emailAddress);
    expect(local.alternateContact(members[1], 'BILLING')?.EmailAddress).toBe(BILLING.emailAddress);
    expect(local.alternateContact(members[0], 'BILLING')).toBeUndefined();
    // Excluded: left alone.
    expect(local.alternateContact(members[2], 'SECURITY')).toBeUndefined();
    expect(local.contactInformation(members[0])).toMatchObject({ FullName: PRIMARY.fullName, CountryCode: 'US', StateOrRegion: 'WA' });
    expect(local.contactInformation(MOTO_ACCOUNT_ID)).toMatchObject({ FullName: PRIMARY.fullName });
    // Addresses without cdktf's logical-id hashes.
    expect((await terraform.stateList()).map((address) => address.replace(/_[0-9A-F]{8}(?=\[|$)/, '')).sort()).toEqual(
      [
        `aws_account_alternate_contact.Organization_billing_members["${members[1]}"]`,
        `aws_account_alternate_contact.Organization_security_caller["${MOTO_ACCOUNT_ID}"]`,
        `aws_account_alternate_contact.Organization_security_members["${members[0]}"]`,
        `aws_account_alternate_contact.Organization_security_members["${members[1]}"]`,
        `aws_account_primary_contact.Organization_primary_caller["${MOTO_ACCOUNT_ID}"]`,
        `aws_account_primary_contact.Organization_primary_members["${members[0]}"]`,
        `aws_account_primary_contact.Organization_primary_members["${members[1]}"]`,
        'data.aws_caller_identity.Organization_caller',
        'data.aws_organizations_organization.Organization_organization',
      ].sort(),
    );

    await terraform.destroy();
    expect(local.alternateContact(members[0], 'SECURITY')).toBeUndefined();
    expect(local.alternateContact(MOTO_ACCOUNT_ID, 'SECURITY')).toBeUndefined();
    // The primary contact cannot be deleted: destroy leaves it in place.
    expect(local.contactInformation(members[0])).toMatchObject({ FullName: PRIMARY.fullName });
  } finally {
    await local.stop();
  }
});

test('tf.OrganizationContacts: an account created after the first apply is covered by the next apply', async () => {
  const stack = newLocalStack({ account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY });
  const terraform = await terraformFor(stack);
  await terraform.apply();
  const { accountId: newcomer } = await addMotoAccount(organizationsClient(moto.endpoint), 'newcomer');
  expect(await readBack(moto.endpoint, 'SECURITY', newcomer)).toBe('ResourceNotFoundException');

  await terraform.apply();

  expect(await readBack(moto.endpoint, 'SECURITY', newcomer)).toEqual(SECURITY);
  for (const member of members) {
    expect(await readBack(moto.endpoint, 'SECURITY', member)).toEqual(SECURITY);
  }
  await terraform.destroy();
});
