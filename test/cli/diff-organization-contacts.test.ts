/**
 * `diff` of a cloud assembly whose only declaration is an OrganizationContacts: the declaration is read from its
 * asset, resolved against an organization of 200 member accounts in moto (defaults, a unit override, an account
 * override, an exclusion), and compared with what the local Account API server holds. A declaration that cannot be
 * read is exit 2, never "No drift".
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TagResourceCommand } from '@aws-sdk/client-organizations';
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OrganizationContacts } from '../../src';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { BILLING, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';

jest.setTimeout(300_000);

const MANAGEMENT = '111122223333';
const PRODUCTION_SECURITY = { ...SECURITY, name: 'Production SOC', emailAddress: 'prod-security@example.com' };
const PCI_SECURITY = { ...SECURITY, name: 'PCI Security Office', emailAddress: 'pci-security@example.com' };
const OVERRIDDEN_BILLING = { ...BILLING, name: 'Shared services finance', emailAddress: 'shared-billing@example.com' };

const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-organization-'));
const moto = useMotoServer({ accountId: MANAGEMENT });
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;
let excluded: string;
let overridden: string;
let outdir: string;
// The reads run at 500/s here (--rate): at the default, AWS's 10 reads/s, 800 reads take 80 s.

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 100, [
    { name: 'workloads', accounts: 60, units: [{ name: 'production', accounts: 40 }] },
  ]);
  [excluded, overridden] = organization.accountsByUnit.root;
  local = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: organization.memberAccountIds });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);

  const app = new App({ outdir: path.join(workDirectory, 'cdk.out') });
  new OrganizationContacts(new Stack(app, 'Organization', { env: { account: MANAGEMENT, region: 'us-east-1' } }), 'Contacts', {
    security: SECURITY,
    billing: BILLING,
    accountSelection: { excludeAccountIds: [excluded] },
    overrides: {
      organizationalUnits: [{ organizationalUnitId: organization.unitIds.production, security: PRODUCTION_SECURITY }],
      accounts: [{ accountId: overridden, billing: OVERRIDDEN_BILLING }],
    },
  });
  outdir = app.synth().directory;

  // What a deployment leaves: every managed account with its resolved contacts; the excluded account untouched.
  for (const accountId of [MANAGEMENT, ...organization.memberAccountIds].filter((id) => id !== excluded)) {
    const security = organization.accountsByUnit.production.includes(accountId) ? PRODUCTION_SECURITY : SECURITY;
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(security));
    local.seedAlternateContact(accountId, 'BILLING', apiMembers(accountId === overridden ? OVERRIDDEN_BILLING : BILLING));
  }
});
afterAll(async () => {
  await local?.stop();
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

test('an OrganizationContacts-only assembly after deploy: 200 accounts compared, no drift', async () => {
  const result = await runCli(['--rate', '500', 'diff', '--expected', outdir], endpoints);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain(`Compared 200 accounts with cloud assembly ${outdir}`);
  expect(result.stdout).toContain('No drift.');
  expect(result.exitCode).toBe(0);
});

test('a production account whose security contact was changed by hand is drift (exit 1), resolved with the unit override', async () => {
  const [drifted] = organization.accountsByUnit.production;
  local.seedAlternateContact(drifted, 'SECURITY', apiMembers({ ...PRODUCTION_SECURITY, emailAddress: 'bob.smith@example.com' }));
  try {
    const result = await runCli(['--rate', '500', 'diff', '--expected', outdir, '--format', 'json'], endpoints);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.accountsCompared).toBe(200);
    expect(report.differences).toEqual([
      expect.objectContaining({
        accountId: drifted,
        contact: 'SECURITY',
        field: 'emailAddress',
        expected: 'p***y@example.com',
        actual: 'b***h@example.com',
      }),
    ]);
  } finally {
    local.seedAlternateContact(drifted, 'SECURITY', apiMembers(PRODUCTION_SECURITY));
  }
});

test('the account override is compared: the default billing contact on the overridden account is drift', async () => {
  local.seedAlternateContact(overridden, 'BILLING', apiMembers(BILLING));
  try {
    const result = await runCli(['--rate', '500', 'diff', '--expected', outdir], endpoints);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`${overridden} BILLING.emailAddress: expected s\\*+g@example.com`));
    expect(result.stdout).not.toContain(excluded);
  } finally {
    local.seedAlternateContact(overridden, 'BILLING', apiMembers(OVERRIDDEN_BILLING));
  }
});

test('a declaration the command cannot read, or an assembly without declarations, is exit 2 with the reason', async () => {
  const broken = path.join(workDirectory, 'broken.out');
  fs.cpSync(outdir, broken, { recursive: true });
  for (const name of fs.readdirSync(broken).filter((file) => /^asset\..*\.json$/.test(file))) {
    fs.rmSync(path.join(broken, name));
  }
  const missing = await runCli(['diff', '--expected', broken], endpoints);
  expect(missing.exitCode).toBe(2);
  expect(missing.stderr).toMatch(
    /Organization\.template\.json Contacts[0-9A-F]{8}: the OrganizationContacts declaration \(S3 key [0-9a-f]+\.json\) is not in the cloud assembly/,
  );

  const empty = new App({ outdir: path.join(workDirectory, 'empty.out') });
  new sns.Topic(new Stack(empty, 'Topics'), 'Topic');
  const none = await runCli(['diff', '--expected', empty.synth().directory], endpoints);
  expect(none.exitCode).toBe(2);
  expect(none.stderr).toContain('declares no contact that can be compared');
});

test("a declaration with tags: each account's tags are read, a tag-excluded account is not compared, a tag override is", async () => {
  const [, , pci, sandbox] = organization.accountsByUnit.root;
  const organizations = organizationsClient(moto.endpoint);
  await organizations.send(new TagResourceCommand({ ResourceId: pci, Tags: [{ Key: 'data-classification', Value: 'pci' }] }));
  await organizations.send(new TagResourceCommand({ ResourceId: sandbox, Tags: [{ Key: 'environment', Value: 'sandbox' }] }));
  local.seedAlternateContact(sandbox, 'SECURITY', apiMembers({ ...SECURITY, emailAddress: 'someone.else@example.com' }));
  const app = new App({ outdir: path.join(workDirectory, 'tags.out') });
  new OrganizationContacts(new Stack(app, 'Organization', { env: { account: MANAGEMENT, region: 'us-east-1' } }), 'Contacts', {
    security: SECURITY,
    billing: BILLING,
    accountSelection: {
      excludeAccountIds: [excluded],
      excludeAccountTags: [{ key: 'environment', value: 'sandbox' }],
    },
    overrides: {
      organizationalUnits: [{ organizationalUnitId: organization.unitIds.production, security: PRODUCTION_SECURITY }],
      accounts: [{ accountId: overridden, billing: OVERRIDDEN_BILLING }],
      accountTags: [{ tag: { key: 'data-classification', value: 'pci' }, security: PCI_SECURITY }],
    },
  });

  const result = await runCli(['--rate', '500', 'diff', '--expected', app.synth().directory, '--format', 'json'], endpoints);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report.accountsCompared).toBe(199);
  expect(report.differences).toEqual([
    expect.objectContaining({ accountId: pci, contact: 'SECURITY', field: 'name', expected: 'P***', actual: 'S***' }),
    expect.objectContaining({
      accountId: pci,
      contact: 'SECURITY',
      field: 'emailAddress',
      expected: 'p***y@example.com',
      actual: 's***y@example.com',
    }),
  ]);
});
