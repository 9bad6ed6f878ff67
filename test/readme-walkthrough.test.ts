/**
 * The newcomer's path, as the README writes it: its TypeScript quick start (the block itself, transpiled) deployed
 * through the CloudFormation simulator in place of `npx cdk deploy`, then every other command of "Deploy and verify"
 * and of the command's section run as written, in bash: the real AWS CLI (`aws account ...`, `aws organizations ...`)
 * and `npx account-contacts` (the bundled command, installed as a user's project has it), pointed at the local
 * servers with AWS_ENDPOINT_URL_*. Only `npx cdk bootstrap` and `npx cdk deploy` need a real AWS account: the
 * simulator plays the deploy. What each command printed goes to test-reports/readme-walkthrough.txt.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ts from 'typescript';
import { CLI, CliResult, runProcess } from './support/cli';
import { organizationsClient } from './support/clients';
import { SimulatedAws, StackArtifact, useSimulatedAws } from './support/cloudformation-simulator';
import { documentation } from './support/documentation';
import { createMotoOrganization } from './support/moto-organization';
import { localAwsEnvironment } from './support/moto-server';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..');
// The README and the docs/ pages the command's examples moved to: blocks are found by what they hold.
const README = documentation();
const MANAGEMENT = '111122223333'; // the account of the README's `cdk bootstrap aws://111122223333/us-east-1`
const README_MEMBERS = ['222233334444', '333344445555'];
// Inside the project (test/.tmp, ignored by git), as the other assemblies of the tests: the functions' code assets
// keep the AWS SDK external, as the Lambda runtime provides it, and find it here in node_modules.
fs.mkdirSync(path.join(ROOT, 'test', '.tmp'), { recursive: true });
const work = fs.mkdtempSync(path.join(ROOT, 'test', '.tmp', 'readme-walkthrough-'));
const transcript: string[] = [];

let aws: SimulatedAws;
useSimulatedAws(
  {
    accountId: MANAGEMENT,
    accountApi: { memberAccountIds: README_MEMBERS, trustedAccess: false },
    personalData: ['security@example.com', '+1 206 555 0100'],
  },
  (started) => (aws = started),
);

afterAll(() => {
  fs.mkdirSync(path.join(ROOT, 'test-reports'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-reports', 'readme-walkthrough.txt'), transcript.join('\n'));
  fs.rmSync(work, { recursive: true, force: true });
});

/** The fenced blocks of the README whose opening line is exactly this (for example '```bash'). */
function blocks(opening: string): string[] {
  const found: string[] = [];
  const pattern = /^(```[^\n]*)\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(README); match; match = pattern.exec(README)) {
    if (match[1] === opening) {
      found.push(match[2]);
    }
  }
  return found;
}

/** The block that holds `marker`. */
function blockWith(opening: string, marker: string): string {
  const block = blocks(opening).find((candidate) => candidate.includes(marker));
  if (!block) {
    throw new Error(`README: no ${opening} block holds '${marker}'`);
  }
  return block;
}

/** Runs TypeScript as written (transpiled), with 'cdk-account-contacts' resolved to this repository's source. */
function runTypeScript(source: string, variables: Record<string, unknown> = {}): void {
  const javascript = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (name: string) => (name === 'cdk-account-contacts' ? require('../src') : require(name));
  new Function('require', 'exports', ...Object.keys(variables), javascript)(load, {}, ...Object.values(variables));
}

function assemblyOf(outdir: string, stackName: string): StackArtifact {
  return { template: JSON.parse(fs.readFileSync(path.join(outdir, `${stackName}.template.json`), 'utf8')), assemblyDirectory: outdir };
}

/** The README's quick start, as written, synthesized into `outdir` (the CDK CLI's environment variables). */
function synthesizeQuickStart(outdir: string): StackArtifact {
  const saved = { outdir: process.env.CDK_OUTDIR, context: process.env.CDK_CONTEXT_JSON };
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:enable-asset-metadata': true });
  try {
    runTypeScript(`${blockWith('```TypeScript', "new Stack(app, 'AccountContacts')")}\napp.synth();\n`);
  } finally {
    for (const [name, value] of [
      ['CDK_OUTDIR', saved.outdir],
      ['CDK_CONTEXT_JSON', saved.context],
    ] as const) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  }
  return assemblyOf(outdir, 'AccountContacts');
}

/** A README example written for rosetta's stack fixture, placed in the fixture as rosetta does, in a stack of its own. */
function synthesizeStackExample(marker: string, stackName: string): StackArtifact {
  const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', 'stack.ts-fixture'), 'utf8');
  const outdir = fs.mkdtempSync(path.join(work, 'assembly-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, stackName);
  runTypeScript(fixture.replace('/// here', blockWith('```ts fixture=stack', marker)), { stack });
  app.synth();
  return assemblyOf(outdir, stackName);
}

/** The README's bash lines of a block, comments dropped, without the `npx cdk` ones (they need AWS: the simulator deploys). */
function commandLines(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('npx cdk '));
}

/**
 * One README line, as written, in bash, from the user's project folder, against the local servers (asynchronously:
 * the Account API server runs in this process).
 */
async function run(line: string): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    CI: 'true',
    ...localAwsEnvironment({ ACCOUNT: aws.accountApi.endpoint, ORGANIZATIONS: aws.moto.endpoint, STS: aws.moto.endpoint }),
    AWS_DEFAULT_REGION: 'us-east-1',
    npm_config_update_notifier: 'false',
  };
  const ran = await runProcess('bash', ['-c', line], { env, cwd: work, timeoutMs: 120_000 });
  transcript.push(`$ ${line}`, ran.stdout.trimEnd(), ran.stderr.trim() ? `(stderr) ${ran.stderr.trim()}` : '', `(exit ${ran.exitCode})`, '');
  return ran;
}

beforeAll(() => {
  // The user's project: the package installed, so that `npx account-contacts` finds its command.
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'my-contacts-app', private: true }));
  fs.mkdirSync(path.join(work, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(CLI, path.join(work, 'node_modules', '.bin', 'account-contacts'));
});

/** The quick start deployed to the management account, and an organization with two bare members (moto). */
async function quickStartDeployedInAnOrganization(): Promise<string[]> {
  const quickStart = synthesizeQuickStart(path.join(work, 'cdk.out'));
  // `npx cdk deploy AccountContacts`, played by the simulator (the role's policies enforced).
  expect(await aws.stack('AccountContacts').deploy(quickStart)).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
  const members = await createMotoOrganization(organizationsClient(aws.moto.endpoint), 2);
  members.forEach((id) => aws.accountApi.memberAccountIds.add(id));
  return members;
}

/** The README's YAML declaration (indented inside a list item), as a file. */
function writeReadmeDeclaration(file: string): void {
  const match = /^( *)```yaml\n([\s\S]*?)^ *```$/m.exec(README);
  if (!match) {
    throw new Error('README: no yaml block');
  }
  const indent = match[1].length;
  fs.writeFileSync(
    file,
    match[2]
      .split('\n')
      .map((line) => line.slice(indent))
      .join('\n'),
  );
}

test('Deploy and verify: the quick start deployed, read back with the AWS CLI; a member account after trusted access', async () => {
  const [ownAccount, memberAccount] = blocks('```bash').filter((block) => block.includes('aws account get-alternate-contact'));
  const members = await quickStartDeployedInAnOrganization();

  const [securityLine, informationLine, sendLine, verifyLine] = commandLines(ownAccount);
  const security = await run(securityLine);
  const information = await run(informationLine);
  expect(security.exitCode).toBe(0);
  expect(JSON.parse(security.stdout).AlternateContact).toMatchObject({
    AlternateContactType: 'SECURITY',
    Name: 'Security Operations Center',
    EmailAddress: 'security@example.com',
  });
  expect(information.exitCode).toBe(0);
  expect(JSON.parse(information.stdout).ContactInformation).toMatchObject({ FullName: 'Example Corp Cloud Platform Team', CountryCode: 'US' });
  // The stack set a new primary phone: AWS holds it UNVERIFIED until the passcode it texts is typed back.
  expect(aws.accountApi.verificationStatus(MANAGEMENT)).toBe('UNVERIFIED');
  expect((await run(sendLine)).exitCode).toBe(0);
  expect(verifyLine).toContain('--code 123456');
  const verified = await run(verifyLine.replace('123456', aws.accountApi.sentPasscode(MANAGEMENT)!));
  expect(verified.stdout).toContain('is VERIFIED');
  expect(aws.accountApi.verificationStatus(MANAGEMENT)).toBe('VERIFIED');

  // A member account (the README's 222233334444), before trusted access: the deployment is refused and says why.
  const workload = synthesizeStackExample("new SecurityContacts(stack, 'WorkloadAccount'", 'WorkloadContacts');
  const workloadStack = aws.stack('WorkloadContacts');
  const refused = await workloadStack.deploy(workload);
  expect(refused.status).toBe('ROLLBACK_COMPLETE');
  expect(refused.failures.map((failure) => failure.reason).join('\n')).toMatch(/trusted access/);

  const [enable, memberSecurity, audit] = commandLines(memberAccount);
  expect(enable).toMatch(/^aws organizations enable-aws-service-access/);
  expect((await run(enable)).exitCode).toBe(0);
  // The Account API server takes trusted access from what moto's organization now says.
  const access = await run('aws organizations list-aws-service-access-for-organization');
  aws.accountApi.trustedAccess = JSON.parse(access.stdout).EnabledServicePrincipals.some(
    (principal: { ServicePrincipal: string }) => principal.ServicePrincipal === 'account.amazonaws.com',
  );
  expect(aws.accountApi.trustedAccess).toBe(true);

  expect(await workloadStack.deploy(workload)).toMatchObject({ status: 'CREATE_COMPLETE', failures: [] });
  const read = await run(memberSecurity);
  expect(read.exitCode).toBe(0);
  expect(JSON.parse(read.stdout).AlternateContact).toMatchObject({ AlternateContactType: 'SECURITY', EmailAddress: 'security@example.com' });

  // Every account of moto's organization: the management account's contacts pass (the quick start set all four), and
  // its one finding is moto's primary email for it, master@example.com, one person's by the audit's rule; the two
  // members created bare have findings: exit 1, as --help and the README say.
  const audited = await run(audit);
  expect(audited.exitCode).toBe(1);
  expect(audited.stdout).toMatch(new RegExp(`^${MANAGEMENT}\\s.*FAIL\\s+\\S+\\s+primaryEmailLooksPersonal\\s*$`, 'm'));
  for (const member of members) {
    expect(audited.stdout).toMatch(new RegExp(`^${member}\\s.*FAIL\\s.*CIS-2\\.3`, 'm'));
  }
  expect(audited.stdout).not.toContain('security@example.com'); // masked
});

test("the command's section: every line of its example block, as written", async () => {
  const lines = commandLines(blockWith('```bash', 'npx account-contacts audit --cis-version'));
  expect(lines.length).toBeGreaterThanOrEqual(8);
  await quickStartDeployedInAnOrganization();
  aws.accountApi.trustedAccess = true;
  writeReadmeDeclaration(path.join(work, 'contacts.yaml'));
  const writes = () => aws.accountApi.requests.filter((request) => /^(Put|Delete)/.test(request.operation)).length;

  const results = new Map<string, CliResult & { writes: number }>();
  for (const line of lines) {
    const before = writes();
    results.set(line, { ...(await run(line)), writes: writes() - before });
  }
  const result = (start: string) => [...results].find(([line]) => line.startsWith(start))![1];
  // Every line is a valid command that could read what it needs: 0 (pass) or 1 (findings, drift), never 2 or 64;
  // the dry run exits as terraform plan -detailed-exitcode does (2: changes to make), checked below.
  const failed = [...results]
    .filter(([line, ran]) => ran.exitCode !== 0 && ran.exitCode !== 1 && !line.includes('--dry-run'))
    .map(([line, ran]) => `${line}: exit ${ran.exitCode}: ${ran.stderr}`);
  expect(failed).toEqual([]);
  // None of them writes: the one apply is a dry run.
  expect([...results].filter(([, ran]) => ran.writes > 0).map(([line]) => line)).toEqual([]);

  expect(result('npx account-contacts audit --organization --format junit').stdout).toMatch(/^<\?xml[\s\S]*<testsuites/);
  expect(result('npx account-contacts audit --account-ids').stdout).toContain('222233334444');
  const drift = result('npx account-contacts diff --expected cdk.out');
  expect(drift.exitCode).toBe(0); // the quick start was deployed: what it declares is what the account holds
  expect(drift.stdout).toMatch(/No drift/);
  expect(result('npx account-contacts policy').stdout).toContain('account:GetAlternateContact');
  // The caller's own account: the quick start passes both CIS recommendations (any CIS finding would be listed);
  // moto's primary email for it (master@) and its new primary phone, never verified in this test, are the findings.
  expect(result('npx account-contacts audit --cis-version 3.0.0').stdout).toMatch(
    new RegExp(`^${MANAGEMENT}\\s+FAIL\\s+\\S+\\s+primaryEmailLooksPersonal, primaryPhoneVerified\\s*$`, 'm'),
  );
  const dryRun = result('npx account-contacts apply --declaration contacts.yaml --dry-run');
  expect(dryRun.stdout).toMatch(/^Plan for declaration file contacts\.yaml:/m);
  const toChange = Number(/^(\d+) accounts to change/m.exec(dryRun.stdout)![1]);
  expect(dryRun.exitCode).toBe(toChange > 0 ? 2 : 0);
});
