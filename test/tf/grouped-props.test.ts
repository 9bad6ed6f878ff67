/**
 * The Terraform `OrganizationContacts` takes the AWS CDK construct's grouped properties (`accountSelection`,
 * `overrides`): the same structs, the same validation, the same scope and precedence, read at plan time. Applied
 * with real terraform and the AWS provider against moto, on an organization with nested units; the deprecated flat
 * properties synthesize the same configuration as their groups.
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { Testing } from 'cdktf';
import * as tf from '../../src/tf';
import { accountClient, organizationsClient } from '../support/clients';
import { BILLING, OPERATIONS, SECURITY } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { Terraform, writeConfiguration } from '../support/terraform';
import { newLocalStack, newStack } from '../support/tf-stacks';

jest.setTimeout(300_000);

const moto = useMotoServer({ resetEachTest: true });

const contact = (name: string) => ({ ...OPERATIONS, name, emailAddress: `${name.toLowerCase().replace(/ /g, '-')}@example.com` });
const PAYMENTS_OPERATIONS = contact('Payments Operations');
const CARDS_OPERATIONS = contact('Cards Operations');
const CARDS_SECURITY = { ...SECURITY, name: 'Cards Security', emailAddress: 'cards-security@example.com' };

async function email(type: string, accountId: string): Promise<string> {
  try {
    const { AlternateContact: found } = await accountClient(moto.endpoint).send(
      new GetAlternateContactCommand({ AlternateContactType: type as 'SECURITY', AccountId: accountId === MOTO_ACCOUNT_ID ? undefined : accountId }),
    );
    return found!.EmailAddress!;
  } catch (error) {
    return (error as Error).name;
  }
}

async function contactsOf(accountId: string): Promise<string[]> {
  return Promise.all(['SECURITY', 'OPERATIONS', 'BILLING'].map((type) => email(type, accountId)));
}

test('units chosen and excluded, unit overrides with the nearest unit winning per contact type, and an account override: applied, then an empty plan', async () => {
  // root: 1 member; payments: 2 members and cards (2 members) nested in it; shared: 2 members.
  const organization: BuiltOrganization = await buildMotoOrganization(organizationsClient(moto.endpoint), 1, [
    { name: 'payments', accounts: 2, units: [{ name: 'cards', accounts: 2 }] },
    { name: 'shared', accounts: 2 },
  ]);
  const { root, payments, cards, shared } = organization.accountsByUnit;
  const [excluded, sharedKept] = shared;
  const [cardsWithBilling, cardsPlain] = cards;
  const stack = newLocalStack({ account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
  new tf.OrganizationContacts(stack, 'Organization', {
    security: SECURITY,
    operations: OPERATIONS,
    accountSelection: {
      organizationalUnitIds: [organization.unitIds.payments, organization.unitIds.shared],
      excludeAccountIds: [excluded],
    },
    overrides: {
      // Listed enclosing unit last: the nearest unit wins whatever the order.
      organizationalUnits: [
        { organizationalUnitId: organization.unitIds.cards, security: CARDS_SECURITY, operations: CARDS_OPERATIONS },
        { organizationalUnitId: organization.unitIds.payments, operations: PAYMENTS_OPERATIONS },
      ],
      accounts: [{ accountId: cardsWithBilling, billing: BILLING }],
    },
  });
  const terraform = new Terraform(writeConfiguration(Testing.synth(stack, true)));
  await terraform.init();
  await terraform.run('validate', '-no-color');
  await terraform.apply();

  const missing = 'ResourceNotFoundException';
  // Outside the chosen units: the management account and the root's member are not managed.
  for (const accountId of [MOTO_ACCOUNT_ID, ...root]) {
    expect(await contactsOf(accountId)).toEqual([missing, missing, missing]);
  }
  // payments: its own operations override, the default security.
  for (const accountId of payments) {
    expect(await contactsOf(accountId)).toEqual([SECURITY.emailAddress, PAYMENTS_OPERATIONS.emailAddress, missing]);
  }
  // cards, nested in payments: the nearer unit wins for both types it declares; the account override adds billing.
  expect(await contactsOf(cardsPlain)).toEqual([CARDS_SECURITY.emailAddress, CARDS_OPERATIONS.emailAddress, missing]);
  expect(await contactsOf(cardsWithBilling)).toEqual([CARDS_SECURITY.emailAddress, CARDS_OPERATIONS.emailAddress, BILLING.emailAddress]);
  // shared: the defaults; the excluded account is left alone.
  expect(await contactsOf(sharedKept)).toEqual([SECURITY.emailAddress, OPERATIONS.emailAddress, missing]);
  expect(await contactsOf(excluded)).toEqual([missing, missing, missing]);

  expect(await terraform.run('plan', '-no-color', '-input=false', '-detailed-exitcode')).toContain('No changes.');
});

test('accountIds keeps only the listed accounts, the provider own account included when listed', async () => {
  const organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 3, []);
  const [listed, notListed] = organization.accountsByUnit.root;
  const stack = newLocalStack({ account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, accountSelection: { accountIds: [listed, MOTO_ACCOUNT_ID] } });
  const terraform = new Terraform(writeConfiguration(Testing.synth(stack, true)));
  await terraform.init();
  await terraform.apply();

  expect(await email('SECURITY', listed)).toBe(SECURITY.emailAddress);
  expect(await email('SECURITY', MOTO_ACCOUNT_ID)).toBe(SECURITY.emailAddress);
  expect(await email('SECURITY', notListed)).toBe('ResourceNotFoundException');
  expect(await terraform.run('plan', '-no-color', '-input=false', '-detailed-exitcode')).toContain('No changes.');
});

test('the deprecated flat properties synthesize the same configuration as their groups', () => {
  const synth = (props: Omit<tf.OrganizationContactsProps, 'security'>) => {
    const stack = newStack();
    new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, ...props });
    return Testing.synth(stack);
  };
  const accounts = [{ accountId: '111122223333', billing: BILLING }];
  expect(synth({ excludeAccountIds: ['999988887777'], excludeOrganizationalUnitIds: ['ou-ab12-sandboxes'], accountOverrides: accounts })).toEqual(
    synth({
      accountSelection: { excludeAccountIds: ['999988887777'], excludeOrganizationalUnitIds: ['ou-ab12-sandboxes'] },
      overrides: { accounts },
    }),
  );
});

test.each([
  [{ excludeAccountIds: ['999988887777'], accountSelection: { accountIds: ['111122223333'] } }, /excludeAccountIds is given beside accountSelection/],
  [{ accountOverrides: [{ accountId: '111122223333', billing: BILLING }], overrides: {} }, /accountOverrides is given beside overrides/],
  [
    { accountSelection: { excludeAccountTags: [{ key: 'sandbox' }] } },
    /accountSelection\.excludeAccountTags is not supported by the Terraform OrganizationContacts/,
  ],
  [
    { overrides: { accountTags: [{ tag: { key: 'team', value: 'cards' }, billing: BILLING }] } },
    /overrides\.accountTags is not supported by the Terraform OrganizationContacts: Terraform reads an account's tags one account at a time/,
  ],
  [
    { accountSelection: { organizationalUnitIds: ['ou-bad'] } },
    /\[stack\/Organization\] organizationalUnitIds\[0\] 'ou-bad'.* does not match the AWS pattern/,
  ],
])('refused at synth, naming the construct and the field: %j', (props, message) => {
  const stack = newStack();
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, ...(props as Partial<tf.OrganizationContactsProps>) });
  expect(() => Testing.synth(stack, true)).toThrow(message);
});
