/**
 * A command that asks for a one-time passcode, run as a user runs it: the bundled command on a pseudo-terminal
 * (pty-run.py), the user typing an answer at each `Passcode: ` prompt once the passcode has been sent (the SMS or the
 * email arrived, which the test tells from the local Account API server).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, CliEndpoints } from './cli';
import { localAwsEnvironment } from './moto-server';

export interface TerminalRun {
  readonly exitCode: number;
  readonly answered: number;
  /** Everything the command wrote to the terminal. */
  readonly output: string;
}

/**
 * Runs `account-contacts <args>` on a pseudo-terminal. `sent` tells whether the passcode has been sent; `answer` gives
 * what the user types at each prompt after that (at most 5).
 */
export function runOnTerminal(
  args: string[],
  endpoints: CliEndpoints,
  sent: () => boolean,
  answer: (prompt: number) => string,
): Promise<TerminalRun> {
  const answerFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passcode-')), 'answer');
  const env = {
    PATH: process.env.PATH ?? '',
    ...localAwsEnvironment({ ACCOUNT: endpoints.account, ORGANIZATIONS: endpoints.organizations, STS: endpoints.sts }),
  };
  const runner = path.join(__dirname, 'pty-run.py');
  const child = spawn('python3', [runner, '', 'none', 'Passcode: ', answerFile, '--', process.execPath, CLI, ...args], { env });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  let prompts = 0;
  const typing = setInterval(() => {
    if (!fs.existsSync(answerFile) && sent() && prompts < 5) {
      fs.writeFileSync(answerFile, `${answer(prompts++)}\n`);
    }
  }, 50);
  return new Promise((resolve) =>
    child.on('close', () => {
      clearInterval(typing);
      resolve(JSON.parse(stdout));
    }),
  );
}
