/**
 * The Python checkers side by side (docs/python-checkers.md is this script's output, never edited by hand):
 * - Prowler's account checks and `account-contacts audit` against the same organization: moto_server for STS and
 *   Organizations, the local Account API server (test/support) for the contacts, one member account per case;
 * - checkov and cfn-lint on the example app's CloudFormation templates, each finding fixed or acknowledged in
 *   docs/checker-acknowledgements.json with its reason.
 * Run by scripts/compare-checkers.sh (npx projen compare:checkers), which installs the tools into venvs and gives their paths:
 *   PROWLER=<prowler executable> CHECKOV=<checkov executable> CFN_LINT=<cfn-lint executable> OUTPUT=<markdown file>
 * Fails when a template finding is neither fixed nor acknowledged, or when an acknowledgement no longer matches one.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../examples/example-app';
import { AccountApiServer } from '../test/support/account-api-server';
import { CliEndpoints, runCli, runProcess } from '../test/support/cli';
import { organizationsClient } from '../test/support/clients';
import { BILLING, OPERATIONS, SECURITY, apiMembers } from '../test/support/contacts-fixtures';
import { createMotoOrganization } from '../test/support/moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer, TEST_CREDENTIALS, TEST_REGION } from '../test/support/moto-server';

const PRIMARY = {
  FullName: 'Example Corp Cloud Platform Team',
  AddressLine1: '123 Any Street',
  City: 'Seattle',
  StateOrRegion: 'WA',
  PostalCode: '98101',
  CountryCode: 'US',
  PhoneNumber: '+1 206 555 0110',
};

/** The organization's members, one per case, in this order. */
const CASES = [
  { name: 'complete', describe: 'all four contacts, each its own team alias and hunt group' },
  { name: 'missing', describe: 'the primary contact only: no security, billing or operations contact' },
  { name: 'no security', describe: 'primary, billing and operations contacts, no security contact' },
  { name: 'personal mailbox', describe: "all four, the security contact is one person's mailbox (jane.doe@)" },
  { name: 'duplicate', describe: 'all four, security, billing and operations share one address and phone number' },
  { name: 'unverified phone', describe: "all four, distinct; the primary contact's phone number changed and is UNVERIFIED" },
] as const;

/** A row of the comparison: a recommendation, Prowler's check for it and the audit's. */
const RECOMMENDATIONS = [
  {
    recommendation: 'CIS 2.3 (v7.0.0; 1.2 in v3–v5, 2.2 in v6): security contact information is registered',
    prowler: 'account_security_contact_information_is_registered',
    audit: ['CIS-2.3'],
  },
  {
    recommendation: 'CIS 2.2 (v7.0.0; 1.1 in v3–v5, 2.1 in v6): maintain current contact details',
    prowler: 'account_maintain_current_contact_details',
    audit: ['CIS-2.2'],
  },
  {
    recommendation: 'security, billing and operations contacts are distinct',
    prowler: 'account_maintain_different_contact_details_to_security_billing_and_operations',
    audit: ['sameEmailForAllContactTypes', 'securitySharedWithOtherTypes', 'contactsNotDistinct'],
  },
  {
    recommendation: "the primary contact's phone number is verified (current, not just present)",
    prowler: undefined,
    audit: ['primaryPhoneVerified'],
  },
  { recommendation: 'the security contact is a team alias, not a person', prowler: undefined, audit: ['securityEmailLooksPersonal'] },
  { recommendation: 'phone numbers are international (+country code)', prowler: undefined, audit: ['phoneNumberNotInternational'] },
] as const;

const AUDIT_CHECKS = RECOMMENDATIONS.flatMap((row) => row.audit);
const PROWLER_CHECKS = RECOMMENDATIONS.flatMap((row) => (row.prowler ? [row.prowler] : []));

interface Acknowledgement {
  readonly tool: string;
  readonly check: string;
  readonly resource: string;
  readonly reason: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run scripts/compare-checkers.sh`);
  }
  return value;
}

function seed(local: AccountApiServer, accountId: string, caseName: string): void {
  local.seedContactInformation(accountId, PRIMARY, caseName === 'unverified phone' ? 'UNVERIFIED' : 'VERIFIED');
  if (caseName === 'missing') {
    return;
  }
  const shared = { ...SECURITY, name: 'Cloud Team', title: 'Cloud team', emailAddress: 'cloud-team@example.com', phoneNumber: '+1 206 555 0123' };
  const security =
    caseName === 'personal mailbox' ? { ...SECURITY, emailAddress: 'jane.doe@example.com' } : caseName === 'duplicate' ? shared : SECURITY;
  if (caseName !== 'no security') {
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(security));
  }
  local.seedAlternateContact(accountId, 'BILLING', apiMembers(caseName === 'duplicate' ? shared : BILLING));
  local.seedAlternateContact(accountId, 'OPERATIONS', apiMembers(caseName === 'duplicate' ? shared : OPERATIONS));
}

/** The audit's result per account and check: PASS, FAIL or not checked. */
type Results = Map<string, string>;

async function runAudit(endpoints: CliEndpoints, accounts: string[]): Promise<Map<string, Results>> {
  const result = await runCli(['audit', '--account-ids', ...accounts, '--checks', ...AUDIT_CHECKS, '--format', 'json'], endpoints);
  if (![0, 1].includes(result.exitCode)) {
    // 1: findings; 2: an account could not be read
    throw new Error(`account-contacts audit failed (${result.exitCode}): ${result.stderr}`);
  }
  const report = JSON.parse(result.stdout);
  if (process.env.AUDIT_JSON) {
    fs.writeFileSync(process.env.AUDIT_JSON, result.stdout);
  }
  const outcome = new Map<string, Results>();
  for (const account of report.accounts) {
    const failed = new Set(account.findings.map((finding: { check: string }) => finding.check));
    const unchecked = new Set(account.notChecked.flatMap((entry: { checks: string[] }) => entry.checks));
    const missing = AUDIT_CHECKS.filter((check) => !account.checks.includes(check));
    if (missing.length > 0) {
      throw new Error(`the audit did not run ${missing.join(', ')} on ${account.accountId} (it ran ${account.checks.join(', ')})`);
    }
    outcome.set(
      account.accountId,
      new Map(AUDIT_CHECKS.map((check) => [check, unchecked.has(check) ? 'not checked' : failed.has(check) ? 'FAIL' : 'PASS'])),
    );
  }
  return outcome;
}

/** Prowler as its users run it: in the account itself (its role assumed), the account checks, OCSF JSON out. */
async function runProwler(prowler: string, local: AccountApiServer, motoEndpoint: string, accountId: string, outdir: string): Promise<Results> {
  local.callerAccountId = accountId;
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: outdir,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_ENDPOINT_URL: motoEndpoint,
    AWS_ENDPOINT_URL_ACCOUNT: local.endpoint,
  };
  const args = [
    'aws',
    '--no-banner',
    '--region',
    TEST_REGION,
    '--role',
    `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    '--checks',
    ...PROWLER_CHECKS,
    '--output-formats',
    'json-ocsf',
    '--output-directory',
    outdir,
    '--output-filename',
    accountId,
    '--ignore-exit-code-3',
  ];
  const result = await runProcess(prowler, args, { env, timeoutMs: 300_000 });
  const file = path.join(outdir, `${accountId}.ocsf.json`);
  if (result.exitCode !== 0 || !fs.existsSync(file)) {
    throw new Error(`prowler failed for ${accountId} (${result.exitCode}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  }
  const findings = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{
    status_code: string;
    metadata: { event_code: string };
    cloud: { account: { uid: string } };
  }>;
  const outcome: Results = new Map();
  for (const finding of findings) {
    if (finding.cloud.account.uid !== accountId) {
      throw new Error(`prowler reported account ${finding.cloud.account.uid} while auditing ${accountId}`);
    }
    outcome.set(finding.metadata.event_code, finding.status_code);
  }
  return outcome;
}

interface TemplateFinding {
  readonly tool: string;
  readonly check: string;
  readonly resource: string;
  readonly message: string;
}

function checkovFindings(checkov: string, template: string, stack: string): TemplateFinding[] {
  let output: string;
  try {
    output = execFileSync(checkov, ['-f', template, '--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    output = (error as { stdout?: string }).stdout ?? '';
  }
  const document = JSON.parse(output || '{}');
  const failed = (Array.isArray(document) ? document : [document]).flatMap((part: any) => part?.results?.failed_checks ?? []);
  return failed.map((finding: any) => ({
    tool: 'checkov',
    check: finding.check_id,
    resource: `${stack}/${String(finding.resource).split('.').pop()}`,
    message: finding.check_name,
  }));
}

function cfnLintFindings(cfnLint: string, template: string, stack: string): TemplateFinding[] {
  let output: string;
  try {
    output = execFileSync(cfnLint, ['--format', 'json', '--', template], { encoding: 'utf8' });
  } catch (error) {
    output = (error as { stdout?: string }).stdout ?? '[]';
  }
  return (JSON.parse(output || '[]') as any[]).map((finding) => ({
    tool: 'cfn-lint',
    check: finding.Rule.Id,
    resource: `${stack}/${finding.Location.Path?.[1] ?? '-'}`,
    message: finding.Message,
  }));
}

function version(executable: string, args: string[] = ['--version']): string {
  return execFileSync(executable, args, { encoding: 'utf8', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' } })
    .trim()
    .split('\n')
    .pop()!
    .trim();
}

async function main(): Promise<void> {
  const [prowler, checkov, cfnLint, output] = ['PROWLER', 'CHECKOV', 'CFN_LINT', 'OUTPUT'].map(required);
  const acknowledgementsFile = path.join(__dirname, '..', 'docs', 'checker-acknowledgements.json');
  const acknowledgements = (JSON.parse(fs.readFileSync(acknowledgementsFile, 'utf8')) as { acknowledgements: Acknowledgement[] }).acknowledgements;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-checkers-'));

  // The organization: the management account and one member per case.
  const moto = await MotoServer.start();
  let local: AccountApiServer | undefined;
  const rows: string[][] = [];
  try {
    const members = await createMotoOrganization(organizationsClient(moto.endpoint), CASES.length);
    local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: members });
    CASES.forEach((testCase, index) => seed(local!, members[index], testCase.name));
    const audit = await runAudit({ account: local.endpoint, organizations: moto.endpoint, sts: moto.endpoint }, members);
    for (const [index, testCase] of CASES.entries()) {
      const accountId = members[index];
      const prowlerResults = await runProwler(prowler, local, moto.endpoint, accountId, path.join(work, 'prowler'));
      for (const row of RECOMMENDATIONS) {
        const ours = row.audit.map((check) => audit.get(accountId)?.get(check) ?? 'not checked');
        const theirs = row.prowler ? (prowlerResults.get(row.prowler) ?? 'no finding') : 'not checked';
        rows.push([
          testCase.name,
          row.recommendation,
          theirs,
          row.audit.length > 1 ? row.audit.map((check, at) => `${check}: ${ours[at]}`).join(', ') : ours[0],
        ]);
      }
    }
  } finally {
    await local?.stop();
    await moto.stop();
  }

  // The example app's templates through checkov and cfn-lint.
  const assembly = buildExampleApp(path.join(work, 'cdk.out')).synth();
  const templateFindings = assembly.stacks.flatMap((stack) => {
    const template = path.join(assembly.directory, stack.templateFile);
    return [...checkovFindings(checkov, template, stack.stackName), ...cfnLintFindings(cfnLint, template, stack.stackName)];
  });
  const matches = (finding: TemplateFinding, acknowledgement: Acknowledgement) =>
    acknowledgement.tool === finding.tool && acknowledgement.check === finding.check && finding.resource.startsWith(acknowledgement.resource);
  const unacknowledged = templateFindings.filter((finding) => !acknowledgements.some((acknowledgement) => matches(finding, acknowledgement)));
  const stale = acknowledgements.filter((acknowledgement) => !templateFindings.some((finding) => matches(finding, acknowledgement)));
  fs.rmSync(work, { recursive: true, force: true });

  const table = (header: string[], body: string[][]) =>
    [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
  const lines = [
    '# The Python checkers side by side',
    '',
    '<!-- Generated by scripts/compare-checkers.sh (npx projen compare:checkers): do not edit by hand. -->',
    '',
    'Security teams that work in Python already run [Prowler](https://github.com/prowler-cloud/prowler) on their accounts',
    'and [checkov](https://www.checkov.io/) and [cfn-lint](https://github.com/aws-cloudformation/cfn-lint) on their',
    'templates. This page shows what each reports, next to `account-contacts audit`, on the same organization: moto_server',
    "answers STS and Organizations, the project's local Account API server holds the contacts (as AWS would return them),",
    'and each member account is one case. Prowler runs in each member account (its `--role` assumed), as Prowler audits the',
    'account whose credentials it runs with; the audit runs once from the management account with `--account-ids`.',
    '',
    `Tools: ${version(prowler, ['-v'])}, checkov ${version(checkov)}, ${version(cfnLint)}, account-contacts (this repository).`,
    'CI regenerates this page (scripts/compare-checkers.sh) and fails when a result differs from it.',
    '',
    '## The accounts',
    '',
    table(
      ['case', 'contacts'],
      CASES.map((testCase) => [testCase.name, testCase.describe]),
    ),
    '',
    '## Per account and recommendation',
    '',
    'PASS / FAIL: the tool decided; MANUAL: the tool asks a person to look (Prowler reports both CIS contact recommendations',
    'this way, whatever the contacts); not checked: the tool has no such check.',
    '',
    table(['account', 'recommendation', 'Prowler', 'account-contacts audit'], rows),
    '',
    'What this shows:',
    '- Prowler reports both CIS recommendations as MANUAL for every account, the one with no alternate contact included: it reads no contact for',
    '  them. The audit decides both from the contacts themselves.',
    "- Prowler's one automated check wants the four contacts distinct (names and phone numbers too, the primary contact",
    '  included). It fails the account whose contacts are missing, since absent contacts compare equal; the audit reports',
    '  the missing contacts under the CIS recommendations and the sharing under its own checks.',
    "- Neither Prowler nor checkov can see whether the security contact is a person's mailbox, nor whether AWS has",
    "  verified the primary phone (GetContactInformation's VerificationStatus, since 2026-10): the audit reports both.",
    '',
    '## The example stacks through checkov and cfn-lint',
    '',
    `checkov (CloudFormation framework) and cfn-lint on the ${assembly.stacks.length} templates of the example app (\`examples/example-app.ts\`).`,
    'Every finding is fixed, or acknowledged in `docs/checker-acknowledgements.json` with its reason:',
    '',
    templateFindings.length === 0
      ? 'No findings.'
      : table(
          ['tool', 'check', 'resource', 'finding', 'reason'],
          templateFindings.map((finding) => [
            finding.tool,
            finding.check,
            finding.resource,
            finding.message.replace(/\|/g, '\\|'),
            acknowledgements.find((acknowledgement) => matches(finding, acknowledgement))?.reason ?? '**not acknowledged**',
          ]),
        ),
    '',
  ];
  fs.writeFileSync(output, lines.join('\n'));
  console.log(`wrote ${output}: ${rows.length} account rows, ${templateFindings.length} template findings`);
  if (unacknowledged.length > 0 || stale.length > 0) {
    throw new Error(
      [
        ...unacknowledged.map((finding) => `not acknowledged: ${finding.tool} ${finding.check} on ${finding.resource}: ${finding.message}`),
        ...stale.map(
          (acknowledgement) =>
            `acknowledgement matches no finding any more (remove it): ${acknowledgement.tool} ${acknowledgement.check} on ${acknowledgement.resource}`,
        ),
      ].join('\n'),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
