/**
 * Ctrl-C (SIGINT) or SIGTERM while `apply` writes (issue #44): the accounts being written finish, no other is
 * started, and the command prints what was written and what was not started, then exits 130 (143 for SIGTERM). The
 * summary is counted from what the server holds: the accounts it says changed are exactly those written, and they and
 * the accounts not started add up to the plan.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { SECURITY } from '../support/contacts-fixtures';
import { buildMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const MEMBERS = 12;
const moto = useMotoServer();
const declaration = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apply-interrupted-')), 'contacts.yaml');
let members: string[];
let local: AccountApiServer;
let endpoints: CliEndpoints;

beforeAll(async () => {
  members = (await buildMotoOrganization(organizationsClient(moto.endpoint), MEMBERS)).memberAccountIds;
  fs.writeFileSync(declaration, stringify({ accounts: members.map((accountId) => ({ accountId, security: SECURITY })) }));
});

beforeEach(async () => {
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});

afterEach(async () => local.stop());

/** The accounts the server holds a written SECURITY contact for. */
const writtenAccounts = () => members.filter((accountId) => local.alternateContact(accountId, 'SECURITY') !== undefined);

async function applyStoppedBy(signal: NodeJS.Signals) {
  let sent = false;
  // Slow writes (2 a second, one account at a time): the signal comes after the third write.
  const result = await runCli(['--rate', '2', '--concurrency', '1', 'apply', '--declaration', declaration, '--yes'], endpoints, {}, (child) => {
    const timer = setInterval(() => {
      if (!sent && local.count('PutAlternateContact') >= 3) {
        sent = true;
        child.kill(signal);
        clearInterval(timer);
      }
    }, 20);
    child.on('close', () => clearInterval(timer));
  });
  return { result, sent };
}

test('SIGINT during the writes: the account in flight finishes, no other starts, what was written is printed, exit 130', async () => {
  const { result, sent } = await applyStoppedBy('SIGINT');
  expect(sent).toBe(true);

  expect(result.exitCode).toBe(130);
  const written = writtenAccounts();
  // Stopped early: some written, most not.
  expect(written.length).toBeGreaterThanOrEqual(3);
  expect(written.length).toBeLessThan(MEMBERS);
  const notStarted = MEMBERS - written.length;
  expect(result.stdout).toContain(
    `Applied: ${written.length} accounts changed (${written.length} contacts written), 0 already as declared, 0 failed, ${notStarted} not started (interrupted), 0 could not be read.`,
  );
  expect(result.stdout).toContain(`Interrupted (SIGINT): ${notStarted} accounts not started, nothing written to them; run apply again for the rest.`);
  expect(result.stderr).toContain('SIGINT: stopping.');
  // Nothing is written after the command ended.
  const puts = local.count('PutAlternateContact');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(local.count('PutAlternateContact')).toBe(puts);

  // Run again: the rest is applied, and only the rest.
  local.requests.length = 0;
  const again = await runCli(['--rate', '500', 'apply', '--declaration', declaration, '--yes'], endpoints);
  expect(again.exitCode).toBe(0);
  expect(again.stdout).toContain(`Applied: ${notStarted} accounts changed (${notStarted} contacts written), ${written.length} already as declared`);
});

test('SIGTERM (a pipeline cancelled) is the same, exit 143', async () => {
  const { result } = await applyStoppedBy('SIGTERM');

  expect(result.exitCode).toBe(143);
  expect(result.stdout).toContain('Interrupted (SIGTERM)');
  expect(result.stdout).toContain(`Applied: ${writtenAccounts().length} accounts changed`);
});
