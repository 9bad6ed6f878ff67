/**
 * The two Terraform packages as published (packages/cdktn and packages/cdktf, built from the shared sources and
 * loaded with their own framework): the same Terraform as the repository's source, an HCL round trip, and
 * `terraform validate`, apply, a second plan and destroy against moto_server and the local Account API server.
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { parse } from '@cdktf/hcl2json';
import * as cdktf from 'cdktf';
import * as tf from '../../src/tf';
import { AccountApiServer } from '../support/account-api-server';
import { accountClient, organizationsClient } from '../support/clients';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { createMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { Terraform, writeConfiguration } from '../support/terraform';
import { TERRAFORM_FRAMEWORKS, TerraformPackage, localAwsProvider, newPackageStack, terraformPackage } from '../support/terraform-packages';

jest.setTimeout(300_000);

const moto = useMotoServer({ resetEachTest: true });
let members: string[];
beforeEach(async () => {
  members = await createMotoOrganization(organizationsClient(moto.endpoint), 3);
});

/** The repository's own source of the Terraform constructs, on cdktf: what both packages are built from. */
const SOURCE: TerraformPackage = { framework: 'cdktf', core: cdktf, constructs: tf };

/** Every construct, as a user of the package would declare them. */
function declareAll(terraform: TerraformPackage, organizationPrimaryContact = true): cdktf.TerraformStack {
  const stack = newPackageStack(terraform);
  const { SecurityContacts, AccountContactDetails, OrganizationContacts } = terraform.constructs;
  new SecurityContacts(stack, 'Own', { security: SECURITY, billing: BILLING });
  new SecurityContacts(stack, 'Member', { security: SECURITY, accountId: '444455556666' });
  new AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY });
  // One owner per contact: the organization runs with other credentials (the management account) and leaves the
  // member declared above to its own construct.
  new OrganizationContacts(stack, 'Org', {
    security: SECURITY,
    contactInformation: organizationPrimaryContact ? PRIMARY : undefined,
    excludeAccountIds: ['999988887777', '444455556666'],
    accountOverrides: [{ accountId: '111122223333', billing: BILLING }],
    provider: localAwsProvider(terraform, stack, 'management', undefined, 'management'),
  });
  return stack;
}

function terraformBlocks(terraform: TerraformPackage, stack: cdktf.TerraformStack) {
  const document = JSON.parse(terraform.core.Testing.synth(stack));
  return { resource: document.resource, data: document.data, locals: document.locals };
}

async function readBack(type: string, accountId?: string) {
  try {
    const { AlternateContact: contact } = await accountClient(moto.endpoint).send(
      new GetAlternateContactCommand({ AlternateContactType: type as 'SECURITY', AccountId: accountId }),
    );
    return contact!.EmailAddress;
  } catch (error) {
    return (error as Error).name;
  }
}

async function terraformFor(terraform: TerraformPackage, stack: cdktf.TerraformStack): Promise<Terraform> {
  const run = new Terraform(writeConfiguration(terraform.core.Testing.synth(stack, true)));
  await run.init();
  await run.run('validate', '-no-color');
  return run;
}

describe.each(TERRAFORM_FRAMEWORKS)('the %s package', (framework) => {
  const terraform = terraformPackage(framework);

  test("emits the same resources, data sources and locals as the repository's source", () => {
    const published = terraformBlocks(terraform, declareAll(terraform));
    expect(published).toEqual(terraformBlocks(SOURCE, declareAll(SOURCE)));
    expect(Object.keys(published.resource.aws_account_alternate_contact)).toHaveLength(7);
  });

  test("refuses bad input at synth with the shared rules' message", () => {
    const stack = newPackageStack(terraform);
    new terraform.constructs.SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, emailAddress: 'not-an-address' } });
    expect(() => terraform.core.Testing.synth(stack, true)).toThrow(/\[stack\/Contacts\] security\.emailAddress/);
  });

  test("refuses a second owner of one contact at synth, with the AWS CDK constructs' rule", () => {
    const stack = newPackageStack(terraform);
    new terraform.constructs.SecurityContacts(stack, 'Own', { security: SECURITY });
    new terraform.constructs.OrganizationContacts(stack, 'Organization', { security: SECURITY, excludeAccountIds: ['999988887777'] });
    expect(() => terraform.core.Testing.synth(stack, true)).toThrow(
      /\[stack\/Organization\] it manages the provider's own account, whose SECURITY contact stack\/Own declares: one owner per contact/,
    );
  });

  test('its HCL describes the same resources as its JSON', async () => {
    const stack = declareAll(terraform, false);
    const json = JSON.parse(terraform.core.Testing.synth(stack)).resource;
    const hcl = await parse('cdk.tf', terraform.core.Testing.synthHcl(stack) as string);
    for (const [type, resources] of Object.entries<Record<string, unknown>>(json)) {
      expect(Object.keys(hcl.resource[type]).sort()).toEqual(Object.keys(resources).sort());
    }
    expect(Object.keys(hcl.resource).sort()).toEqual(Object.keys(json).sort());
  });

  test("apply sets the own and a member account's contacts, a second plan changes nothing, destroy deletes them", async () => {
    const stack = newPackageStack(terraform, { account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
    new terraform.constructs.SecurityContacts(stack, 'Own', { security: SECURITY });
    new terraform.constructs.SecurityContacts(stack, 'Member', { security: SECURITY, billing: BILLING, accountId: members[0] });
    const run = await terraformFor(terraform, stack);

    await run.apply();
    expect(await readBack('SECURITY')).toBe(SECURITY.emailAddress);
    expect(await readBack('BILLING', members[0])).toBe(BILLING.emailAddress);
    expect(await readBack('SECURITY', members[1])).toBe('ResourceNotFoundException');
    expect(await run.run('plan', '-no-color', '-detailed-exitcode')).toContain('No changes.');

    await run.destroy();
    expect(await readBack('SECURITY')).toBe('ResourceNotFoundException');
    expect(await readBack('BILLING', members[0])).toBe('ResourceNotFoundException');
  });

  test('OrganizationContacts: every active account but the excluded one, overrides win, the caller without account_id', async () => {
    const local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
    try {
      const stack = newPackageStack(terraform, { account: local.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
      new terraform.constructs.OrganizationContacts(stack, 'Organization', {
        security: SECURITY,
        contactInformation: PRIMARY,
        excludeAccountIds: [members[2]],
        accountOverrides: [{ accountId: members[1], billing: BILLING }],
        removal: terraform.constructs.ContactRemoval.DESTROY,
      });
      const run = await terraformFor(terraform, stack);

      await run.apply();
      expect(local.alternateContact(MOTO_ACCOUNT_ID, 'SECURITY')?.EmailAddress).toBe(SECURITY.emailAddress);
      expect(local.requests.filter((request) => request.operation === 'PutAlternateContact' && request.accountId === MOTO_ACCOUNT_ID)).toEqual([]);
      expect(local.alternateContact(members[0], 'SECURITY')?.EmailAddress).toBe(SECURITY.emailAddress);
      expect(local.alternateContact(members[1], 'BILLING')?.EmailAddress).toBe(BILLING.emailAddress);
      expect(local.alternateContact(members[2], 'SECURITY')).toBeUndefined();
      expect(local.contactInformation(members[0])).toMatchObject({ FullName: PRIMARY.fullName });

      await run.destroy();
      expect(local.alternateContact(members[0], 'SECURITY')).toBeUndefined();
    } finally {
      await local.stop();
    }
  });
});
