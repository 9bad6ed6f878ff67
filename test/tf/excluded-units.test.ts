/**
 * `excludeOrganizationalUnitIds` in the Terraform `OrganizationContacts`, with real terraform and the AWS provider
 * against moto: the accounts under an excluded unit, nested units included, are read at plan time and left alone;
 * an account moved into an excluded unit keeps its contacts (RETAIN: the plan refuses to delete them).
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { MoveAccountCommand } from '@aws-sdk/client-organizations';
import { Testing } from 'cdktf';
import * as tf from '../../src/tf';
import { accountClient, organizationsClient } from '../support/clients';
import { SECURITY } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';
import { Terraform, writeConfiguration } from '../support/terraform';
import { newLocalStack, newStack } from '../support/tf-stacks';

jest.setTimeout(300_000);

const moto = useMotoServer({ resetEachTest: true });
let organization: BuiltOrganization;

beforeEach(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 1, [
    { name: 'workloads', accounts: 1 },
    { name: 'sandbox', accounts: 1, units: [{ name: 'experiments', accounts: 1 }] },
  ]);
});

async function securityEmail(accountId: string): Promise<string> {
  try {
    const { AlternateContact: contact } = await accountClient(moto.endpoint).send(
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId }),
    );
    return contact!.EmailAddress!;
  } catch (error) {
    return (error as Error).name;
  }
}

test('the accounts under an excluded unit, nested units included, are left alone; one moved there keeps its contacts', async () => {
  const stack = newLocalStack({ account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, excludeOrganizationalUnitIds: [organization.unitIds.sandbox] });
  const terraform = new Terraform(writeConfiguration(Testing.synth(stack, true)));
  await terraform.init();
  await terraform.run('validate', '-no-color');
  await terraform.apply();

  for (const accountId of [...organization.accountsByUnit.root, ...organization.accountsByUnit.workloads]) {
    expect(await securityEmail(accountId)).toBe(SECURITY.emailAddress);
  }
  for (const accountId of [...organization.accountsByUnit.sandbox, ...organization.accountsByUnit.experiments]) {
    expect(await securityEmail(accountId)).toBe('ResourceNotFoundException');
  }
  expect(await terraform.run('plan', '-no-color', '-input=false', '-detailed-exitcode')).toContain('No changes.');

  // Moved under the excluded unit: no destroy is planned, and the contact stays.
  const [moved] = organization.accountsByUnit.workloads;
  await organizationsClient(moto.endpoint).send(
    new MoveAccountCommand({
      AccountId: moved,
      SourceParentId: organization.unitIds.workloads,
      DestinationParentId: organization.unitIds.experiments,
    }),
  );
  const refused = await terraform.run('plan', '-no-color', '-input=false').then(
    () => 'planned',
    (error: Error) => error.message,
  );
  expect(refused).toContain('Instance cannot be destroyed');
  expect(refused).toContain(`["${moved}"]`);
  expect(await securityEmail(moved)).toBe(SECURITY.emailAddress);
});

test('a bad unit id is refused at synth, naming the field and the pattern', () => {
  const stack = newStack();
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, excludeOrganizationalUnitIds: ['ou-ab12-sandboxes', 'r-abcd'] });
  expect(() => Testing.synth(stack, true)).toThrow(
    /\[stack\/Organization\] excludeOrganizationalUnitIds\[1\] 'r-abcd' .* does not match the AWS pattern/,
  );
});
