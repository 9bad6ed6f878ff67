/**
 * `apply --declaration`, as a child process, against a moto organization of 200 member accounts and the local
 * Account API server: the plan (masked), --dry-run and --max-changes writing nothing, a run that converges, a second
 * run that writes nothing, and one account's failure reported without stopping the others.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { stringify } from 'yaml';
import { contactInformationToApiMembers } from '../../src/contacts/api-members';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { BILLING, PRIMARY, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';

jest.setTimeout(300_000);

const MANAGEMENT = '111122223333';
const SHARED_BILLING = { ...BILLING, name: 'Shared services finance', emailAddress: 'shared-billing@example.com' };
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-'));
const declaration = path.join(workDirectory, 'contacts.yaml');
const moto = useMotoServer({ accountId: MANAGEMENT });
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;
let excluded: string;
let overridden: string;
let bare: string[];

// Fast reads and writes here (--rate); the default is AWS's quotas.
const apply = (...args: string[]) => runCli(['--rate', '500', 'apply', '--declaration', declaration, '--yes', ...args], endpoints);
const writes = () => local.requests.filter((request) => request.operation.startsWith('Put') || request.operation.startsWith('Delete'));

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 200);
  const members = organization.memberAccountIds;
  [excluded, overridden] = members;
  bare = members.slice(150);
  local = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: members });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
  fs.writeFileSync(
    declaration,
    stringify({
      organization: { security: SECURITY, billing: BILLING, excludeAccountIds: [excluded] },
      accounts: [
        { accountId: overridden, billing: SHARED_BILLING },
        { accountId: 'self', contactInformation: PRIMARY },
      ],
    }),
  );
  // 150 accounts (and the management account) already hold the defaults; 50 hold nothing.
  for (const accountId of [MANAGEMENT, ...members.slice(0, 150)]) {
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    local.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
  }
});
afterAll(async () => {
  await local?.stop();
  fs.rmSync(workDirectory, { recursive: true, force: true });
});
beforeEach(() => {
  local.requests.length = 0;
});

test("--dry-run prints the plan, masked, and writes nothing; its exit code is terraform plan -detailed-exitcode's (2: changes)", async () => {
  const result = await apply('--dry-run');
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(2);
  expect(result.stdout).toContain(`  ${bare[0]} SECURITY: (not set) -> s***y@example.com (4 fields)`);
  expect(result.stdout).toContain(`  ${overridden} BILLING.emailAddress: a***g@example.com -> s***g@example.com`);
  expect(result.stdout).toContain(`  ${MANAGEMENT} PRIMARY: (not set) -> E*** (9 fields)`);
  // 50 bare accounts × 2 contacts, the override's billing, the management account's primary contact.
  expect(result.stdout).toContain('52 accounts to change (102 contacts), 148 already as declared, 0 could not be read.');
  expect(result.stdout).toContain('Dry run: nothing written.');
  expect(result.stdout).not.toContain('security@example.com');
  expect(result.stdout).not.toContain(excluded);
  expect(writes()).toEqual([]);
});

test('--max-changes refuses a larger plan: exit 2, nothing written', async () => {
  const result = await apply('--max-changes', '10');
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain('the plan changes 52 accounts, more than --max-changes 10: nothing was written');
  expect(writes()).toEqual([]);
});

test('apply writes what differs; an unreadable account is left alone, a failed write is reported, the rest applies; the next run finishes and then writes nothing', async () => {
  const [denied] = bare;
  local.deniedAccountIds.add(denied);
  // The management account's primary contact write is refused once.
  local.failNext('PutContactInformation', 1, 403, 'AccessDeniedException');
  try {
    const first = await apply();
    expect(first.exitCode).toBe(2);
    // Each contact is read once, by the plan: the writes compare with that read (200 accounts × 2 types, and each
    // one's primary contact); the excluded account is not read at all.
    const operations = local.requests.map((request) => request.operation);
    expect(operations.filter((operation) => operation === 'GetAlternateContact')).toHaveLength(400);
    expect(operations.filter((operation) => operation === 'GetContactInformation')).toHaveLength(200);
    // With --yes the writes start while accounts are still being read (reads and writes have quotas of their own).
    expect(operations.findIndex((operation) => operation.startsWith('Put'))).toBeLessThan(operations.lastIndexOf('GetAlternateContact'));
    expect(local.requests.filter((request) => request.accountId === excluded)).toEqual([]);
    expect(first.stdout).toMatch(new RegExp(`${denied} ERROR \\(cannot be read, left alone\\): needs account:GetAlternateContact`));
    expect(first.stdout).toMatch(new RegExp(`${MANAGEMENT} FAILED PRIMARY: .*AccessDeniedException`));
    expect(first.stdout).toContain('Applied: 50 accounts changed (99 contacts written), 148 already as declared, 1 failed, 1 could not be read.');
    expect(local.alternateContact(bare[1], 'SECURITY')).toMatchObject({ EmailAddress: SECURITY.emailAddress });
    expect(local.alternateContact(overridden, 'BILLING')).toMatchObject({ EmailAddress: SHARED_BILLING.emailAddress });
    expect(writes().filter((request) => request.accountId === excluded)).toEqual([]);
    expect(local.alternateContact(denied, 'SECURITY')).toBeUndefined();
  } finally {
    local.deniedAccountIds.delete(denied);
  }
  local.requests.length = 0;
  const second = await apply();
  expect(second.exitCode).toBe(0);
  expect(second.stdout).toContain('Applied: 2 accounts changed (3 contacts written), 198 already as declared, 0 failed, 0 could not be read.');
  expect(local.contactInformation(MANAGEMENT)).toMatchObject(contactInformationToApiMembers(PRIMARY));
  expect(writes()).toHaveLength(3);

  local.requests.length = 0;
  const third = await apply();
  expect(third.exitCode).toBe(0);
  expect(third.stdout).toContain('0 accounts to change (0 contacts), 200 already as declared');
  expect(third.stdout).toContain('Nothing to write.');
  expect(writes()).toEqual([]);
  // Nothing to change: --dry-run exits 0; an account that cannot be read makes the plan partial: 1.
  expect((await apply('--dry-run')).exitCode).toBe(0);
  local.deniedAccountIds.add(bare[0]);
  try {
    expect((await apply('--dry-run')).exitCode).toBe(1);
  } finally {
    local.deniedAccountIds.delete(bare[0]);
  }
  // And diff agrees.
  expect((await runCli(['--rate', '500', 'diff', '--expected', declaration], endpoints)).exitCode).toBe(0);
});

test('apply takes a declaration file only', async () => {
  const result = await runCli(['apply', '--declaration', workDirectory], endpoints);
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain('not a declaration file');
});

test('an account of the organization that is not ACTIVE (closed: SUSPENDED) is listed SKIPPED with its state by apply and diff, and neither read nor written', async () => {
  const closed = organization.memberAccountIds[199];
  await organizationsClient(moto.endpoint).send(new CloseAccountCommand({ AccountId: closed }));

  const planned = await apply('--dry-run');
  expect(planned.stdout).toContain(`  ${closed} SKIPPED (SUSPENDED, not ACTIVE): left alone`);
  const compared = await runCli(['--rate', '500', 'diff', '--expected', declaration], endpoints);
  expect(compared.stdout).toContain(`${closed} SKIPPED the account is SUSPENDED, not ACTIVE: not compared`);
  expect(compared.stdout).toMatch(/^Compared 199 accounts with /m);
  expect(local.requests.filter((request) => request.accountId === closed)).toEqual([]);
});
