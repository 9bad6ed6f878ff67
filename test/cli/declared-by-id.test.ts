/**
 * Accounts a declaration file names by id, without organization defaults (issue #44): each is checked against the
 * organization before anything is read. A member that is not ACTIVE is SKIPPED with its state, an id the organization
 * does not hold is an error (exit 2); neither is read nor written, in `apply` and `diff`, and `--account-ids` is
 * checked the same way. Before, both were read and written like any other account.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { stringify } from 'yaml';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { SECURITY } from '../support/contacts-fixtures';
import { buildMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const UNKNOWN = '999988887777';
const moto = useMotoServer();
const declaration = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'declared-by-id-')), 'contacts.yaml');
let active: string;
let closed: string;
let local: AccountApiServer;
let endpoints: CliEndpoints;

beforeAll(async () => {
  const members = (await buildMotoOrganization(organizationsClient(moto.endpoint), 2)).memberAccountIds;
  [active, closed] = members;
  await organizationsClient(moto.endpoint).send(new CloseAccountCommand({ AccountId: closed }));
  fs.writeFileSync(declaration, stringify({ accounts: [active, closed, UNKNOWN].map((accountId) => ({ accountId, security: SECURITY })) }));
  // The double would answer for any id it is told of: told of all three, it is the check that keeps them apart.
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: [active, closed, UNKNOWN] });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});

afterAll(async () => local.stop());

beforeEach(() => {
  local.requests.length = 0;
});

const requestsFor = (accountId: string) => local.requests.filter((request) => request.accountId === accountId);

test('apply: the closed account is SKIPPED with its state, the unknown id is an error, only the ACTIVE member is written', async () => {
  const applied = await runCli(['--rate', '500', 'apply', '--declaration', declaration, '--yes'], endpoints);

  expect(applied.stdout).toContain(`  ${closed} SKIPPED (SUSPENDED, not ACTIVE): left alone`);
  expect(applied.stdout + applied.stderr).toContain(`account ${UNKNOWN} is not an account of the caller's organization`);
  expect(applied.exitCode).toBe(2);
  expect(local.alternateContact(active, 'SECURITY')).toBeDefined();
  expect(requestsFor(closed)).toEqual([]);
  expect(requestsFor(UNKNOWN)).toEqual([]);
});

test('diff: the same accounts said the same way, nothing read from them', async () => {
  const compared = await runCli(['--rate', '500', 'diff', '--expected', declaration], endpoints);

  expect(compared.stdout).toContain(`${closed} SKIPPED the account is SUSPENDED, not ACTIVE: not compared`);
  expect(compared.stdout + compared.stderr).toContain(`account ${UNKNOWN} is not an account of the caller's organization`);
  expect(compared.exitCode).toBe(2);
  expect(requestsFor(closed)).toEqual([]);
  expect(requestsFor(UNKNOWN)).toEqual([]);
});

test('--account-ids is checked the same way', async () => {
  const compared = await runCli(['--rate', '500', 'diff', '--expected', declaration, '--account-ids', active, UNKNOWN], endpoints);

  expect(compared.stdout + compared.stderr).toContain(`account ${UNKNOWN} is not an account of the caller's organization`);
  expect(compared.exitCode).toBe(2);
  expect(requestsFor(UNKNOWN)).toEqual([]);
});
