/**
 * `account-contacts audit` as a user runs it: the bundled command in a child process, an organization of a few
 * hundred accounts built with real Organizations calls in moto_server, and their contacts on the local Account
 * API server (complete, missing SECURITY, one person's mailbox as security contact or as the account's primary email,
 * access denied). moto's management account has the email `master@example.com`: one person's, by the audit's rule.
 */
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { XMLParser } from 'fast-xml-parser';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { API_PRIMARY, BILLING, OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { createMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

jest.setTimeout(180_000);

const MEMBERS = 240;
const moto = useMotoServer();
let local: AccountApiServer;
let endpoints: CliEndpoints;
let members: string[];
const groups: Record<'complete' | 'noSecurity' | 'personal' | 'denied' | 'personalRoot', string[]> = {
  complete: [],
  noSecurity: [],
  personal: [],
  denied: [],
  personalRoot: [],
};

function seedComplete(accountId: string, security = SECURITY) {
  local.seedAlternateContact(accountId, 'SECURITY', apiMembers(security));
  local.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
  local.seedAlternateContact(accountId, 'OPERATIONS', apiMembers(OPERATIONS));
  local.seedContactInformation(accountId, API_PRIMARY);
}

beforeAll(async () => {
  members = await createMotoOrganization(organizationsClient(moto.endpoint), MEMBERS);
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
  seedComplete(MOTO_ACCOUNT_ID);
  members.forEach((accountId, index) => {
    const group = (['complete', 'complete', 'noSecurity', 'personal', 'denied', 'personalRoot'] as const)[index % 6];
    groups[group].push(accountId);
    if (group === 'complete') {
      seedComplete(accountId);
    } else if (group === 'noSecurity') {
      seedComplete(accountId);
      local.removeAlternateContact(accountId, 'SECURITY');
    } else if (group === 'personal') {
      seedComplete(accountId, { ...SECURITY, emailAddress: 'jane.doe@example.com' });
    } else if (group === 'personalRoot') {
      // Created with one person's address, as many accounts were: its alternate contacts are all team aliases.
      seedComplete(accountId);
      local.seedPrimaryEmail(accountId, 'john.smith@example.com');
    } else {
      local.deniedAccountIds.add(accountId);
    }
  });
});
afterAll(async () => local?.stop());

test('the organization audit reports exact findings per account, errors for unreadable accounts, and exits 2', async () => {
  const result = await runCli(['--rate', '2000', '--concurrency', '8', 'audit', '--organization', '--format', 'json'], endpoints);
  expect(result.stderr).not.toContain('account-contacts:');
  expect(result.exitCode).toBe(2);
  const report = JSON.parse(result.stdout);
  expect(report.summary).toEqual({
    accounts: MEMBERS + 1,
    passed: groups.complete.length,
    failed: groups.noSecurity.length + groups.personal.length + groups.personalRoot.length + 1,
    errors: groups.denied.length,
    skipped: 0,
    findings: groups.noSecurity.length + groups.personal.length + groups.personalRoot.length + 1,
  });
  const byId = new Map<string, any>(report.accounts.map((account: any) => [account.accountId, account]));
  // The management account's email is read from Organizations (GetPrimaryEmail cannot name it): moto's master@.
  expect(byId.get(MOTO_ACCOUNT_ID)).toMatchObject({
    status: 'FAIL',
    findings: [{ check: 'primaryEmailLooksPersonal', message: expect.stringContaining("'m***r@example.com'") }],
  });
  for (const accountId of groups.complete) {
    expect(byId.get(accountId)).toMatchObject({ status: 'PASS', findings: [] });
  }
  for (const accountId of groups.noSecurity) {
    expect(byId.get(accountId)).toMatchObject({
      status: 'FAIL',
      findings: [{ check: 'CIS-2.3', severity: 'HIGH', message: 'no SECURITY alternate contact is registered' }],
    });
  }
  for (const accountId of groups.personal) {
    expect(byId.get(accountId).findings.map((finding: any) => finding.check)).toEqual(['securityEmailLooksPersonal']);
  }
  for (const accountId of groups.personalRoot) {
    expect(byId.get(accountId)).toMatchObject({
      status: 'FAIL',
      findings: [
        {
          check: 'primaryEmailLooksPersonal',
          checkId: 'primaryEmailLooksPersonal',
          severity: 'MEDIUM',
          cis: { version: '7.0.0', recommendation: '2.2', title: 'Maintain current contact details' },
          message: expect.stringContaining(
            "the account's primary email address 'j***h@example.com' (the root user's) looks like one person's mailbox",
          ),
          fix: expect.stringContaining(`account-contacts update-primary-email --account-id ${accountId} --email <team alias>`),
        },
      ],
    });
  }
  // Only those: the alias every other member was created with (aws-root+<id>@) is no finding.
  const flagged = report.accounts.filter((account: any) => account.findings.some((finding: any) => finding.check === 'primaryEmailLooksPersonal'));
  expect(flagged.map((account: any) => account.accountId).sort()).toEqual([MOTO_ACCOUNT_ID, ...groups.personalRoot].sort());
  expect(result.stdout).not.toContain('john.smith');
  for (const accountId of groups.denied) {
    expect(byId.get(accountId)).toMatchObject({ status: 'ERROR', findings: [], error: expect.stringMatching(/was denied .*enable trusted access/) });
  }
});

test('contacts are masked in every output unless --show-contacts is given', async () => {
  const ids = [...groups.complete.slice(0, 3), ...groups.personal.slice(0, 2)];
  for (const format of ['json', 'table', 'markdown', 'junit']) {
    const result = await runCli(['audit', '--account-ids', ...ids, '--format', format], endpoints);
    expect(result.stdout).not.toContain(SECURITY.emailAddress);
    expect(result.stdout).not.toContain('jane.doe@');
    expect(result.stdout).not.toContain(SECURITY.phoneNumber);
  }
  const shown = await runCli(['--show-contacts', 'audit', '--account-ids', ...ids, '--format', 'json'], endpoints);
  expect(shown.stdout).toContain(SECURITY.emailAddress);
  expect(shown.stdout).toContain(SECURITY.phoneNumber);
});

test('accounts that all pass exit 0; findings without errors exit 1', async () => {
  const passing = await runCli(['audit', '--account-ids', groups.complete.slice(0, 5).join(',')], endpoints);
  expect(passing.exitCode).toBe(0);
  expect(passing.stdout).toContain('5 accounts: 5 passed, 0 with findings (0 findings), 0 could not be read');

  const failing = await runCli(['audit', '--account-ids', groups.complete[0], groups.noSecurity[0]], endpoints);
  expect(failing.exitCode).toBe(1);
});

test('the table, markdown and JUnit formats carry the same findings', async () => {
  const ids = [groups.complete[0], groups.noSecurity[0], groups.personal[0], groups.denied[0], groups.personalRoot[0]];
  const table = await runCli(['audit', '--account-ids', ...ids], endpoints);
  expect(table.stdout.split('\n')[0]).toMatch(/^ACCOUNT\s+NAME\s+STATUS\s+SECURITY CONTACT\s+FINDINGS$/);
  expect(table.stdout).toMatch(new RegExp(`${groups.noSecurity[0]}\\s+\\S*\\s+FAIL\\s+-\\s+CIS-2.3`));
  expect(table.stdout).toContain(`${groups.noSecurity[0]} HIGH CIS-2.3 (Security Hub Account.1): no SECURITY alternate contact is registered. Fix: `);
  expect(table.stdout).toMatch(new RegExp(`${groups.personal[0]}\\s+\\S*\\s+FAIL\\s+j\\*\\*\\*e@example.com\\s+securityEmailLooksPersonal`));
  expect(table.stdout).toMatch(new RegExp(`${groups.denied[0]}\\s+\\S*\\s+ERROR\\s+-\\s+cannot be read`));
  expect(table.stdout).toMatch(new RegExp(`${groups.personalRoot[0]}\\s+\\S*\\s+FAIL\\s+\\S+\\s+primaryEmailLooksPersonal`));
  expect(table.stdout).toContain(
    `${groups.personalRoot[0]} MEDIUM primaryEmailLooksPersonal (CIS 2.2): the account's primary email address 'j***h@example.com'`,
  );
  expect(table.stdout).toContain('5 accounts: 1 passed, 3 with findings (3 findings), 1 could not be read');

  const markdown = await runCli(['audit', '--account-ids', ...ids, '--format', 'markdown'], endpoints);
  expect(markdown.stdout).toContain('| Account | Name | Status | SECURITY contact | Findings |');
  expect(markdown.stdout).toContain(`| ${groups.noSecurity[0]} |  | FAIL | - | CIS-2.3 |`);
  expect(markdown.stdout).toContain(`- **${groups.personal[0]}** LOW \`securityEmailLooksPersonal\``);
  expect(markdown.stdout).toContain(`- **${groups.personalRoot[0]}** MEDIUM \`primaryEmailLooksPersonal\``);

  const junit = await runCli(['audit', '--account-ids', ...ids, '--format', 'junit'], endpoints);
  expect(junit.exitCode).toBe(2);
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit.stdout);
  const suites = [xml.testsuites.testsuite].flat();
  // One test case per check run (seven by default) and account; the unreadable account's seven are errors.
  expect(xml.testsuites).toMatchObject({ tests: '35', failures: '3', errors: '7' });
  const suite = (accountId: string) => suites.find((candidate: any) => candidate.name.startsWith(`account ${accountId}`));
  expect(suite(groups.complete[0])).toMatchObject({ failures: '0', errors: '0' });
  expect(suite(groups.noSecurity[0]).testcase[0].failure).toMatchObject({ type: 'HIGH', message: 'no SECURITY alternate contact is registered' });
  expect(suite(groups.denied[0]).testcase.every((testCase: any) => testCase.error)).toBe(true);
  expect(suite(groups.personalRoot[0]).testcase.find((testCase: any) => testCase.failure).failure).toMatchObject({ type: 'MEDIUM' });
});

test('bad arguments exit 64 (usage) with a message', async () => {
  const result = await runCli(['audit', '--account-ids', '12345'], endpoints);
  expect(result.exitCode).toBe(64);
  expect(result.stderr).toContain("accountId '12345' (5 characters) does not match the AWS pattern ^\\d{12}$");
});

test('--cis-version reports the numbers of that version in every format, with the Security Hub control', async () => {
  const ids = [groups.noSecurity[0]];
  const numbersOf = async (version: string) => {
    const result = await runCli(['audit', '--account-ids', ...ids, '--cis-version', version, '--output', 'json'], endpoints);
    return JSON.parse(result.stdout).accounts[0].findings.map(
      (finding: any) => `${finding.check} ${finding.cis.version} ${finding.securityHubControlId}`,
    );
  };
  expect(await numbersOf('3.0.0')).toEqual(['CIS-1.2 3.0.0 Account.1']);
  expect(await numbersOf('6.0.0')).toEqual(['CIS-2.2 6.0.0 Account.1']);
  expect(await numbersOf('7.0.0')).toEqual(['CIS-2.3 7.0.0 Account.1']);
  const junit = await runCli(['audit', '--account-ids', ...ids, '--cis-version', '5.0.0', '--output', 'junit'], endpoints);
  expect(junit.stdout).toContain('name="CIS-1.2 Ensure security contact information is registered (CIS 5.0.0, Security Hub Account.1)"');
  expect((await runCli(['audit', '--cis-version', '8.0.0'], endpoints)).exitCode).toBe(64);
});

test('an account that is not ACTIVE (closed: SUSPENDED) is listed as skipped with its state, not read, and is no finding or error', async () => {
  const closed = groups.complete[1];
  await organizationsClient(moto.endpoint).send(new CloseAccountCommand({ AccountId: closed }));
  const reads = () => local.requests.filter((request) => request.accountId === closed).length;
  const before = reads();

  const result = await runCli(['--rate', '2000', '--concurrency', '8', 'audit', '--organization', '--format', 'json'], endpoints);
  const report = JSON.parse(result.stdout);
  expect(report.summary).toMatchObject({ accounts: MEMBERS + 1, skipped: 1, passed: groups.complete.length - 1, errors: groups.denied.length });
  expect(report.accounts.find((account: any) => account.accountId === closed)).toMatchObject({
    status: 'SKIPPED',
    checks: [],
    findings: [],
    notChecked: [],
    skipped: 'the account is SUSPENDED, not ACTIVE: its contacts are not checked',
  });
  expect(reads()).toBe(before);

  const table = await runCli(['--rate', '2000', '--concurrency', '8', 'audit', '--organization', '--no-color'], endpoints);
  expect(table.stdout).toMatch(new RegExp(`^${closed}\\s+\\S*\\s+SKIPPED\\s+-\\s+skipped: SUSPENDED$`, 'm'));
  expect(table.stdout).toMatch(/could not be read, 1 skipped \(not ACTIVE\)$/m);
  // Skipped is not a failure: the exit code is that of the other accounts (2: the denied ones).
  expect(table.exitCode).toBe(2);
});
