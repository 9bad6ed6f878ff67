/**
 * The Terraform constructs emit their AWS resources with the cdktf core alone (src/tf/private/aws-account-resources.ts).
 * This test proves that the generated provider bindings' own classes (@cdktf/provider-aws, a development dependency
 * only) would emit the same: the same constructs are synthesized twice, once as shipped and once with the resource
 * module replaced by one built on the bindings, and the JSON and HCL compared.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../support/contacts-fixtures';

const RESOURCES_MODULE = '../../src/tf/private/aws-account-resources';

/** The resource module as the generated bindings would write it. */
function bindingsResources() {
  const { AccountAlternateContact } = require('@cdktf/provider-aws/lib/account-alternate-contact');
  const { AccountPrimaryContact } = require('@cdktf/provider-aws/lib/account-primary-contact');
  const { DataAwsCallerIdentity } = require('@cdktf/provider-aws/lib/data-aws-caller-identity');
  const { DataAwsOrganizationsOrganization } = require('@cdktf/provider-aws/lib/data-aws-organizations-organization');
  const {
    DataAwsOrganizationsOrganizationalUnitDescendantAccounts,
  } = require('@cdktf/provider-aws/lib/data-aws-organizations-organizational-unit-descendant-accounts');
  return {
    alternateContactResource: (scope: any, id: string, { preventDestroy, ...args }: any) =>
      new AccountAlternateContact(scope, id, { ...args, lifecycle: preventDestroy ? { preventDestroy: true } : undefined }),
    primaryContactResource: (scope: any, id: string, { contactInformation, ...placement }: any) =>
      new AccountPrimaryContact(scope, id, { ...placement, ...contactInformation }),
    callerIdentityData: (scope: any, id: string, provider: any) => new DataAwsCallerIdentity(scope, id, { provider }),
    organizationData: (scope: any, id: string, provider: any) => new DataAwsOrganizationsOrganization(scope, id, { provider }),
    descendantAccountsData: (scope: any, id: string, units: any, provider: any) =>
      new DataAwsOrganizationsOrganizationalUnitDescendantAccounts(scope, id, { provider, forEach: units, parentId: units.value }),
  };
}

/** Synthesizes the same app with the shipped resources or the bindings' classes, in a module registry of its own. */
function synthesize(withBindings: boolean, organizationPrimaryContact: boolean): { json: any; hcl?: string } {
  let result: { json: any; hcl?: string } | undefined;
  jest.isolateModules(() => {
    if (withBindings) {
      jest.doMock(RESOURCES_MODULE, bindingsResources);
    }
    const { Testing, TerraformStack } = require('cdktf');
    const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
    const tf = require('../../src/tf');
    const stack = new TerraformStack(Testing.app(), 'stack');
    const provider = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const management = new AwsProvider(stack, 'management', { region: 'us-east-1', alias: 'management' });
    new tf.SecurityContacts(stack, 'Own', { security: SECURITY, billing: BILLING, operations: OPERATIONS });
    new tf.SecurityContacts(stack, 'Member', { security: SECURITY, accountId: '444455556666', provider: management });
    new tf.AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY });
    new tf.AccountContactDetails(stack, 'MemberPrimary', {
      contactInformation: { ...PRIMARY, companyName: 'Example Corp' },
      accountId: '444455556666',
      provider,
    });
    new tf.OrganizationContacts(stack, 'Org', {
      security: SECURITY,
      billing: BILLING,
      contactInformation: organizationPrimaryContact ? PRIMARY : undefined,
      excludeAccountIds: ['999988887777', '444455556666'],
      excludeOrganizationalUnitIds: ['ou-ab12-sandboxes'],
      accountOverrides: [{ accountId: '111122223333', security: { ...SECURITY, name: 'Payments security' } }],
      provider: management,
    });
    // cdktf cannot render as HCL a local holding null values (the organization's primary contact, whose absent
    // optional fields are null so that every value of the map has one type): its HCL is compared without it.
    result = { json: JSON.parse(Testing.synth(stack, true)), hcl: organizationPrimaryContact ? undefined : (Testing.synthHcl(stack) as string) };
  });
  jest.dontMock(RESOURCES_MODULE);
  return result!;
}

test("the shipped resources emit the same JSON and HCL as the provider bindings' classes", () => {
  const shipped = synthesize(false, true);
  const bindings = synthesize(true, true);
  expect(shipped.json).toEqual(bindings.json);
  const shippedHcl = synthesize(false, false).hcl;
  expect(shippedHcl).toEqual(synthesize(true, false).hcl);
  expect(shippedHcl).toContain('resource "aws_account_primary_contact"');
  // The comparison covers every kind of block the constructs emit.
  expect(Object.keys(shipped.json.resource).sort()).toEqual(['aws_account_alternate_contact', 'aws_account_primary_contact']);
  expect(Object.keys(shipped.json.data).sort()).toEqual([
    'aws_caller_identity',
    'aws_organizations_organization',
    'aws_organizations_organizational_unit_descendant_accounts',
  ]);
  expect(Object.keys(shipped.json.resource.aws_account_alternate_contact)).toHaveLength(8);
});

test('the Terraform constructs do not load the provider bindings', () => {
  jest.isolateModules(() => {
    require('../../src/tf');
    const loaded = Object.keys(require.cache);
    expect(loaded.filter((file) => file.includes(`${require('path').sep}@cdktf${require('path').sep}provider-aws${require('path').sep}`))).toEqual(
      [],
    );
  });
});
