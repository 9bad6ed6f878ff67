/**
 * `account-contacts diff` against what the library's own constructs synthesize (a CDK cloud assembly and a cdktf
 * cdk.tf.json) and against a plain YAML declaration, run as a child process.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../examples/example-app';
import { buildTerraformExampleApp } from '../../examples/terraform-app';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, organizationWithMembers, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { createMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';
import { StrictOrganizations } from '../support/strict-organizations';

jest.setTimeout(120_000);

// The example app's accounts: the stack's own and one member.
const OWN = '111122223333';
const MEMBER = '222233334444';
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-test-'));
const moto = useMotoServer({ accountId: OWN, resetEachTest: true });
let local: AccountApiServer;
let endpoints: CliEndpoints;

afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));
afterEach(async () => local?.stop());
let organization: StrictOrganizations;
beforeAll(async () => {
  // The declarations name the member 222233334444: an account of the organization, as the command checks.
  organization = await organizationWithMembers(moto.endpoint, [MEMBER]);
});
afterAll(async () => organization.stop());

/** Seeds the local server with exactly what a synthesized template declares, as a deploy would. */
function seedFromTemplate(template: any) {
  for (const resource of Object.values<any>(template.Resources)) {
    const properties = resource.Properties ?? {};
    const accountId = properties.AccountId ?? OWN;
    if (resource.Type === 'Custom::AccountAlternateContact') {
      local.seedAlternateContact(accountId, properties.AlternateContactType, {
        Name: properties.Name,
        Title: properties.Title,
        EmailAddress: properties.EmailAddress,
        PhoneNumber: properties.PhoneNumber,
      });
    } else if (resource.Type === 'Custom::AccountContactInformation') {
      local.seedContactInformation(accountId, properties.ContactInformation);
    }
  }
}

test('a CDK cloud assembly: no drift after deploy, then a hand-made change is reported per field, masked', async () => {
  local = await AccountApiServer.start({ callerAccountId: OWN, memberAccountIds: [MEMBER] });
  endpoints = { ...localCliEndpoints(local.endpoint, moto.endpoint), organizations: organization.endpoint };
  const outdir = path.join(workDirectory, 'cdk.out');
  const assembly = buildExampleApp(outdir).synth();
  seedFromTemplate(assembly.stacks[0].template);
  // The example's OrganizationContacts is compared too: an organization whose only account is the caller's, whose
  // own declarations (the first stack's) are more specific than the organization's defaults.
  await createMotoOrganization(organizationsClient(moto.endpoint), 0);

  const clean = await runCli(['diff', '--expected', outdir], endpoints);
  expect(clean.stdout).toContain(`Compared 2 accounts with cloud assembly ${outdir} (2 stacks)`);
  expect(clean.stdout).toContain('No drift.');
  expect(clean.exitCode).toBe(0);

  local.seedAlternateContact(MEMBER, 'SECURITY', {
    Name: 'Bob Smith',
    Title: 'Security team',
    EmailAddress: 'bob.smith@example.com',
    PhoneNumber: '+1 206 555 0100',
  });
  local.removeAlternateContact(OWN, 'OPERATIONS');
  const drifted = await runCli(['diff', '--expected', path.join(outdir, assembly.stacks[0].templateFile)], endpoints);
  expect(drifted.exitCode).toBe(1);
  expect(
    drifted.stdout
      .split('\n')
      .filter((line) => /^\d{12} /.test(line))
      .sort(),
  ).toEqual([
    `${OWN} OPERATIONS.emailAddress: expected c***s@example.com, found (not set)`,
    `${OWN} OPERATIONS.name: expected C***, found (not set)`,
    `${OWN} OPERATIONS.phoneNumber: expected +* *** *** **02, found (not set)`,
    `${OWN} OPERATIONS.title: expected Platform on-call, found (not set)`,
    `${MEMBER} SECURITY.emailAddress: expected s***y@example.com, found b***h@example.com`,
    `${MEMBER} SECURITY.name: expected S***, found B***`,
  ]);
  expect(drifted.stdout).toContain('6 differences in 2 accounts, 0 accounts could not be read.');

  const json = await runCli(['--show-contacts', 'diff', '--expected', outdir, '--format', 'json'], endpoints);
  expect(JSON.parse(json.stdout).differences).toContainEqual({
    accountId: MEMBER,
    contact: 'SECURITY',
    field: 'emailAddress',
    expected: 'security@example.com',
    actual: 'bob.smith@example.com',
  });
});

test('a cdktf synthesis of tf.OrganizationContacts: defaults for every ACTIVE account, drift reported, excluded account left alone', async () => {
  const members = await createMotoOrganization(organizationsClient(moto.endpoint), 3);
  local = await AccountApiServer.start({ callerAccountId: OWN, memberAccountIds: members });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
  const outdir = path.join(workDirectory, 'cdktf.out');
  buildTerraformExampleApp(outdir).synth();
  const file = path.join(outdir, 'stacks', 'organization-contacts', 'cdk.tf.json');
  const locals = JSON.parse(fs.readFileSync(file, 'utf8')).locals;
  const defaults = (kind: string) => Object.entries<any>(locals).find(([name]) => name.includes(`_${kind}_default_`))![1];
  for (const accountId of [OWN, ...members]) {
    for (const kind of ['security', 'billing']) {
      const contact = defaults(kind);
      local.seedAlternateContact(accountId, kind.toUpperCase(), {
        Name: contact.name,
        Title: contact.title,
        EmailAddress: contact.emailAddress,
        PhoneNumber: contact.phoneNumber,
      });
    }
  }

  const clean = await runCli(['diff', '--expected', file], endpoints);
  expect(clean.stdout).toContain(`Compared ${members.length + 1} accounts with cdktf configuration ${file}`);
  expect(clean.exitCode).toBe(0);

  local.seedAlternateContact(members[1], 'BILLING', { ...local.alternateContact(members[1], 'BILLING')!, PhoneNumber: '+1 206 555 0199' });
  const drifted = await runCli(['diff', '--expected', file], endpoints);
  expect(drifted.exitCode).toBe(1);
  expect(drifted.stdout).toContain(`${members[1]} BILLING.phoneNumber: expected +* *** *** **01, found +* *** *** **99`);
  expect(drifted.stdout).toContain('1 differences in 1 accounts');
});

test('a plain YAML declaration, and an invalid one rejected with the rule (exit 2)', async () => {
  local = await AccountApiServer.start({ callerAccountId: OWN, memberAccountIds: [MEMBER] });
  endpoints = { ...localCliEndpoints(local.endpoint, moto.endpoint), organizations: organization.endpoint };
  local.seedAlternateContact(MEMBER, 'SECURITY', {
    Name: 'SOC',
    Title: 'Security',
    EmailAddress: 'security@example.com',
    PhoneNumber: '+1 206 555 0100',
  });
  const declaration = path.join(workDirectory, 'contacts.yaml');
  fs.writeFileSync(
    declaration,
    [
      'accounts:',
      `  - accountId: "${MEMBER}"`,
      '    security: { name: SOC, title: Security, emailAddress: security@example.com, phoneNumber: "+1 206 555 0100" }',
      '  - accountId: self',
      '    security: { name: SOC, title: Security, emailAddress: security@example.com, phoneNumber: "+1 206 555 0100" }',
      '',
    ].join('\n'),
  );

  const result = await runCli(['diff', '--expected', declaration, '--account-ids', MEMBER, OWN], endpoints);
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toContain(`${OWN} SECURITY.emailAddress: expected s***y@example.com, found (not set)`);
  expect(result.stdout).not.toContain(`${MEMBER} SECURITY`);

  fs.writeFileSync(
    declaration,
    'accounts:\n  - accountId: "12"\n    security: { name: SOC, title: Security, emailAddress: "bob@", phoneNumber: "+1" }\n',
  );
  const invalid = await runCli(['diff', '--expected', declaration], endpoints);
  expect(invalid.exitCode).toBe(2);
  expect(invalid.stderr).toContain("accounts[0].accountId '12' (2 characters) does not match the AWS pattern ^\\d{12}$");
  expect(invalid.stderr).toContain('accounts[0].security.emailAddress');
});
