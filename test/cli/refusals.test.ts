/**
 * Every door into the command, tried as a careless or hostile user would, as a child process against a moto
 * organization and the local Account API server: each value that used to be ignored, guessed or widened is refused,
 * naming the field or flag and the rule, before any write (and, for flags and declarations, before any AWS call).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { stringify } from 'yaml';
import { buildExampleApp } from '../../examples/example-app';
import { SecurityContacts } from '../../src';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { BILLING, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { MisbehavingOrganizations, OrganizationsFault } from '../support/misbehaving-organizations';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

jest.setTimeout(180_000);

const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'refusals-'));
const moto = useMotoServer();
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;
let members: string[];

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 4);
  members = organization.memberAccountIds;
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});
afterAll(async () => {
  await local?.stop();
  fs.rmSync(workDirectory, { recursive: true, force: true });
});
beforeEach(() => {
  local.requests.length = 0;
});

let fileCount = 0;
function declarationFile(document: unknown, extension = 'yaml'): string {
  fileCount += 1;
  const file = path.join(workDirectory, `declaration-${fileCount}.${extension}`);
  fs.writeFileSync(file, typeof document === 'string' ? document : extension === 'json' ? JSON.stringify(document) : stringify(document));
  return file;
}

const apply = (file: string, ...args: string[]) => runCli(['--rate', '500', 'apply', '--declaration', file, '--yes', ...args], endpoints);

describe('apply never writes an account the user excluded, and never guesses', () => {
  test('an 11-digit id in excludeAccountIds is refused: exit 2, nothing read or written (main wrote the excluded account)', async () => {
    const excluded = members[0];
    const file = declarationFile({ organization: { security: SECURITY, excludeAccountIds: [excluded.slice(1)] } });
    const result = await apply(file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `organization.excludeAccountIds[0] '${excluded.slice(1)}' (11 characters) does not match the AWS pattern ^\\d{12}$ (Account Management API, PutAlternateContactRequest.AccountId)`,
    );
    expect(result.stderr).toContain('nothing was read or written');
    expect(local.requests).toEqual([]);
  });

  test('a misspelt excludeAccountIDs is refused with the nearest known key (main ignored it and wrote the account)', async () => {
    const file = declarationFile({ organization: { security: SECURITY, excludeAccountIDs: [members[0]] } });
    const result = await apply(file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('organization.excludeAccountIDs is not a key of organization: did you mean excludeAccountIds?');
    expect(local.requests).toEqual([]);
  });

  test('a misspelt contact type (secuirty) is refused, not silently declared empty', async () => {
    const file = declarationFile({ accounts: [{ accountId: members[1], secuirty: SECURITY }] });
    const result = await apply(file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('accounts[0].secuirty is not a key of accounts[0]: did you mean security?');
    expect(result.stderr).toContain('accounts[0] declares no contact');
    expect(local.requests).toEqual([]);
  });

  test('an account declared twice is refused, naming both entries (main let the last one win)', async () => {
    const file = declarationFile({
      accounts: [
        { accountId: members[1], security: SECURITY },
        { accountId: members[1], billing: BILLING },
      ],
    });
    const result = await apply(file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`accounts[1].accountId '${members[1]}' is declared twice (first at accounts[0]): declare each account once`);
    expect(local.requests).toEqual([]);
  });

  test("'self' and the caller's own id declare one account twice: refused once the caller is known, before any Account API call", async () => {
    const file = declarationFile({
      accounts: [
        { accountId: 'self', security: SECURITY },
        { accountId: MOTO_ACCOUNT_ID, security: { ...SECURITY, name: 'Other' } },
      ],
    });
    const result = await apply(file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `accounts[0] ('self') and accounts[1] ('${MOTO_ACCOUNT_ID}') declare the same account, the caller's own: declare it once`,
    );
    expect(local.requests).toEqual([]);
  });

  test('an account both declared and excluded is refused', async () => {
    const file = declarationFile({
      organization: { security: SECURITY, excludeAccountIds: [members[2]] },
      accounts: [{ accountId: members[2], billing: BILLING }],
    });
    const result = await apply(file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `accounts[0].accountId '${members[2]}' is also in organization.excludeAccountIds[0]: an account is either declared or excluded, not both`,
    );
    expect(local.requests).toEqual([]);
  });

  test.each([
    ['accounts is a string', { accounts: 'abc' }, 'accounts must be a list, got a string'],
    ['an account entry is a list', { accounts: [['x']] }, 'accounts[0] must be a mapping with accountId and contacts, got a list'],
    [
      'a contact is a string',
      { accounts: [{ accountId: 'self', security: 'security@example.com' }] },
      'accounts[0].security must be an object with the fields of an alternate contact',
    ],
    [
      'an account id is a YAML number',
      'accounts:\n  - accountId: 012345678901\n    security: {name: a, title: b, emailAddress: a@example.com, phoneNumber: "+1 206 555 0100"}\n',
      'accounts[0].accountId 12345678901 is a number: write account ids as strings',
    ],
    [
      'a key is given twice',
      'organization:\n  security: {name: a, title: b, emailAddress: a@example.com, phoneNumber: "1"}\norganization: {}\n',
      'Map keys must be unique',
    ],
    ['the document is a list', '[1, 2]\n', 'not a declaration file (YAML or JSON with an organization or accounts key)'],
    [
      'a blank name and a title with a line break',
      { accounts: [{ accountId: 'self', security: { ...SECURITY, name: '   ', title: 'SOC\nteam' } }] },
      "accounts[0].security.title 'SOC\\u000ateam' (8 characters) holds a control character",
    ],
  ])('%s: a message, never a TypeError', async (_name, document, expected) => {
    const result = await apply(declarationFile(document));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(expected);
    expect(result.stderr).not.toMatch(/TypeError|is not a function|Cannot read properties/);
    expect(local.requests).toEqual([]);
  });

  test('JSON: a key given twice is refused as in YAML, a parse error shows no address, an unknown key shows no terminal escape', async () => {
    const twice = await apply(
      declarationFile(
        `{"organization": ${JSON.stringify({ security: SECURITY })}, "organization": {"billing": ${JSON.stringify(SECURITY)}}}`,
        'json',
      ),
    );
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain('not valid JSON: Map keys must be unique');

    const broken = await apply(declarationFile('{"organization": {"security": {"emailAddress": "jane.doe@example.com" "x"}}}', 'json'));
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain('not valid JSON');
    expect(broken.stderr).not.toContain('jane.doe');

    const escaped = await apply(declarationFile({ organization: { security: SECURITY, '\u001b[31mexcludeAccountIds': [] } }, 'json'));
    expect(escaped.exitCode).toBe(2);
    expect(escaped.stderr).toContain('organization.\\u001b[31mexcludeAccountIds is not a key of organization');
    expect(escaped.stderr).not.toContain('\u001b');
    expect(local.requests).toEqual([]);
  });

  test('a UTF-8 byte-order mark before JSON (as editors on Windows write it) is read, not refused', async () => {
    const result = await apply(declarationFile(`\uFEFF${JSON.stringify({ organization: { security: SECURITY } })}`, 'json'), '--dry-run');
    expect(result.stderr).not.toContain('not valid JSON');
    // Read and planned: --dry-run exits 2 when there are changes to make (terraform plan -detailed-exitcode).
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('Dry run: nothing written.');
  });

  test('--max-changes 0 refuses any change (a pipeline that allows none): exit 2, nothing written', async () => {
    const result = await apply(declarationFile({ organization: { security: SECURITY } }), '--max-changes', '0');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/the plan changes \d+ accounts, more than --max-changes 0: nothing was written/);
    expect(local.requests.filter((request) => request.operation.startsWith('Put'))).toEqual([]);
  });

  test('/dev/zero as a declaration is refused after 1 MiB, not read until memory runs out', async () => {
    const result = await apply('/dev/zero');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('/dev/zero holds more than 1048576 bytes, the limit of a declaration file: refused before it was read whole');
  });
});

describe('flags: a list that was given is never empty, and never widens the scope', () => {
  test.each([
    [['--account-ids', ''], '--account-ids was given an empty value: name at least one, or leave --account-ids out'],
    [['--account-ids', ' '], '--account-ids was given an empty value'],
    [['--account-ids', `${MOTO_ACCOUNT_ID},,${MOTO_ACCOUNT_ID}`], 'has an empty item'],
    [['--account-ids', `${MOTO_ACCOUNT_ID},`], 'has an empty item'],
  ])('apply %j is exit 64 naming the flag, before any AWS call (main widened an empty list to the whole organization)', async (flags, expected) => {
    const file = declarationFile({ organization: { security: SECURITY } });
    const result = await apply(file, ...flags);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toContain(expected);
    expect(local.requests).toEqual([]);
  });

  test('audit --checks "" is exit 64 naming the flag', async () => {
    const result = await runCli(['audit', '--checks', ''], endpoints);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toContain('--checks was given an empty value');
  });

  test('--output-file into a folder that does not exist keeps the report on stdout and names the file: exit 2', async () => {
    local.seedAlternateContact(MOTO_ACCOUNT_ID, 'SECURITY', apiMembers(SECURITY));
    const file = path.join(workDirectory, 'no-such-folder', 'report.json');
    const result = await runCli(['audit', '--output-file', `json=${file}`], endpoints);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain(MOTO_ACCOUNT_ID);
    expect(result.stderr).toContain(`could not write --output-file json=${file} (ENOENT): the report was printed to stdout only`);
  });
});

describe('diff compares the account the declaration is for', () => {
  test('a stack pinned to another account than the credentials\' is refused, naming both (main printed "No drift." and exit 0)', async () => {
    const outdir = path.join(workDirectory, 'pinned.out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Pinned', { env: { account: '111122223333', region: 'us-east-1' } });
    new SecurityContacts(stack, 'Contacts', { security: SECURITY });
    app.synth();
    local.seedAlternateContact(MOTO_ACCOUNT_ID, 'SECURITY', apiMembers(SECURITY));

    const result = await runCli(['diff', '--expected', outdir], endpoints);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `the credentials are of account ${MOTO_ACCOUNT_ID}, but Pinned.template.json (account 111122223333) declares the contacts of its own account`,
    );
    expect(result.stdout).not.toContain('No drift');
    expect(local.requests).toEqual([]);
  });
});

describe('an answer of a shape AWS never sends is an error of that account, not a crash', () => {
  test("audit: a number for a live contact's Name is ERROR for that account only, the others are checked (main: TypeError, no report)", async () => {
    const [broken, healthy] = members;
    local.seedAlternateContact(broken, 'SECURITY', { ...apiMembers(SECURITY), Name: 5 } as unknown as Record<string, string>);
    local.seedAlternateContact(healthy, 'SECURITY', apiMembers(SECURITY));
    try {
      const result = await runCli(['audit', '--account-ids', `${broken},${healthy}`, '--format', 'json'], endpoints);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).not.toMatch(/TypeError|is not a function/);
      const accounts = JSON.parse(result.stdout).accounts as Array<{ accountId: string; status: string; notChecked?: Array<{ reason: string }> }>;
      const byId = new Map(accounts.map((account) => [account.accountId, account]));
      expect(byId.get(broken)?.status).toBe('ERROR');
      expect(JSON.stringify(byId.get(broken))).toContain('AlternateContact.Name is a number, not a string');
      expect(byId.get(healthy)?.status).not.toBe('ERROR');
    } finally {
      local.reset();
    }
  });
});

describe('--timeout bounds every call, and no listing loops forever', () => {
  let organizations: MisbehavingOrganizations | undefined;
  afterEach(async () => organizations?.stop());

  test('an Organizations endpoint that always returns the same NextToken stops after two calls, naming the call (main: 661 calls in 30 s)', async () => {
    organizations = await MisbehavingOrganizations.start(OrganizationsFault.REPEATED_TOKEN);
    const result = await runCli(['audit', '--organization', '--timeout', '5'], { ...endpoints, organizations: organizations.endpoint });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `could not list the organization's accounts at ${organizations.endpoint}: PaginationError: organizations:ListAccounts returned a NextToken it had returned before`,
    );
    expect(organizations.calls.ListAccounts).toBe(2);
  });

  test("the same for an OrganizationContacts declaration diffed against the organization (the organization function's walk)", async () => {
    organizations = await MisbehavingOrganizations.start(OrganizationsFault.REPEATED_TOKEN);
    const outdir = path.join(workDirectory, 'organization.out');
    buildExampleApp(outdir).synth();
    const result = await runCli(['diff', '--expected', outdir], { ...endpoints, organizations: organizations.endpoint });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/organizations:ListRoots returned a NextToken it had returned before/);
    expect(organizations.totalCalls).toBe(2);
  });

  test('a hung Organizations endpoint fails at --timeout, naming the endpoint and the call (main: 124 s under --timeout 5, neither named)', async () => {
    organizations = await MisbehavingOrganizations.start(OrganizationsFault.HANG);
    const started = Date.now();
    const result = await runCli(['audit', '--organization', '--timeout', '3'], { ...endpoints, organizations: organizations.endpoint });
    const seconds = (Date.now() - started) / 1000;
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `could not list the organization's accounts at ${organizations.endpoint}: DeadlineExceededError: organizations:ListAccounts did not answer before the run's deadline`,
    );
    // Not a speed target: the process must end by itself once the deadline has passed, however long the socket waits.
    process.stdout.write(`hung Organizations endpoint under --timeout 3: exit ${result.exitCode} after ${seconds.toFixed(1)} s\n`);
  });
});

describe('comparing or applying no account is an error, never "no drift"', () => {
  test('--account-ids naming an account the declaration does not declare: diff and apply exit 2 and say why (main: "Compared 0 accounts ... No drift.", exit 0)', async () => {
    const file = declarationFile({ accounts: [{ accountId: members[1], security: SECURITY }] });
    const diff = await runCli(['diff', '--expected', file, '--account-ids', members[2]], endpoints);
    expect(diff.exitCode).toBe(2);
    expect(diff.stdout).toContain('Compared 0 accounts');
    expect(diff.stdout).toContain('Nothing compared: none of the selected accounts is declared in');
    expect(diff.stdout).not.toContain('No drift');
    const json = await runCli(['diff', '--expected', file, '--account-ids', members[2], '--output', 'json'], endpoints);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ accountsCompared: 0 });

    const applied = await apply(file, '--account-ids', members[2]);
    expect(applied.exitCode).toBe(2);
    expect(applied.stderr).toContain('Nothing compared: none of the selected accounts is declared in');
    expect(applied.stderr).toContain('Nothing was written.');
    expect(local.requests.filter((request) => request.operation.startsWith('Put'))).toEqual([]);
  });
});
