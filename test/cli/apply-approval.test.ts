/**
 * `apply` asks before it writes, as `terraform apply` does: at a terminal (a pseudo-terminal, as a user's) only `yes`
 * starts the writes; `--yes` and `--auto-approve` approve beforehand (a pipeline); with no terminal and neither,
 * nothing is written and the message says how to approve.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, runCli } from '../support/cli';
import { SECURITY, apiMembers } from '../support/contacts-fixtures';
import { useDeclaredMembers } from '../support/declared-members';
import { localAwsEnvironment } from '../support/moto-server';

jest.setTimeout(120_000);

const world = useDeclaredMembers();

const writes = () => world.local.requests.filter((request) => request.operation === 'PutAlternateContact' && request.status === 200).length;

/** Runs apply on a pseudo-terminal, typing `answer` at its question. */
function applyAtTerminal(answer: string): Promise<{ exitCode: number; answered: number; output: string }> {
  const answerFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apply-answer-')), 'answer');
  fs.writeFileSync(answerFile, `${answer}\n`);
  const env = {
    PATH: process.env.PATH ?? '',
    ...localAwsEnvironment({ ACCOUNT: world.endpoints.account, ORGANIZATIONS: world.endpoints.organizations, STS: world.endpoints.sts }),
  };
  const runner = path.join(__dirname, '..', 'support', 'pty-run.py');
  const command = [process.execPath, CLI, '--rate', '500', 'apply', '--declaration', world.declaration];
  const child = spawn('python3', [runner, '', 'none', "Only 'yes' is accepted: ", answerFile, '--', ...command], { env });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve) => child.on('close', () => resolve(JSON.parse(stdout))));
}

test('no terminal and no --yes: the plan is shown, nothing is written, and it says how to approve (exit 2; main wrote at once)', async () => {
  const result = await runCli(['--rate', '500', 'apply', '--declaration', world.declaration], world.endpoints);
  expect(result.exitCode).toBe(2);
  expect(result.stdout).toMatch(/^Plan for declaration file /m);
  expect(result.stdout).toContain('Nothing was written: apply asks before it writes, and there is no terminal to ask at.');
  expect(result.stdout).toContain('run it again with --yes (or --auto-approve)');
  expect(writes()).toBe(0);
});

test("at a terminal: anything but 'yes' cancels (exit 1, nothing written); 'yes' writes", async () => {
  const declined = await applyAtTerminal('y');
  expect(declined.answered).toBe(1);
  expect(declined.output).toContain("Write these changes to 2 accounts? Only 'yes' is accepted: ");
  expect(declined.output).toContain('Apply cancelled: nothing was written.');
  expect(declined.exitCode).toBe(1);
  expect(writes()).toBe(0);

  const approved = await applyAtTerminal('yes');
  expect(approved.answered).toBe(1);
  expect(approved.exitCode).toBe(0);
  expect(writes()).toBe(2);
  for (const accountId of world.members) {
    expect(world.local.alternateContact(accountId, 'SECURITY')).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) });
  }
});

test.each([['--yes'], ['-y'], ['--auto-approve']])('%s approves beforehand: written without a question', async (flag) => {
  const result = await runCli(['--rate', '500', 'apply', '--declaration', world.declaration, flag], world.endpoints);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).not.toContain('Only');
  expect(writes()).toBe(2);
});
