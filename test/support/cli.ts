/**
 * Runs the bundled account-contacts command as a child process (asynchronously, so that servers in the test's
 * own process keep answering).
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { localAwsEnvironment } from './moto-server';
import { StrictOrganizations } from './strict-organizations';

export const CLI = path.join(__dirname, '..', '..', 'assets', 'cli', 'main', 'account-contacts.js');

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliEndpoints {
  readonly account: string;
  readonly organizations: string;
  readonly sts: string;
}

/** The command's endpoints in tests: the Account API at our strict server, Organizations and STS at moto_server. */
export function localCliEndpoints(accountEndpoint: string, motoEndpoint: string): CliEndpoints {
  return { account: accountEndpoint, organizations: motoEndpoint, sts: motoEndpoint };
}

/**
 * An Organizations whose listing also holds these member ids (moto draws its own): for tests whose declarations name
 * fixed ids, which the command checks against the organization. Stop it when the test file is done.
 */
export function organizationWithMembers(motoEndpoint: string, memberIds: readonly string[]): Promise<StrictOrganizations> {
  return StrictOrganizations.start({ motoEndpoint, extraAccountIds: memberIds });
}

export function runCli(
  args: string[],
  endpoints: CliEndpoints,
  extraEnv: Record<string, string> = {},
  started?: ProcessOptions['started'],
): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    ...localAwsEnvironment({ ACCOUNT: endpoints.account, ORGANIZATIONS: endpoints.organizations, STS: endpoints.sts }),
    ...extraEnv,
  };
  return runProcess(process.execPath, [CLI, ...args], { env, started });
}

/** Runs the command with exactly this environment (PATH added): for profiles, a temporary HOME and no AWS_* keys. */
export function runCliWithEnvironment(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runProcess(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
}

export interface ProcessOptions {
  readonly env: Record<string, string>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Given the process once it runs: to signal it. @default nothing */
  readonly started?: (child: ChildProcess) => void;
}

/** Runs a program to its end, asynchronously (servers in the test's own process keep answering): its exit and output. */
export function runProcess(file: string, args: string[], options: ProcessOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, cwd: options.cwd, timeout: options.timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    options.started?.(child);
  });
}
