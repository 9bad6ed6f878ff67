/**
 * End to end with real Terraform and the real AWS provider (offline mirror): apply, read back with the AWS SDK,
 * destroy. Organizations, STS and alternate contacts come from moto_server; the primary contact, which moto lacks,
 * from the project's local Account API server.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { CloseAccountCommand, RemoveAccountFromOrganizationCommand } from '@aws-sdk/client-organizations';
import { Testing } from 'cdktf';
import * as tf from '../../src/tf';
import { AccountApiServer } from '../support/account-api-server';
import { CallerIdentityServer } from '../support/caller-identity-server';
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
      removal: tf.ContactRemoval.DESTROY,
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
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, removal: tf.ContactRemoval.DESTROY });
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

/** The organization-wide declaration of the tests below, synthesized into the folder that holds the state. */
function declareOrganization(directory: string | undefined, props: Partial<tf.OrganizationContactsProps> = {}): string {
  const stack = newLocalStack({ account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, billing: BILLING, ...props });
  const json = Testing.synth(stack, true);
  if (directory === undefined) {
    return writeConfiguration(json);
  }
  fs.writeFileSync(path.join(directory, 'cdk.tf.json'), json);
  return directory;
}

async function refusedPlan(terraform: Terraform): Promise<string> {
  const failure = await terraform.run('plan', '-no-color', '-input=false').then(
    () => undefined,
    (error: Error) => error.message,
  );
  expect(failure).toBeDefined();
  return failure!;
}

test('tf.OrganizationContacts RETAIN (the default): an account excluded, closed or gone from the organization keeps its contacts', async () => {
  const terraform = new Terraform(declareOrganization(undefined));
  await terraform.init();
  await terraform.apply();
  for (const member of members) {
    expect(await readBack(moto.endpoint, 'SECURITY', member)).toEqual(SECURITY);
  }

  // Excluded after the first apply: the plan refuses to delete, naming the account, and apply deletes nothing.
  declareOrganization(terraform.workingDirectory, { excludeAccountIds: [members[0]] });
  const excluded = await refusedPlan(terraform);
  expect(excluded).toContain('Instance cannot be destroyed');
  expect(excluded).toContain(`["${members[0]}"]`);
  await expect(terraform.apply()).rejects.toThrow(/Instance cannot be destroyed/);
  expect(await readBack(moto.endpoint, 'SECURITY', members[0])).toEqual(SECURITY);
  expect(await readBack(moto.endpoint, 'BILLING', members[0])).toEqual(BILLING);

  // The documented way to let the configuration forget an account: state rm. The contacts stay, and the plan is empty.
  for (const address of (await terraform.stateList()).filter((line) => line.endsWith(`["${members[0]}"]`))) {
    await terraform.run('state', 'rm', address);
  }
  expect(await terraform.run('plan', '-no-color', '-input=false', '-detailed-exitcode')).toContain('No changes.');
  expect(await readBack(moto.endpoint, 'SECURITY', members[0])).toEqual(SECURITY);

  // Closed (SUSPENDED) and gone from the organization: the same refusal, nothing deleted.
  const organizations = organizationsClient(moto.endpoint);
  await organizations.send(new CloseAccountCommand({ AccountId: members[1] }));
  await organizations.send(new RemoveAccountFromOrganizationCommand({ AccountId: members[2] }));
  const gone = await refusedPlan(terraform);
  expect(gone).toContain(`["${members[1]}"]`);
  expect(gone).toContain(`["${members[2]}"]`);
  await expect(terraform.destroy()).rejects.toThrow(/Instance cannot be destroyed/);
  for (const member of [members[1], members[2]]) {
    expect(await readBack(moto.endpoint, 'SECURITY', member)).toEqual(SECURITY);
  }
  expect(await readBack(moto.endpoint, 'SECURITY')).toEqual(SECURITY);
});

test('tf.OrganizationContacts DESTROY: an excluded account has its declared contacts deleted at the next apply', async () => {
  const terraform = new Terraform(declareOrganization(undefined, { removal: tf.ContactRemoval.DESTROY }));
  await terraform.init();
  await terraform.apply();
  declareOrganization(terraform.workingDirectory, { removal: tf.ContactRemoval.DESTROY, excludeAccountIds: [members[0]] });

  expect(await terraform.run('plan', '-no-color', '-input=false')).toContain('2 to destroy');
  await terraform.apply();

  expect(await readBack(moto.endpoint, 'SECURITY', members[0])).toBe('ResourceNotFoundException');
  expect(await readBack(moto.endpoint, 'SECURITY', members[1])).toEqual(SECURITY);
});

test('tf.OrganizationContacts from a delegated administrator: the management account is left out, the administrator managed without account_id', async () => {
  const administrator = members[0];
  const local = await AccountApiServer.start({
    callerAccountId: administrator,
    managementAccountId: MOTO_ACCOUNT_ID,
    delegatedAdministratorAccountId: administrator,
    memberAccountIds: members,
  });
  const sts = await CallerIdentityServer.start(administrator);
  try {
    const stack = newLocalStack({ account: local.endpoint, organizations: moto.endpoint, sts: sts.endpoint });
    new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, removal: tf.ContactRemoval.DESTROY });
    const terraform = await terraformFor(stack);

    await terraform.apply();

    expect(sts.answered).toBeGreaterThan(0);
    // The management account: never asked for (the API refuses it from a delegated administrator).
    expect(local.requests.filter((request) => request.accountId === MOTO_ACCOUNT_ID)).toEqual([]);
    expect(local.alternateContact(MOTO_ACCOUNT_ID, 'SECURITY')).toBeUndefined();
    // The administrator itself, without account_id; the other members with it.
    expect(local.requests.filter((request) => request.operation === 'PutAlternateContact' && request.accountId === administrator)).toEqual([]);
    for (const account of members) {
      expect(local.alternateContact(account, 'SECURITY')?.EmailAddress).toBe(SECURITY.emailAddress);
    }
    expect(await terraform.run('plan', '-no-color', '-input=false', '-detailed-exitcode')).toContain('No changes.');
  } finally {
    await sts.stop();
    await local.stop();
  }
});
