/**
 * Findings to Security Hub: `--format asff` and `--import-findings`, as a child process, against moto_server's
 * Security Hub (BatchImportFindings, GetFindings) behind a strict front that refuses what AWS refuses and moto
 * accepts (a finding of another account than the caller's), and the local Account API server. A re-run updates the
 * same findings; a check that passes now is archived; a failing batch is reported and exits 2.
 */
import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AsffFinding } from '../../src/cli/audit/formats/asff-report';
import { IMPORT_BATCH_SIZE, importFindings } from '../../src/cli/audit/security-hub-import';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { localClientConfig } from '../support/clients';
import { BILLING, OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { StrictSecurityHub } from '../support/strict-security-hub';

jest.setTimeout(120_000);

// 30 member accounts, none with contacts yet: 30 × 7 checks = 210 findings, three batches.
const MEMBERS = Array.from({ length: 30 }, (_, index) => String(200000000000 + index));
const moto = useMotoServer();
let local: AccountApiServer;
let hub: StrictSecurityHub;
let endpoints: CliEndpoints;

beforeAll(async () => {
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: MEMBERS });
  hub = await StrictSecurityHub.start({ motoEndpoint: moto.endpoint, callerAccountId: MOTO_ACCOUNT_ID });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});
afterAll(async () => {
  await local?.stop();
  await hub?.stop();
});

const audit = (...args: string[]) =>
  runCli(['--rate', '500', 'audit', '--account-ids', MEMBERS.join(','), ...args], endpoints, { AWS_ENDPOINT_URL_SECURITYHUB: hub.endpoint });

async function hubFindings(): Promise<any[]> {
  const client = new SecurityHubClient(localClientConfig(moto.endpoint));
  const findings: any[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new GetFindingsCommand({ NextToken, MaxResults: 100 }));
    findings.push(...(page.Findings ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return findings;
}

test('--format asff: one finding per account and check, stable ids, CIS requirement and Security Hub control, no contact', async () => {
  local.seedAlternateContact(MEMBERS[0], 'SECURITY', apiMembers({ ...SECURITY, emailAddress: 'jane.doe@example.com' }));
  try {
    const result = await audit('--output', 'asff');
    expect(result.exitCode).toBe(1);
    const findings: AsffFinding[] = JSON.parse(result.stdout);
    expect(findings).toHaveLength(MEMBERS.length * 7);
    const security = findings.find((finding) => finding.Id === `cdk-account-contacts/${MEMBERS[1]}/securityContactRegistered`)!;
    // Imported by the caller into its own Security Hub: the member account is the finding's resource.
    expect(security).toMatchObject({
      AwsAccountId: MOTO_ACCOUNT_ID,
      FindingProviderFields: { Severity: { Label: 'HIGH' }, Types: [expect.stringContaining('CIS AWS Foundations Benchmark')] },
      ProductFields: expect.objectContaining({ 'account-contacts/accountId': MEMBERS[1] }),
      ProductArn: `arn:aws:securityhub:us-east-1:${MOTO_ACCOUNT_ID}:product/${MOTO_ACCOUNT_ID}/default`,
      Title: 'CIS 7.0.0 2.3 Ensure security contact information is registered',
      Severity: { Label: 'HIGH' },
      Compliance: { Status: 'FAILED', RelatedRequirements: ['CIS AWS Foundations Benchmark v7.0.0/2.3'], SecurityControlId: 'Account.1' },
      RecordState: 'ACTIVE',
      Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${MEMBERS[1]}` }],
    });
    expect(result.stdout).not.toContain('jane.doe');
    expect(result.stdout).toContain('j***e@example.com');
  } finally {
    local.removeAlternateContact(MEMBERS[0], 'SECURITY');
  }
});

test('--import-findings: imported in batches of 100, re-imported without duplicates, archived when fixed', async () => {
  const first = await audit('--output', 'json', '--import-findings');
  expect(first.exitCode).toBe(1);
  expect(first.stderr).toContain(`Imported 210 findings into Security Hub (${hub.endpoint}), 0 failed.`);
  expect(hub.refused).toEqual([]);
  const imported = await hubFindings();
  expect(imported).toHaveLength(210);
  expect(new Set(imported.map((finding) => finding.AwsAccountId))).toEqual(new Set([MOTO_ACCOUNT_ID]));
  expect(new Set(imported.map((finding) => finding.Resources[0].Id))).toEqual(new Set(MEMBERS.map((member) => `AWS::::Account:${member}`)));

  // The first account gets every contact: its checks pass now, and a re-run archives them instead of adding any.
  local.seedAlternateContact(MEMBERS[0], 'SECURITY', apiMembers(SECURITY));
  local.seedAlternateContact(MEMBERS[0], 'BILLING', apiMembers(BILLING));
  local.seedAlternateContact(MEMBERS[0], 'OPERATIONS', apiMembers(OPERATIONS));
  const second = await audit('--import-findings', '--output', 'json');
  expect(second.stderr).toContain('Imported 210 findings into Security Hub');
  const findings = await hubFindings();
  expect(findings).toHaveLength(210);
  const fixed = findings.find((finding) => finding.Id === `cdk-account-contacts/${MEMBERS[0]}/securityContactRegistered`);
  expect(fixed).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' }, Severity: { Label: 'INFORMATIONAL' } });
  const stillFailing = findings.find((finding) => finding.Id === `cdk-account-contacts/${MEMBERS[1]}/securityContactRegistered`);
  expect(stillFailing).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'FAILED' } });
});

test("the strict front refuses a finding of another account than the caller's, and 101 findings in one call, as AWS does (moto accepts both)", async () => {
  const client = new SecurityHubClient(localClientConfig(hub.endpoint));
  const finding = {
    SchemaVersion: '2018-10-08',
    Id: 'other-account',
    ProductArn: `arn:aws:securityhub:us-east-1:${MOTO_ACCOUNT_ID}:product/${MOTO_ACCOUNT_ID}/default`,
    GeneratorId: 'g',
    AwsAccountId: MEMBERS[0],
    Types: ['t'],
    CreatedAt: '2026-12-04T00:00:00Z',
    UpdatedAt: '2026-12-04T00:00:00Z',
    Severity: { Label: 'LOW' },
    Title: 't',
    Description: 'd',
    Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${MEMBERS[0]}` }],
  };
  await expect(client.send(new BatchImportFindingsCommand({ Findings: [finding as never] }))).rejects.toMatchObject({
    name: 'AccessDeniedException',
    message: expect.stringContaining('is not authorized to perform: securityhub:BatchImportFindings'),
  });
  const direct = new SecurityHubClient(localClientConfig(moto.endpoint));
  expect(await direct.send(new BatchImportFindingsCommand({ Findings: [finding as never] }))).toMatchObject({ FailedCount: 0 });
  // SH-2: 101 findings of the caller's own account in one call.
  const own = Array.from({ length: 101 }, (_, index) => ({ ...finding, Id: `own-${index}`, AwsAccountId: MOTO_ACCOUNT_ID }));
  await expect(client.send(new BatchImportFindingsCommand({ Findings: own as never }))).rejects.toMatchObject({ name: 'InvalidInputException' });
  expect(await direct.send(new BatchImportFindingsCommand({ Findings: own as never }))).toMatchObject({ FailedCount: 0 });
});

test('a Security Hub that cannot be reached: the batches are reported failed and the run exits 2', async () => {
  const result = await runCli(['--rate', '500', 'audit', '--account-ids', MEMBERS[0], '--import-findings'], endpoints, {
    AWS_ENDPOINT_URL_SECURITYHUB: 'http://127.0.0.1:9',
  });
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toMatch(
    /BatchImportFindings of 7 findings failed: .*\nImported 0 findings into Security Hub \(http:\/\/127\.0\.0\.1:9\), 7 failed\./,
  );
});

test('batches of at most 100, and findings Security Hub refuses are reported one by one', async () => {
  const sizes: number[] = [];
  const client = {
    send: async (command: any) => {
      const batch = command.input.Findings as AsffFinding[];
      sizes.push(batch.length);
      return {
        SuccessCount: batch.length - 1,
        FailedCount: 1,
        FailedFindings: [{ Id: batch[0].Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
      };
    },
  };
  const findings = Array.from({ length: 250 }, (_, index) => ({ Id: `finding-${index}` }) as AsffFinding);
  const result = await importFindings(client as never, findings);
  expect(sizes).toEqual([IMPORT_BATCH_SIZE, IMPORT_BATCH_SIZE, 50]);
  expect(result).toMatchObject({ imported: 247, failedBatches: [] });
  expect(result.failedFindings.map((failed) => failed.id)).toEqual(['finding-0', 'finding-100', 'finding-200']);
});

test('`policy --import-findings` adds only securityhub:BatchImportFindings on the default product', async () => {
  const result = await runCli(['policy', '--checks', 'CIS-2.3', '--import-findings'], endpoints);
  const statements = JSON.parse(result.stdout).Statement;
  expect(statements.map((statement: any) => statement.Action)).toEqual(['account:GetAlternateContact', 'securityhub:BatchImportFindings']);
  expect(statements[1].Resource).toBe('arn:aws:securityhub:*:*:product/*/default');
});
