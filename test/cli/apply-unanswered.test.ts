/**
 * `apply` when a write's answer never comes (the connection cut after the write took effect, every retry alike): the
 * account is read again before the summary, so a write that landed counts as written, and one that cannot be known is
 * said as unknown ("run diff"), never as failed with nothing written, and never with advice meant for a Lambda function.
 */
import { runCli } from '../support/cli';
import { SECURITY, apiMembers } from '../support/contacts-fixtures';
import { useDeclaredMembers } from '../support/declared-members';

jest.setTimeout(120_000);

const world = useDeclaredMembers();

test('every write takes effect and its answer is lost: read back, counted as written (main: 2 FAILED, "0 contacts written")', async () => {
  world.local.loseNextAnswers('PutAlternateContact', 1000);
  // --timeout bounds the retries of the lost answers; the account is read again within it.
  const result = await runCli(['--rate', '500', '--timeout', '8', 'apply', '--declaration', world.declaration, '--yes'], world.endpoints);

  expect(result.stdout).toContain('Applied: 2 accounts changed (2 contacts written), 0 already as declared, 0 failed, 0 could not be read.');
  expect(result.stdout).not.toContain('FAILED');
  expect(result.exitCode).toBe(0);
  for (const accountId of world.members) {
    expect(world.local.alternateContact(accountId, 'SECURITY')).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) });
  }
});

test('the answer lost and the account unreadable after it: outcome unknown, run diff; no advice about a VPC', async () => {
  world.local.loseNextAnswers('PutAlternateContact', 1000);
  // From the first write on, every read fails (until --timeout ends the run).
  world.local.onRequest = (operation) => {
    if (operation === 'PutAlternateContact' && world.local.count('PutAlternateContact') === 0) {
      world.local.failNext('GetAlternateContact', 1000, 503, 'ServiceUnavailableException');
    }
  };
  const result = await runCli(['--rate', '500', '--timeout', '3', 'apply', '--declaration', world.declaration, '--yes'], world.endpoints);

  expect(result.exitCode).toBe(2);
  for (const accountId of world.members) {
    expect(result.stdout).toMatch(new RegExp(`${accountId} UNKNOWN SECURITY: outcome unknown, SECURITY may have been written: run diff`));
  }
  expect(result.stdout).toContain('0 failed, 2 outcome unknown (run diff), 0 could not be read.');
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/NAT gateway|VPC|deployment/);
  // It was written: the answer was lost, not the write.
  expect(world.local.alternateContact(world.members[0], 'SECURITY')).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) });
});
