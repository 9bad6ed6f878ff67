/**
 * `apply` when a write's answer never comes (the connection cut after the write took effect, every retry alike): the
 * account is read again before the summary, so a write that landed counts as written, and one that cannot be known is
 * said as unknown ("run diff"), never as failed with nothing written, and never with advice meant for a Lambda function.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { SECURITY, apiMembers } from '../support/contacts-fixtures';
import { buildMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const moto = useMotoServer();
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-unanswered-'));
const declaration = path.join(workDirectory, 'contacts.yaml');
let members: string[];
let local: AccountApiServer;
let endpoints: CliEndpoints;

beforeAll(async () => {
  members = (await buildMotoOrganization(organizationsClient(moto.endpoint), 2)).memberAccountIds;
  fs.writeFileSync(declaration, stringify({ accounts: members.map((accountId) => ({ accountId, security: SECURITY })) }));
});
beforeEach(async () => {
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});
afterEach(async () => local.stop());
afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));

test('every write takes effect and its answer is lost: read back, counted as written (main: 2 FAILED, "0 contacts written")', async () => {
  local.loseNextAnswers('PutAlternateContact', 1000);
  // --timeout bounds the retries of the lost answers; the account is read again within it.
  const result = await runCli(['--rate', '500', '--timeout', '8', 'apply', '--declaration', declaration, '--yes'], endpoints);

  expect(result.stdout).toContain('Applied: 2 accounts changed (2 contacts written), 0 already as declared, 0 failed, 0 could not be read.');
  expect(result.stdout).not.toContain('FAILED');
  expect(result.exitCode).toBe(0);
  for (const accountId of members) {
    expect(local.alternateContact(accountId, 'SECURITY')).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) });
  }
});

test('the answer lost and the account unreadable after it: outcome unknown, run diff; no advice about a VPC', async () => {
  local.loseNextAnswers('PutAlternateContact', 1000);
  // From the first write on, every read fails (until --timeout ends the run).
  local.onRequest = (operation) => {
    if (operation === 'PutAlternateContact' && local.count('PutAlternateContact') === 0) {
      local.failNext('GetAlternateContact', 1000, 503, 'ServiceUnavailableException');
    }
  };
  const result = await runCli(['--rate', '500', '--timeout', '3', 'apply', '--declaration', declaration, '--yes'], endpoints);

  expect(result.exitCode).toBe(2);
  for (const accountId of members) {
    expect(result.stdout).toMatch(new RegExp(`${accountId} UNKNOWN SECURITY: outcome unknown, SECURITY may have been written: run diff`));
  }
  expect(result.stdout).toContain('0 failed, 2 outcome unknown (run diff), 0 could not be read.');
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/NAT gateway|VPC|deployment/);
  // It was written: the answer was lost, not the write.
  expect(local.alternateContact(members[0], 'SECURITY')).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) });
});
