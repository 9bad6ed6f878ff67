/**
 * Benchmark: `account-contacts apply --yes` at the Account Management API's quotas, ACCOUNTS accounts (default 200 and
 * 1,000) × 3 alternate contacts that all differ, against the local Account API server with AWS's quotas
 * (PutAlternateContact 5/s burst 8, GetAlternateContact 10/s burst 15, 429 beyond) and the command's default rates.
 * Reads and writes have quotas of their own, so the bound is max(writes ÷ 5/s, reads ÷ 10/s), not their sum: the
 * command reads each contact once (the plan) and starts an account's writes as soon as it was read.
 *
 * Run with `npx projen bench:apply-pace` (ACCOUNTS=200,1000); writes bench/apply-pace-results.json and the table in
 * docs/benchmarks.md between its markers. SMOKE=1 plays 20 accounts and writes nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { writeBetweenMarkers } from './markers';
import { machine } from './organization';
import { AccountApiServer } from '../test/support/account-api-server';
import { runCli } from '../test/support/cli';
import { organizationsClient } from '../test/support/clients';
import { BILLING, OPERATIONS, SECURITY, apiMembers } from '../test/support/contacts-fixtures';
import { createMotoOrganization } from '../test/support/moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer } from '../test/support/moto-server';
import { ACCOUNT_API_QUOTAS } from '../test/support/terraform-at-scale';

const writeRate = ACCOUNT_API_QUOTAS.PutAlternateContact.ratePerSecond;
const readRate = ACCOUNT_API_QUOTAS.GetAlternateContact.ratePerSecond;
/** What the issue asks of the pace: within this factor of the bound. */
const TARGET_RATIO = 1.1;

interface Row {
  readonly accounts: number;
  readonly reads: number;
  readonly writes: number;
  readonly seconds: number;
  readonly boundSeconds: number;
  readonly ratio: number;
  readonly throttled: number;
  readonly exitCode: number;
  readonly notAsDeclared: number;
}

async function play(accounts: number): Promise<Row> {
  const moto = await MotoServer.start();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-pace-'));
  try {
    const members = await createMotoOrganization(organizationsClient(moto.endpoint), accounts - 1);
    const local = await AccountApiServer.start({
      callerAccountId: MOTO_ACCOUNT_ID,
      memberAccountIds: members,
      rateLimits: { ...ACCOUNT_API_QUOTAS },
    });
    try {
      // Every account holds an older security contact, and no billing or operations contact: 3 writes each.
      const older = { ...SECURITY, name: 'Former SOC' };
      for (const accountId of [MOTO_ACCOUNT_ID, ...members]) {
        local.seedAlternateContact(accountId, 'SECURITY', apiMembers(older));
      }
      const declaration = path.join(directory, 'contacts.yaml');
      fs.writeFileSync(declaration, stringify({ organization: { security: SECURITY, billing: BILLING, operations: OPERATIONS } }));
      const started = Date.now();
      const result = await runCli(['apply', '--declaration', declaration, '--yes'], {
        account: local.endpoint,
        organizations: moto.endpoint,
        sts: moto.endpoint,
      });
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      // Answered calls (a contact not set is read as 404), the 429s apart.
      const answered = (operation: string) => local.count(operation) - local.count(operation, 429);
      const reads = answered('GetAlternateContact');
      const writes = answered('PutAlternateContact');
      const boundSeconds = Math.max(writes / writeRate, reads / readRate);
      const notAsDeclared = [MOTO_ACCOUNT_ID, ...members].filter(
        (accountId) =>
          local.alternateContact(accountId, 'SECURITY')?.Name !== SECURITY.name ||
          local.alternateContact(accountId, 'BILLING')?.EmailAddress !== BILLING.emailAddress ||
          local.alternateContact(accountId, 'OPERATIONS')?.EmailAddress !== OPERATIONS.emailAddress,
      ).length;
      return {
        accounts,
        reads,
        writes,
        seconds,
        boundSeconds,
        ratio: Math.round((seconds / boundSeconds) * 100) / 100,
        throttled: local.count('GetAlternateContact', 429) + local.count('PutAlternateContact', 429),
        exitCode: result.exitCode,
        notAsDeclared,
      };
    } finally {
      await local.stop();
    }
  } finally {
    await moto.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function markdown(rows: Row[], measuredOn: string): string {
  return [
    `\`apply --yes\` of SECURITY, BILLING and OPERATIONS (all three differ in every account) against the local Account API server at AWS's quotas (GetAlternateContact ${readRate}/s, PutAlternateContact ${writeRate}/s, 429 beyond), the command's default rates and \`--concurrency\` 4, on ${measuredOn}:`,
    '',
    `| accounts | reads | writes | apply | bound max(writes ÷ ${writeRate}/s, reads ÷ ${readRate}/s) | ratio (target ≤ ${TARGET_RATIO}) | throttled (429, retried) | exit | contacts not as declared |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.accounts.toLocaleString('en-US')} | ${row.reads.toLocaleString('en-US')} | ${row.writes.toLocaleString('en-US')} | ${row.seconds} s | ${row.boundSeconds} s | ${row.ratio} | ${row.throttled} | ${row.exitCode} | ${row.notAsDeclared} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const smoke = process.env.SMOKE === '1';
  const sizes = smoke ? [20] : (process.env.ACCOUNTS ?? '200,1000').split(',').map(Number);
  const rows: Row[] = [];
  for (const accounts of sizes) {
    rows.push(await play(accounts));
    process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
  }
  const measuredOn = `${new Date().toISOString().slice(0, 10)}, ${machine()}`;
  const table = markdown(rows, measuredOn);
  console.log(table);
  if (!smoke) {
    fs.writeFileSync(path.join(__dirname, 'apply-pace-results.json'), `${JSON.stringify({ machine: measuredOn, rows }, null, 2)}\n`);
    writeBetweenMarkers(path.join(__dirname, '..', 'docs', 'benchmarks.md'), 'bench-apply-pace', table);
  }
  if (rows.some((row) => row.exitCode !== 0 || row.notAsDeclared > 0 || row.ratio > TARGET_RATIO)) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
