/**
 * The command's declaration file takes `organization.excludeOrganizationalUnitIds`, the name the AWS CDK and
 * Terraform constructs use: `apply` leaves the accounts under an excluded unit alone (nested units included), and
 * `diff` reports no drift for them, reading where each account sits as the organization function does.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { stringify } from 'yaml';
import * as tf from '../../src/tf';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { SECURITY } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const MANAGEMENT = '111122223333';
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'excluded-units-'));
const declaration = path.join(workDirectory, 'contacts.yaml');
const moto = useMotoServer({ accountId: MANAGEMENT });
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 1, [
    { name: 'workloads', accounts: 2 },
    { name: 'sandbox', accounts: 1, units: [{ name: 'experiments', accounts: 1 }] },
  ]);
  local = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: organization.memberAccountIds });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});

afterAll(async () => {
  await local?.stop();
});

test('apply writes every account but those under the excluded unit and its nested unit; diff then finds no drift', async () => {
  fs.writeFileSync(declaration, stringify({ organization: { security: SECURITY, excludeOrganizationalUnitIds: [organization.unitIds.sandbox] } }));
  const applied = await runCli(['--rate', '500', 'apply', '--declaration', declaration, '--yes'], endpoints);
  expect(applied.exitCode).toBe(0);

  const leftAlone = [...organization.accountsByUnit.sandbox, ...organization.accountsByUnit.experiments];
  const written = new Set(
    local.requests.filter((request) => request.operation === 'PutAlternateContact').map((request) => request.accountId ?? MANAGEMENT),
  );
  expect(written).toEqual(new Set([MANAGEMENT, ...organization.accountsByUnit.root, ...organization.accountsByUnit.workloads]));
  for (const accountId of leftAlone) {
    expect(local.alternateContact(accountId, 'SECURITY')).toBeUndefined();
  }

  const diff = await runCli(['diff', '--expected', declaration, '--output', 'json'], endpoints);
  expect(diff.exitCode).toBe(0);
  const compared = JSON.parse(diff.stdout) as { accountsCompared: number; differences: unknown[] };
  // The management account, the root member and the two workloads accounts: the excluded ones are not compared.
  expect(compared).toMatchObject({ accountsCompared: 4, differences: [] });
});

test('a cdktf synthesis with excludeOrganizationalUnitIds: diff compares only the accounts outside the excluded units', async () => {
  // After the apply above, every account outside the sandbox (and its nested unit) holds SECURITY.
  const outdir = path.join(workDirectory, 'cdktf.out');
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'contacts');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, excludeOrganizationalUnitIds: [organization.unitIds.sandbox] });
  app.synth();
  const file = path.join(outdir, 'stacks', 'contacts', 'cdk.tf.json');

  const diff = await runCli(['diff', '--expected', file], endpoints);
  expect(diff.stdout).toContain(`Compared 4 accounts with cdktf configuration ${file}`);
  expect(diff.exitCode).toBe(0);
});

test('a bad unit id, and a misspelt key, are refused before any AWS call, never with the opposite meaning', async () => {
  fs.writeFileSync(
    declaration,
    stringify({
      organization: { security: SECURITY, excludeOrganizationalUnitIds: ['r-abcd'], excludeOrganisationalUnitIds: ['ou-ab12-sandboxes'] },
    }),
  );
  local.requests.length = 0;
  const refused = await runCli(['apply', '--declaration', declaration], endpoints);
  expect(refused.exitCode).toBe(2);
  expect(refused.stderr).toContain("organization.excludeOrganizationalUnitIds[0] 'r-abcd' (6 characters) does not match the AWS pattern");
  expect(refused.stderr).toContain(
    'organization.excludeOrganisationalUnitIds is not a key of organization: did you mean excludeOrganizationalUnitIds?',
  );
  expect(local.requests).toEqual([]);
});
