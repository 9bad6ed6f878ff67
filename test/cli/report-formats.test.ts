/**
 * `audit --format sarif` and `--format csv`, as tools read them: the SARIF log validated against the published
 * SARIF 2.1.0 schema (OASIS, as shipped in @microsoft/jest-sarif) with a real JSON Schema validator, the CSV read by
 * Python's csv module; both carry exactly the JSON report's outcomes. An organization in moto_server whose accounts
 * are complete, without a security contact, with an unverified phone, unreadable, and one named like a formula.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fc from 'fast-check';
import { csvField } from '../../src/cli/audit/formats/csv-report';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { BILLING, OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { addMotoAccount, createMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const PRIMARY = { FullName: 'Cloud Platform', AddressLine1: '1 Main St', City: 'Seattle', StateOrRegion: 'WA', PostalCode: '98101', CountryCode: 'US', PhoneNumber: '+1 206 555 0110' };
const FORMULA_NAME = '=HYPERLINK("http://example.com/x","open")';
const moto = useMotoServer();
let local: AccountApiServer;
let endpoints: CliEndpoints;
let members: string[];
let json: any;

beforeAll(async () => {
  const client = organizationsClient(moto.endpoint);
  members = await createMotoOrganization(client, 4);
  members.push((await addMotoAccount(client, FORMULA_NAME)).accountId);
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
  endpoints = { account: local.endpoint, organizations: moto.endpoint, sts: moto.endpoint };
  const [complete, noSecurity, unverified, denied, formula] = members;
  for (const accountId of [MOTO_ACCOUNT_ID, complete, noSecurity, unverified, formula]) {
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    local.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
    local.seedAlternateContact(accountId, 'OPERATIONS', apiMembers(OPERATIONS));
    local.seedContactInformation(accountId, PRIMARY, accountId === unverified ? 'UNVERIFIED' : 'VERIFIED');
  }
  local.removeAlternateContact(noSecurity, 'SECURITY');
  local.deniedAccountIds.add(denied);
  json = JSON.parse((await runCli(['audit', '--organization', '--format', 'json'], endpoints)).stdout);
});
afterAll(async () => local?.stop());

/** The JSON report's outcome of every account and check: FAIL, PASS or NOT_CHECKED. */
function jsonOutcomes(): Map<string, string> {
  const outcomes = new Map<string, string>();
  for (const account of json.accounts) {
    const failed = new Set(account.findings.map((finding: any) => finding.check));
    const unchecked = new Set(account.notChecked.flatMap((entry: any) => entry.checks));
    for (const check of account.checks) {
      outcomes.set(`${account.accountId}/${check}`, unchecked.has(check) ? 'NOT_CHECKED' : failed.has(check) ? 'FAIL' : 'PASS');
    }
  }
  return outcomes;
}

test('SARIF: valid against the SARIF 2.1.0 schema; one rule per check, a pass or fail result per account and check, errors as notifications', async () => {
  const result = await runCli(['audit', '--organization', '--format', 'sarif'], endpoints);
  expect(result.exitCode).toBe(2);
  const log = JSON.parse(result.stdout);
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The published schema has a language pattern that is not valid in the u (unicode) mode.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  // The check is not vacuous: a log without its version is refused.
  expect(validate({ ...log, version: undefined })).toBe(false);

  const [run] = log.runs;
  expect(run.tool.driver.rules.map((rule: any) => rule.id)).toEqual(json.accounts[0].checks);
  const fromSarif = new Map<string, string>();
  for (const sarifResult of run.results) {
    const account = sarifResult.locations[0].logicalLocations[0].name;
    fromSarif.set(`${account}/${sarifResult.ruleId}`, sarifResult.kind === 'fail' ? 'FAIL' : 'PASS');
    expect(run.tool.driver.rules[sarifResult.ruleIndex].id).toBe(sarifResult.ruleId);
  }
  for (const notification of run.invocations[0].toolExecutionNotifications) {
    fromSarif.set(`${notification.locations[0].logicalLocations[0].name}/${notification.associatedRule.id}`, 'NOT_CHECKED');
  }
  expect(fromSarif).toEqual(jsonOutcomes());
  expect(run.invocations[0].executionSuccessful).toBe(false);
  const unverified = run.results.find((sarifResult: any) => sarifResult.ruleId === 'primaryPhoneVerified' && sarifResult.kind === 'fail');
  expect(unverified).toMatchObject({ level: 'warning', locations: [{ logicalLocations: [{ name: members[2] }] }] });
  expect(result.stdout).not.toContain(SECURITY.emailAddress);
  expect(result.stdout).not.toContain('555 0110');
});

test('CSV: Python\'s csv module reads one row per account and check, the same outcomes as JSON; a formula-like name is defused', async () => {
  const result = await runCli(['audit', '--organization', '--format', 'csv'], endpoints);
  expect(result.stdout.includes('\r\n')).toBe(true);
  const rows: Array<Record<string, string>> = JSON.parse(execFileSync('python3', ['-c', 'import csv, io, json, sys; print(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))))'], { input: result.stdout, encoding: 'utf8' }));
  expect(rows).toHaveLength(jsonOutcomes().size);
  expect(new Map(rows.map((row) => [`${row.account_id}/${row.check}`, row.status]))).toEqual(jsonOutcomes());
  // One time for the run, when it was checked, in ISO 8601.
  expect(new Set(rows.map((row) => row.checked_at)).size).toBe(1);
  expect(new Date(rows[0].checked_at).toISOString()).toBe(rows[0].checked_at);
  const formulaRows = rows.filter((row) => row.account_id === members[4]);
  expect(formulaRows.every((row) => row.account_name === `'${FORMULA_NAME}`)).toBe(true);
  expect(rows.find((row) => row.account_id === members[2] && row.check === 'primaryPhoneVerified')).toMatchObject({ status: 'FAIL', severity: 'MEDIUM', phone_verification: 'UNVERIFIED' });
  expect(result.stdout).not.toContain(SECURITY.emailAddress);
});

test('every CSV field, whatever its text, reads back as written (a formula start prefixed with an apostrophe)', () => {
  const values = fc.sample(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', ' ', 'é') }), 400);
  const line = `${values.map(csvField).join(',')}\r\n`;
  const [read]: string[][] = JSON.parse(execFileSync('python3', ['-c', 'import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))'], { input: line, encoding: 'utf8' }));
  expect(read).toEqual(values.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)));
});
