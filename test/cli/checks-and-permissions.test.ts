/**
 * `--checks` and least privilege, as a child process behind IAM: the command runs only the chosen checks and reads
 * only what they need; the policy that `account-contacts policy` prints (and the README shows) is enough for them;
 * a read the role may not make leaves only the checks that need it unchecked, with the permission named.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { LeastPrivilegePolicy } from '../../src/cli/audit/checks';
import { contactInformationToApiMembers } from '../../src/contacts/api-members';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, organizationWithMembers, runCli } from '../support/cli';
import { BILLING, OPERATIONS, PRIMARY, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { documentation } from '../support/documentation';
import { IamEnforcingProxy } from '../support/iam-enforcing-proxy';
import { evaluatePolicies } from '../support/iam-policy';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { StrictOrganizations } from '../support/strict-organizations';

jest.setTimeout(120_000);

const MEMBER = '222233334444';
const moto = useMotoServer();
let local: AccountApiServer;
let proxy: IamEnforcingProxy;
let organization: StrictOrganizations;
let endpoints: CliEndpoints;
let policy: LeastPrivilegePolicy = { Version: '2012-10-17', Statement: [] };

beforeAll(async () => {
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: [MEMBER] });
  for (const accountId of [MOTO_ACCOUNT_ID, MEMBER]) {
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    local.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
    local.seedAlternateContact(accountId, 'OPERATIONS', apiMembers(OPERATIONS));
    local.seedContactInformation(accountId, contactInformationToApiMembers(PRIMARY));
  }
  proxy = await IamEnforcingProxy.start({
    accountEndpoint: local.endpoint,
    callerAccountId: MOTO_ACCOUNT_ID,
    authorize: (request) => evaluatePolicies([policy], request),
  });
  // diff checks that the declared 222233334444 is an account of the organization.
  organization = await organizationWithMembers(moto.endpoint, [MEMBER]);
  endpoints = { ...localCliEndpoints(proxy.endpoint, moto.endpoint), organizations: organization.endpoint };
});
afterAll(async () => {
  await organization?.stop();
  await proxy?.stop();
  await local?.stop();
});
beforeEach(() => {
  local.requests.length = 0;
  proxy.denied.length = 0;
});

async function printedPolicy(args: string[]): Promise<LeastPrivilegePolicy> {
  const result = await runCli(['policy', ...args], endpoints);
  expect(result).toMatchObject({ exitCode: 0, stderr: '' });
  return JSON.parse(result.stdout);
}

const ACCOUNTS = ['--account-ids', `${MOTO_ACCOUNT_ID},${MEMBER}`];

test('--checks CIS-2.3 reads only SECURITY, and the printed policy for it is enough', async () => {
  policy = await printedPolicy(['--checks', 'CIS-2.3', ...ACCOUNTS]);
  expect(JSON.stringify(policy)).not.toContain('GetContactInformation');
  const result = await runCli(['audit', '--checks', 'cis-2.3', ...ACCOUNTS, '--output', 'json'], endpoints);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.accounts.map((account: any) => [account.accountId, account.status, account.checks])).toEqual([
    [MOTO_ACCOUNT_ID, 'PASS', ['CIS-2.3']],
    [MEMBER, 'PASS', ['CIS-2.3']],
  ]);
  expect(proxy.denied).toEqual([]);
  expect(new Set(local.requests.map((request) => `${request.operation} ${request.alternateContactType ?? ''}`.trim()))).toEqual(
    new Set(['GetAlternateContact SECURITY']),
  );
});

test('a role that may read only SECURITY: the default checks leave every other check unchecked, naming the permission', async () => {
  policy = await printedPolicy(['--checks', 'CIS-2.3', ...ACCOUNTS]);
  local.seedAlternateContact(MEMBER, 'SECURITY', apiMembers({ ...SECURITY, phoneNumber: '' }));
  try {
    const result = await runCli(['audit', ...ACCOUNTS, '--output', 'json'], endpoints);
    expect(result.exitCode).toBe(2);
    const { accounts, summary } = JSON.parse(result.stdout);
    const [own, member] = accounts;
    // The member's finding is counted although another of its reads failed: an error never hides a finding.
    expect(summary).toMatchObject({ accounts: 2, passed: 0, failed: 1, errors: 2, findings: 1 });
    const unreadable = ['CIS-2.2', 'phoneNumberNotInternational', 'primaryPhoneVerified', 'sameEmailForAllContactTypes'];
    for (const account of [own, member]) {
      expect(account.status).toBe('ERROR');
      expect(account.error).toMatch(/not checked: needs account:GetAlternateContact: GetAlternateContact .* was denied/);
    }
    // The caller is in no organization: no API reads its own primary email, so that check is not run on it (no error).
    expect(own.checks).not.toContain('primaryEmailLooksPersonal');
    expect(own.notChecked.flatMap((entry: any) => entry.checks).sort()).toEqual(unreadable);
    expect(own.notChecked.map((entry: any) => entry.permission)).toEqual(['account:GetAlternateContact', 'account:GetContactInformation']);
    // The member's primary email is GetPrimaryEmail's, which the role may not call.
    expect(member.notChecked.flatMap((entry: any) => entry.checks).sort()).toEqual([...unreadable, 'primaryEmailLooksPersonal'].sort());
    expect(member.notChecked.map((entry: any) => entry.permission).sort()).toEqual([
      'account:GetAlternateContact',
      'account:GetContactInformation',
      'account:GetPrimaryEmail',
    ]);
    // CIS 2.3 still ran: the member's SECURITY contact without a phone number is its finding.
    expect(own.findings).toEqual([]);
    expect(member.findings.map((finding: any) => finding.check)).toEqual(['CIS-2.3']);
    // The table shows both what failed and what was not checked.
    const table = await runCli(['audit', ...ACCOUNTS, '--no-color'], endpoints);
    expect(table.stdout).toMatch(
      new RegExp(`${MEMBER}\\s+ERROR\\s+s\\*\\*\\*y@example.com\\s+CIS-2.3, CIS-2.2 not checked, sameEmailForAllContactTypes not checked`),
    );
    expect(table.stdout).toContain('2 accounts: 0 passed, 1 with findings (1 findings), 2 could not be read');
  } finally {
    local.seedAlternateContact(MEMBER, 'SECURITY', apiMembers(SECURITY));
  }
});

test('a role without account:GetContactInformation: only CIS 2.2 and the phone verification are unchecked, and the finding says which permission', async () => {
  policy = await printedPolicy([...ACCOUNTS]);
  policy = { ...policy, Statement: policy.Statement.filter((statement) => statement.Action !== 'account:GetContactInformation') };
  const result = await runCli(['audit', ...ACCOUNTS, '--output', 'junit'], endpoints);
  expect(result.exitCode).toBe(2);
  // CIS 2.2 and the phone's verification (both read the contact information) are errors; the other checks pass: 5
  // on the caller's own account (in no organization, so its primary email is not checked), 6 on the member.
  expect(result.stdout).toMatch(/<testsuites name="account-contacts audit" tests="13" failures="0" errors="4">/);
  expect(result.stdout).toContain('type="account:GetContactInformation"');
  expect(result.stdout.match(/<error /g)).toHaveLength(4);
  // diff with the same role: the kinds it could read are compared (the member's SECURITY differs), the rest is unread.
  const declaration = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partly-read-')), 'contacts.yaml');
  fs.writeFileSync(
    declaration,
    stringify({ accounts: [{ accountId: MEMBER, security: { ...SECURITY, emailAddress: 'soc-team@example.com' }, contactInformation: PRIMARY }] }),
  );
  const drift = await runCli(['diff', '--expected', declaration, '--account-ids', MEMBER], endpoints);
  expect(drift.exitCode).toBe(2);
  expect(drift.stdout).toContain(`${MEMBER} SECURITY.emailAddress: expected s***m@example.com, found s***y@example.com`);
  expect(drift.stdout).toMatch(new RegExp(`^${MEMBER} ERROR needs account:GetContactInformation`, 'm'));
  expect(drift.stdout).not.toMatch(/PRIMARY\./);
  // With all the checks' permissions, the same audit passes.
  policy = await printedPolicy([...ACCOUNTS]);
  proxy.denied.length = 0;
  expect((await runCli(['audit', ...ACCOUNTS], endpoints)).exitCode).toBe(0);
  expect(proxy.denied).toEqual([]);
});

test('an unknown check is a usage error (exit 64) that lists the checks', async () => {
  const result = await runCli(['audit', '--checks', 'CIS-9.9'], endpoints);
  expect(result.exitCode).toBe(64);
  expect(result.stderr).toMatch(
    /unknown check 'CIS-9\.9' in CIS 7\.0\.0: expected one of CIS-2\.3 \(securityContactRegistered\), CIS-2\.2 \(contactDetailsMaintained\), primaryEmailLooksPersonal, securityEmailLooksPersonal/,
  );
});

test('the README shows the policies that `account-contacts policy` prints', async () => {
  const readme = documentation();
  const blocks = [...readme.matchAll(/<!-- account-contacts policy([^>]*) -->\n *```json\n([\s\S]*?)```/g)];
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  for (const [, args, json] of blocks) {
    expect([args.trim(), JSON.parse(json)]).toEqual([args.trim(), await printedPolicy(args.trim().split(/\s+/).filter(Boolean))]);
  }
});
