/**
 * `audit --format sarif` and `--format csv`, as tools read them: the SARIF log validated against the published
 * SARIF 2.1.0 schema (OASIS, as shipped in @microsoft/jest-sarif) with a real JSON Schema validator, the CSV read by
 * Python's csv module, the HTML page in Debian's Chromium; each carries exactly the JSON report's outcomes. An organization in moto_server whose accounts
 * are complete, without a security contact, with an unverified phone, unreadable, and one named like a formula.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fc from 'fast-check';
import { Browser } from 'playwright-core';
import { ContactRead } from '../../src/cli/audit/checks';
import { evaluateAccount } from '../../src/cli/audit/findings';
import { csvField } from '../../src/cli/audit/formats/csv-report';
import { renderHtml } from '../../src/cli/audit/formats/html-report';
import { AccountApiServer } from '../support/account-api-server';
import { launchChromium } from '../support/browser';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { API_PRIMARY, BILLING, OPERATIONS, SECURITY, PRIMARY as PRIMARY_CONTACT, apiMembers } from '../support/contacts-fixtures';
import { addMotoAccount, createMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

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
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
  const [complete, noSecurity, unverified, denied, formula] = members;
  for (const accountId of [MOTO_ACCOUNT_ID, complete, noSecurity, unverified, formula]) {
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    local.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
    local.seedAlternateContact(accountId, 'OPERATIONS', apiMembers(OPERATIONS));
    local.seedContactInformation(accountId, API_PRIMARY, accountId === unverified ? 'UNVERIFIED' : 'VERIFIED');
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

test("the account's primary email is an outcome like any other, which every format below carries: FAIL for moto's master@, PASS for a member's alias", () => {
  const outcomes = jsonOutcomes();
  expect(outcomes.get(`${MOTO_ACCOUNT_ID}/primaryEmailLooksPersonal`)).toBe('FAIL');
  expect(outcomes.get(`${members[0]}/primaryEmailLooksPersonal`)).toBe('PASS');
  expect(outcomes.get(`${members[3]}/primaryEmailLooksPersonal`)).toBe('NOT_CHECKED');
});

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

test("CSV: Python's csv module reads one row per account and check, the same outcomes as JSON; a formula-like name is defused", async () => {
  const result = await runCli(['audit', '--organization', '--format', 'csv'], endpoints);
  expect(result.stdout.includes('\r\n')).toBe(true);
  const rows: Array<Record<string, string>> = JSON.parse(
    execFileSync('python3', ['-c', 'import csv, io, json, sys; print(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))))'], {
      input: result.stdout,
      encoding: 'utf8',
    }),
  );
  expect(rows).toHaveLength(jsonOutcomes().size);
  expect(new Map(rows.map((row) => [`${row.account_id}/${row.check}`, row.status]))).toEqual(jsonOutcomes());
  // One time for the run, when it was checked, in ISO 8601.
  expect(new Set(rows.map((row) => row.checked_at)).size).toBe(1);
  expect(new Date(rows[0].checked_at).toISOString()).toBe(rows[0].checked_at);
  const formulaRows = rows.filter((row) => row.account_id === members[4]);
  expect(formulaRows.every((row) => row.account_name === `'${FORMULA_NAME}`)).toBe(true);
  expect(rows.find((row) => row.account_id === members[2] && row.check === 'primaryPhoneVerified')).toMatchObject({
    status: 'FAIL',
    severity: 'MEDIUM',
    phone_verification: 'UNVERIFIED',
  });
  expect(result.stdout).not.toContain(SECURITY.emailAddress);
});

test('every CSV field, whatever its text, reads back as written (a formula start prefixed with an apostrophe)', () => {
  const values = fc.sample(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', ' ', 'é') }), 400);
  const line = `${values.map(csvField).join(',')}\r\n`;
  const [read]: string[][] = JSON.parse(
    execFileSync('python3', ['-c', 'import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))'], {
      input: line,
      encoding: 'utf8',
    }),
  );
  expect(read).toEqual(values.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)));
});

/** A venv of the test's own with Prowler's OCSF models (py-ocsf-models, from PyPI), made once in test/.tmp. */
function ocsfReader(): string {
  const venv = path.join(__dirname, '..', '.tmp', 'ocsf-venv');
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(path.join(venv, 'ready'))) {
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', 'py-ocsf-models>=0.10,<1'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    fs.writeFileSync(path.join(venv, 'ready'), '');
  }
  return python;
}

const READ_OCSF = `
import json, sys
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
events = json.load(sys.stdin)
read = []
for event in events:
    try:
        finding = ComplianceFinding.model_validate(event)
    except Exception as error:
        read.append({"error": str(error).splitlines()[0]})
        continue
    read.append({"account": finding.cloud.account.uid if getattr(finding, "cloud", None) else event["cloud"]["account"]["uid"],
                 "check": finding.metadata.event_code, "compliance": int(finding.compliance.status_id),
                 "class": int(finding.class_uid), "type": int(finding.type_uid), "severity": int(finding.severity_id)})
print(json.dumps(read))
`;

test("OCSF: every event is read as a Compliance Finding by Prowler's OCSF models, one per account and check, the JSON report's outcomes", async () => {
  const result = await runCli(['audit', '--organization', '--format', 'ocsf'], endpoints);
  const events = JSON.parse(result.stdout);
  const python = ocsfReader();
  const read: any[] = JSON.parse(execFileSync(python, ['-c', READ_OCSF], { input: result.stdout, encoding: 'utf8' }));
  expect(read.filter((event) => event.error)).toEqual([]);
  expect(read).toHaveLength(jsonOutcomes().size);
  const checkIds = new Map<string, string>(json.accounts[0].checks.map((check: string, index: number) => [events[index].metadata.event_code, check]));
  const statuses: Record<number, string> = { 1: 'PASS', 3: 'FAIL', 0: 'NOT_CHECKED' };
  expect(new Map(read.map((event) => [`${event.account}/${checkIds.get(event.check)}`, statuses[event.compliance]]))).toEqual(jsonOutcomes());
  expect(new Set(read.map((event) => `${event.class}/${event.type}`))).toEqual(new Set(['2003/200301']));
  // The reader is not a formality: a finding without its compliance object is refused.
  const { compliance: _compliance, ...broken } = events[0];
  const refused = JSON.parse(execFileSync(python, ['-c', READ_OCSF], { input: JSON.stringify([broken]), encoding: 'utf8' }));
  expect(refused[0].error).toBeDefined();
  expect(result.stdout).not.toContain(SECURITY.emailAddress);
});

describe('--format html: the evidence page, in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  /** Opens a page from a file and records every request it makes and every console message (CSP reports go there). */
  async function open(html: string, name: string) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'html-report-')), `${name}.html`);
    fs.writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    const console: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => console.push(message.text()));
    await page.goto(`file://${file}`);
    return { page, requests, console, file };
  }

  test("it renders offline; its summary, per-check counts and matrix are the JSON report's; masked values only", async () => {
    const result = await runCli(['audit', '--organization', '--format', 'html'], endpoints);
    expect(result.exitCode).toBe(2);
    const { page, requests, console, file } = await open(result.stdout, 'organization');
    expect(requests).toEqual([`file://${file}`]);
    expect(console).toEqual([]);
    const summary = await page.locator('#summary').evaluate((element) => ({ ...(element as HTMLElement).dataset }));
    const { accounts, passed, failed, errors, skipped } = json.summary;
    expect(summary).toEqual({
      accounts: String(accounts),
      passed: String(passed),
      failed: String(failed),
      errors: String(errors),
      skipped: String(skipped),
    });
    const cells: Array<[string, string]> = await page
      .locator('.matrix td[data-status]')
      .evaluateAll((elements) =>
        elements.map((element) => [
          `${(element as HTMLElement).dataset.account}/${(element as HTMLElement).dataset.check}`,
          (element as HTMLElement).dataset.status!,
        ]),
      );
    expect(new Map(cells)).toEqual(jsonOutcomes());
    const counts = await page
      .locator('.per-check tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [
          (row as HTMLElement).dataset.check,
          ...['count-pass', 'count-fail', 'count-not-checked'].map((name) => Number(row.querySelector(`.${name}`)!.textContent)),
        ]),
      );
    const expected = json.accounts[0].checks.map((check: string) => [
      check,
      ...['PASS', 'FAIL', 'NOT_CHECKED'].map(
        (status) => [...jsonOutcomes()].filter(([key, value]) => key.endsWith(`/${check}`) && value === status).length,
      ),
    ]);
    expect(counts).toEqual(expected);
    expect(await page.locator(`tr[data-account="${members[2]}"] .verification`).textContent()).toBe('UNVERIFIED');
    expect(await page.locator('#cis-version').textContent()).toBe('7.0.0');
    expect(await page.locator('#checked-at').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const text = await page.locator('body').innerText();
    expect(text).toContain(FORMULA_NAME);
    expect(text).not.toContain(SECURITY.emailAddress);
    expect(text).not.toContain('555 0110');
    fs.mkdirSync('test-reports', { recursive: true });
    await page.screenshot({ path: 'test-reports/html-report.png', fullPage: true });
    await page.close();
  });

  test('readable at 1,000 accounts: every row is there, the header stays in view, and the page stays small', async () => {
    const reports = Array.from({ length: 1000 }, (_, index) => {
      const accountId = String(300_000_000_000 + index);
      const alternateContacts = index % 7 === 0 ? { BILLING, OPERATIONS } : { SECURITY, BILLING, OPERATIONS };
      return evaluateAccount(
        {
          account: { accountId, name: `workload-${index}`, own: false },
          alternateContacts,
          contactInformation: PRIMARY_CONTACT,
          phoneVerification: index % 5 === 0 ? 'UNVERIFIED' : 'VERIFIED',
          reads: Object.values(ContactRead),
          readErrors: {},
        },
        {},
      );
    });
    const html = renderHtml(
      reports,
      { showContacts: false },
      { toolVersion: '0.0.0', generatedAt: '2026-12-04T12:00:00.000Z', callerAccountId: '111122223333' },
    );
    const started = Date.now();
    const { page } = await open(html, 'thousand');
    const loadMs = Date.now() - started;
    expect(await page.locator('.matrix tbody tr').count()).toBe(1000);
    expect(await page.locator('.matrix td[data-status="FAIL"][data-check="primaryPhoneVerified"]').count()).toBe(200);
    expect(await page.locator('.matrix td[data-status="FAIL"][data-check="CIS-2.3"]').count()).toBe(143);
    // Scrolled to the last account, the column headers are still at the top of the window.
    await page.locator('.matrix tbody tr').last().scrollIntoViewIfNeeded();
    const header = await page.locator('.matrix thead th').first().boundingBox();
    expect(header!.y).toBeGreaterThanOrEqual(0);
    expect(header!.y).toBeLessThan(5);
    await page.screenshot({ path: 'test-reports/html-report-1000-accounts.png' });
    fs.writeFileSync(
      'test-reports/html-report.json',
      `${JSON.stringify({ accounts: 1000, bytes: Buffer.byteLength(html), loadMs }, undefined, 2)}\n`,
    );
    expect(Buffer.byteLength(html)).toBeLessThan(3 * 1024 * 1024);
    await page.close();
  });
});
