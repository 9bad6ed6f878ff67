/**
 * The command as an AWS CLI user expects it, run as a child process: version, exit codes, the AWS CLI's --output,
 * colours by NO_COLOR and FORCE_COLOR when piped, and endpoints that refuse or never answer failing in seconds with a
 * message that names the endpoint.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { XMLParser } from 'fast-xml-parser';
import { RESTORE_TERMINAL } from '../../src/cli/terminal';
import { AccountApiServer } from '../support/account-api-server';
import { CLI, CliEndpoints, localCliEndpoints, runCli, runCliWithEnvironment } from '../support/cli';
import { BILLING, OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID, freePort, localAwsEnvironment, useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const moto = useMotoServer();
let local: AccountApiServer;
let endpoints: CliEndpoints;
beforeAll(async () => {
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: [] });
  local.seedAlternateContact(MOTO_ACCOUNT_ID, 'SECURITY', apiMembers(SECURITY));
  local.seedAlternateContact(MOTO_ACCOUNT_ID, 'BILLING', apiMembers(BILLING));
  local.seedAlternateContact(MOTO_ACCOUNT_ID, 'OPERATIONS', apiMembers(OPERATIONS));
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});
afterAll(async () => local?.stop());

test('no AWS SDK Node-version notice on stderr', async () => {
  const result = await runCli(['audit'], endpoints);
  expect(result.stdout).toContain(MOTO_ACCOUNT_ID);
  expect(result.stderr).toBe('');
});

test("--version prints the package's version and exits 0", async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const result = await runCli(['--version'], endpoints);
  expect(result).toMatchObject({ exitCode: 0, stdout: `${version}\n` });
});

test('wrong arguments exit 64, and --help lists every exit code', async () => {
  expect((await runCli(['audit', '--no-such-option'], endpoints)).exitCode).toBe(64);
  expect((await runCli(['audit', '--format', 'yaml'], endpoints)).exitCode).toBe(64);
  const help = await runCli(['--help'], endpoints);
  expect(help.exitCode).toBe(0);
  expect(help.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}64 +wrong arguments/);
});

test("--output is the AWS CLI's name for --format", async () => {
  const withOutput = await runCli(['audit', '--output', 'json'], endpoints);
  const withFormat = await runCli(['audit', '--format', 'json'], endpoints);
  expect(withOutput.exitCode).toBe(withFormat.exitCode);
  const strip = (text: string) => JSON.parse(text).accounts;
  expect(strip(withOutput.stdout)).toEqual(strip(withFormat.stdout));
});

test('JSON says which tool version made it, when, and with whose credentials', async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const before = Date.now();
  const report = JSON.parse((await runCli(['audit', '--output', 'json'], endpoints)).stdout);
  expect(report).toMatchObject({ tool: { name: 'account-contacts', version }, callerAccountId: MOTO_ACCOUNT_ID });
  expect(Date.parse(report.generatedAt)).toBeGreaterThanOrEqual(before - 1000);
});

test('colours: none when piped, FORCE_COLOR colours a pipe, NO_COLOR and --no-color win', async () => {
  const escape = /\u001b\[/;
  expect((await runCli(['audit'], endpoints)).stdout).not.toMatch(escape);
  expect((await runCli(['audit'], endpoints, { FORCE_COLOR: '1' })).stdout).toMatch(escape);
  expect((await runCli(['audit'], endpoints, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toMatch(escape);
  expect((await runCli(['audit', '--no-color'], endpoints, { FORCE_COLOR: '1' })).stdout).not.toMatch(escape);
});

test('a refused endpoint fails in seconds, exit 2, naming the endpoint', async () => {
  const refused = `http://127.0.0.1:${await freePort()}`;
  const started = Date.now();
  const result = await runCli(['audit'], { ...endpoints, sts: refused });
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain(`could not call sts:GetCallerIdentity at ${refused}`);
  expect(result.stderr).toMatch(/ECONNREFUSED/);
  expect(Date.now() - started).toBeLessThan(15_000);
});

test('an endpoint that accepts and never answers fails within the socket timeouts, exit 2, naming the endpoint', async () => {
  const sockets: net.Socket[] = [];
  const hanging = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`;
  try {
    const started = Date.now();
    const result = await runCli(['audit'], { ...endpoints, sts: endpoint });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`could not call sts:GetCallerIdentity at ${endpoint}`);
    // Two attempts of at most 10 s each (the request timeout), then the message: not the 200 s it took before.
    expect(Date.now() - started).toBeLessThan(40_000);
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => hanging.close(resolve));
  }
});

test('diff of an input that declares no contact exits 2 with the reason, never "No drift"', async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-contacts-'));
  try {
    const app = new App({ outdir });
    new sns.Topic(new Stack(app, 'Unrelated'), 'Topic');
    app.synth();
    const result = await runCli(['diff', '--expected', outdir], endpoints);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('declares no contact that can be compared');
    expect(result.stdout).not.toContain('No drift');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('Ctrl-C during a run on a terminal exits 130 and gives the cursor and line wrapping back', async () => {
  const sockets: net.Socket[] = [];
  const hanging = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  try {
    const env = {
      PATH: process.env.PATH!,
      ...localAwsEnvironment({
        ACCOUNT: `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`,
        ORGANIZATIONS: moto.endpoint,
        STS: moto.endpoint,
      }),
    };
    const run = await new Promise<{ exitCode: number; signalSent: boolean; output: string }>((resolve, reject) => {
      const child = spawn(
        'python3',
        [path.join(__dirname, '..', 'support', 'pty-run.py'), 'reading contacts', 'SIGINT', '--', process.execPath, CLI, 'audit'],
        { env },
      );
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.on('error', reject);
      child.on('close', () => resolve(JSON.parse(stdout)));
    });
    expect(run.signalSent).toBe(true);
    expect(run.exitCode).toBe(130);
    // The bar hid the cursor and turned wrapping off; the last word on the terminal turns both back on.
    expect(run.output).toContain('\u001b[?25l');
    expect(run.output.lastIndexOf(RESTORE_TERMINAL)).toBeGreaterThan(run.output.lastIndexOf('\u001b[?25l'));
    expect(run.output.lastIndexOf('\u001b[?7h')).toBeGreaterThan(run.output.lastIndexOf('\u001b[?7l'));
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => hanging.close(resolve));
  }
});

describe('profiles, as the AWS CLI reads them (a temporary HOME with ~/.aws/config and ~/.aws/credentials)', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
    fs.mkdirSync(path.join(home, '.aws'));
    fs.writeFileSync(
      path.join(home, '.aws', 'config'),
      [
        '[default]',
        'region = us-east-1',
        '',
        '[profile audit]',
        'region = eu-west-2',
        `endpoint_url = ${local.endpoint}`,
        's3 =',
        '  addressing_style = path',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(home, '.aws', 'credentials'),
      ['[audit]', 'aws_access_key_id = AKIDPROFILEAUDIT', 'aws_secret_access_key = secret', ''].join('\n'),
    );
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
  // STS and Organizations stay on moto by their service-specific variables, which win over the profile's endpoint_url.
  const environment = () => ({ HOME: home, AWS_ENDPOINT_URL_STS: moto.endpoint, AWS_ENDPOINT_URL_ORGANIZATIONS: moto.endpoint });

  test.each([
    ['--profile', (env: Record<string, string>) => [['--profile', 'audit', 'audit', '--output', 'json'], env]],
    ['AWS_PROFILE', (env: Record<string, string>) => [['audit', '--output', 'json'], { ...env, AWS_PROFILE: 'audit' }]],
  ] as const)("%s takes the profile's credentials, region and endpoint_url", async (_how, build) => {
    const [args, env] = build(environment()) as [string[], Record<string, string>];
    const before = local.requests.length;
    const result = await runCliWithEnvironment(args, env);
    expect(JSON.parse(result.stdout).callerAccountId).toBe(MOTO_ACCOUNT_ID);
    const reads = local.requests.slice(before);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((request) => request.accessKeyId === 'AKIDPROFILEAUDIT' && request.signingRegion === 'eu-west-2')).toBe(true);
  });

  test('a profile that does not exist is named, with the files looked in, exit 2', async () => {
    const result = await runCliWithEnvironment(['--profile', 'nope', 'audit'], environment());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `the profile 'nope' is in neither ${path.join(home, '.aws', 'config')} nor ${path.join(home, '.aws', 'credentials')} (from --profile)`,
    );
  });
});

test('--output-file writes more formats in the same run, beside what goes to stdout', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-'));
  try {
    const junit = path.join(folder, 'report.xml');
    const json = path.join(folder, 'report.json');
    const result = await runCli(['audit', '--output-file', `junit=${junit}`, '--output-file', `json=${json}`, '--no-color'], endpoints);
    expect(result.stdout).toContain(MOTO_ACCOUNT_ID);
    expect(result.stdout).not.toMatch(/^\{/);
    expect(JSON.parse(fs.readFileSync(json, 'utf8')).accounts.map((account: { accountId: string }) => account.accountId)).toEqual([MOTO_ACCOUNT_ID]);
    expect(new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(junit, 'utf8')).testsuites.testsuite['@_name']).toContain(
      MOTO_ACCOUNT_ID,
    );
    expect((await runCli(['audit', '--output-file', 'yaml=report.yaml'], endpoints)).exitCode).toBe(64);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('--timeout bounds the whole run: a read that never answers fails at the deadline, its account an error, exit 2', async () => {
  const sockets: net.Socket[] = [];
  const hanging = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  try {
    const started = Date.now();
    const result = await runCli(['--timeout', '4', 'audit', '--output', 'json'], {
      ...endpoints,
      account: `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`,
    });
    expect(result.exitCode).toBe(2);
    const [account] = JSON.parse(result.stdout).accounts;
    expect(account).toMatchObject({ accountId: MOTO_ACCOUNT_ID, status: 'ERROR' });
    expect(account.error).toMatch(/got no answer in time/);
    expect(Date.now() - started).toBeLessThan(12_000);
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => hanging.close(resolve));
  }
});

test('--help read by a reader that stops early (`| head`): the closed pipe ends the command quietly, exit 0 (main: an unhandled EPIPE, exit 1)', async () => {
  // `true` reads nothing and exits: every write of the help text meets a closed pipe.
  const shell = spawn('bash', ['-c', `"${process.execPath}" "${CLI}" --help | true; echo "exit=\${PIPESTATUS[0]}"`]);
  let stdout = '';
  let stderr = '';
  shell.stdout.on('data', (chunk) => (stdout += chunk));
  shell.stderr.on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve) => shell.on('close', resolve));
  expect(stdout.trim()).toBe('exit=0');
  expect(stderr).toBe('');
});
