import { AccountAlternateContact } from '@cdktf/provider-aws/lib/account-alternate-contact';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { AccountContactsOverride } from '../../src';
import * as tf from '../../src/tf';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { useProviderMirror } from '../support/terraform';
import { newStack } from '../support/tf-stacks';

Testing.setupJest();
beforeAll(useProviderMirror);

function synthesize(props: Partial<tf.OrganizationContactsProps> = {}) {
  const stack = newStack();
  new tf.OrganizationContacts(stack, 'Org', { security: SECURITY, ...props });
  const text = Testing.synth(stack, true);
  return { stack, text, json: JSON.parse(text) };
}

/** The synthesized locals by name, without cdktf's hash suffix. */
function locals(json: any): Record<string, any> {
  return Object.fromEntries(Object.entries(json.locals).map(([name, value]) => [name.replace(/_[0-9A-F]{8}$/, ''), value]));
}

test('the organization and the caller are read with data sources', () => {
  const { text } = synthesize();
  expect(text).toHaveDataSource(DataAwsOrganizationsOrganization);
  expect(text).toHaveDataSource(DataAwsCallerIdentity);
});

test('member accounts are the ACTIVE accounts, less the caller, the management account and the excluded ones', () => {
  const { json } = synthesize({ excludeAccountIds: ['999988887777'] });
  const values = locals(json);
  expect(values.Org_excluded_account_ids).toEqual(['999988887777']);
  expect(values.Org_member_accounts).toMatch(
    /^\$\{\{ for account in data\.aws_organizations_organization\.Org_organization_\w+\.accounts : account\.id => account\.name if account\.status == "ACTIVE" && account\.id != data\.aws_caller_identity\.Org_caller_\w+\.account_id && account\.id != data\.aws_organizations_organization\.Org_organization_\w+\.master_account_id && !contains\(local\.Org_excluded_account_ids_\w+, account\.id\) \}\}$/,
  );
});

test('each declared type is one resource with for_each over the members (account_id = key) and one for the caller without account_id', () => {
  const { text, json } = synthesize();
  expect(text).toHaveResourceWithProperties(AccountAlternateContact, {
    alternate_contact_type: 'SECURITY',
    account_id: '${each.key}',
    name: '${each.value.name}',
    email_address: '${each.value.emailAddress}',
    for_each: expect.stringMatching(/^\$\{local\.Org_security_member_contacts_\w+\}$/),
  });
  const resources = Object.values(json.resource.aws_account_alternate_contact) as any[];
  expect(resources).toHaveLength(2);
  const caller = resources.find((resource) => resource.for_each.includes('caller_contacts'));
  expect(caller.account_id).toBeUndefined();
  expect(locals(json).Org_security_caller_contacts).toMatch(
    /for id in \[data\.aws_caller_identity\.Org_caller_\w+\.account_id\] : id => lookup\(local\.Org_security_overrides_\w+, id, local\.Org_security_default_\w+\) if !contains/,
  );
});

test('account overrides win over the defaults (merge, most specific last), and only for accounts of the organization', () => {
  const override = { ...SECURITY, emailAddress: 'payments-security@example.com' };
  const { json } = synthesize({ accountOverrides: [{ accountId: '222233334444', security: override }] });
  const values = locals(json);
  // The contact fixtures hold exactly the four fields of an alternate contact.
  expect(values.Org_security_overrides).toEqual({ 222233334444: override });
  expect(values.Org_security_default).toEqual(SECURITY);
  expect(values.Org_security_member_contacts).toMatch(
    /^\$\{merge\(\{ for id, name in local\.Org_member_accounts_\w+ : id => local\.Org_security_default_\w+ \}, \{ for id, contact in local\.Org_security_overrides_\w+ : id => contact if contains\(keys\(local\.Org_member_accounts_\w+\), id\) \}\)\}$/,
  );
});

test('a type without a default is managed only for the accounts whose override declares it', () => {
  const { json } = synthesize({ accountOverrides: [{ accountId: '222233334444', billing: BILLING }] });
  const values = locals(json);
  expect(values.Org_billing_default).toBeUndefined();
  expect(values.Org_billing_member_contacts).toMatch(/^\$\{merge\(\{\}, /);
  expect(values.Org_operations_overrides).toBeUndefined();
  expect(Object.keys(json.resource.aws_account_alternate_contact)).toHaveLength(4);
});

test('a default primary contact adds aws_account_primary_contact for members and caller, with every field (null when absent)', () => {
  const { json } = synthesize({ contactInformation: PRIMARY });
  expect(Object.keys(json.resource.aws_account_primary_contact)).toHaveLength(2);
  expect(locals(json).Org_primary_default).toMatchObject({
    fullName: PRIMARY.fullName,
    addressLine2: null,
    districtOrCounty: null,
    countryCode: 'US',
  });
});

test.each([
  [{ excludeAccountIds: ['12345'] }, "[stack/Org] excludeAccountIds[0] '12345' (5 characters) does not match the AWS pattern ^\\d{12}$"],
  [
    { accountOverrides: [{ accountId: '222233334444', security: { ...SECURITY, emailAddress: 'x' } }] },
    "[stack/Org] accountOverrides[0].security.emailAddress '*' (1 character, masked) does not match",
  ],
  [
    { accountOverrides: [{ accountId: '222233334444' }, { accountId: '222233334444' }] },
    "[stack/Org] accountOverrides[1].accountId '222233334444' has another override",
  ],
  [{ accountOverrides: [{ accountId: 'abc' }] }, "[stack/Org] accountOverrides[0].accountId 'abc'"],
  [
    { contactInformation: { ...PRIMARY, countryCode: 'XX' } },
    "[stack/Org] contactInformation.countryCode 'XX' is not an ISO 3166-1 alpha-2 country code",
  ],
  [
    { accountOverrides: [{ accountId: '222233334444', contactInformation: { ...PRIMARY, stateOrRegion: undefined } }] },
    "[stack/Org] accountOverrides[0].contactInformation.stateOrRegion is required when countryCode is 'US'",
  ],
  [{ security: { ...SECURITY, title: '' } }, '[stack/Org] security.title is empty'],
])('bad input %j fails synth', (change, message) => {
  expect(() => synthesize(change as Partial<tf.OrganizationContactsProps>)).toThrow(message);
});

test('the configuration is valid Terraform (terraform validate, offline provider mirror)', () => {
  const stack = newStack();
  new tf.OrganizationContacts(stack, 'Org', {
    security: SECURITY,
    contactInformation: PRIMARY,
    excludeAccountIds: ['999988887777'],
    accountOverrides: [{ accountId: '222233334444', billing: BILLING, contactInformation: { ...PRIMARY, city: 'Portland', stateOrRegion: 'OR' } }],
  });
  expect(Testing.fullSynth(stack)).toBeValidTerraform();
});

function overrides(count: number): AccountContactsOverride[] {
  return Array.from({ length: count }, (_, index) => ({
    accountId: String(100_000_000_000 + index),
    security: { ...SECURITY, emailAddress: `security+${index}@example.com` },
  }));
}

test('the configuration does not grow with the organization, and grows linearly with declared overrides', () => {
  const sizes = [0, 10, 5_000].map((count) => {
    const { json, text } = synthesize({ billing: BILLING, accountOverrides: overrides(count) });
    return { count, bytes: Buffer.byteLength(text), resources: Object.keys(json.resource.aws_account_alternate_contact).length };
  });
  console.log(
    `tf.OrganizationContacts cdk.tf.json size: ${sizes.map((size) => `${size.count} overrides → ${size.bytes} bytes, ${size.resources} resource blocks`).join('; ')}`,
  );
  expect(sizes.map((size) => size.resources)).toEqual([4, 4, 4]);
  const perOverride = (sizes[2].bytes - sizes[1].bytes) / 4_990;
  expect(perOverride).toBeLessThan(250);
});
