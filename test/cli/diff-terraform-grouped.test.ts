/**
 * `diff --expected <cdk.tf.json>` of a Terraform `OrganizationContacts` that chooses organizational units and
 * overrides contacts by unit: the command resolves it against the organization as Terraform does at plan time (the
 * units' accounts, the nearest unit's contact), so it compares the accounts in scope with the contacts they should
 * hold, never the defaults everywhere.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import * as tf from '../../src/tf';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const MANAGEMENT = '111122223333';
const PAYMENTS_OPERATIONS = { ...OPERATIONS, name: 'Payments Operations', emailAddress: 'payments-operations@example.com' };
const CARDS_SECURITY = { ...SECURITY, name: 'Cards Security', emailAddress: 'cards-security@example.com' };
const moto = useMotoServer({ accountId: MANAGEMENT });
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;
let file: string;

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 1, [
    { name: 'payments', accounts: 2, units: [{ name: 'cards', accounts: 1 }] },
    { name: 'shared', accounts: 1 },
  ]);
  local = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: organization.memberAccountIds });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'diff-terraform-grouped-')), 'cdktf.out');
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'contacts');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new tf.OrganizationContacts(stack, 'Organization', {
    security: SECURITY,
    accountSelection: { organizationalUnitIds: [organization.unitIds.payments] },
    overrides: {
      organizationalUnits: [
        { organizationalUnitId: organization.unitIds.payments, operations: PAYMENTS_OPERATIONS },
        { organizationalUnitId: organization.unitIds.cards, security: CARDS_SECURITY },
      ],
    },
  });
  app.synth();
  file = path.join(outdir, 'stacks', 'contacts', 'cdk.tf.json');
});

afterAll(async () => {
  await local?.stop();
});

test('accounts in the chosen unit, holding what their nearest unit declares: no drift, and only they are compared', async () => {
  for (const accountId of organization.accountsByUnit.payments) {
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    local.seedAlternateContact(accountId, 'OPERATIONS', apiMembers(PAYMENTS_OPERATIONS));
  }
  const [cards] = organization.accountsByUnit.cards;
  local.seedAlternateContact(cards, 'SECURITY', apiMembers(CARDS_SECURITY));
  local.seedAlternateContact(cards, 'OPERATIONS', apiMembers(PAYMENTS_OPERATIONS));

  const diff = await runCli(['diff', '--expected', file, '--output', 'json'], endpoints);

  expect(JSON.parse(diff.stdout)).toMatchObject({ accountsCompared: 3, differences: [] });
  expect(diff.exitCode).toBe(0);
});

test('an account of a nested unit holding the default instead of its unit contact is drift', async () => {
  const [cards] = organization.accountsByUnit.cards;
  local.seedAlternateContact(cards, 'SECURITY', apiMembers(SECURITY));

  const diff = await runCli(['diff', '--expected', file, '--output', 'json'], endpoints);

  const report = JSON.parse(diff.stdout) as { differences: Array<{ accountId: string; contact: string }> };
  expect(report.differences.map((difference) => [difference.accountId, difference.contact])).toEqual(expect.arrayContaining([[cards, 'SECURITY']]));
  expect(new Set(report.differences.map((difference) => difference.accountId))).toEqual(new Set([cards]));
  expect(diff.exitCode).toBe(1);
});
