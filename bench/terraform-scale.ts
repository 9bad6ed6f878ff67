/**
 * Benchmark: the Terraform `OrganizationContacts` at ACCOUNTS member accounts (default 1000), through real terraform
 * and the AWS provider, against the Account Management API's quotas (PutAlternateContact 5/s burst 8,
 * GetAlternateContact 10/s burst 15) and Organizations' (pages of 20, 10 calls/s): the scenario that
 * test/tf/terraform-at-scale.scale.ts plays at 130 in CI (`npx projen test:scale`, a step of its own) (test/support/terraform-at-scale.ts). Measured: the
 * apply and the second plan against their bounds at the quotas, the calls throttled, and the problems the test would
 * fail on.
 *
 * Run with `npx projen bench:terraform-scale` (ACCOUNTS may list several sizes: ACCOUNTS=130,1000); writes
 * bench/terraform-scale-results.json and the table in docs/benchmarks.md between its markers. SMOKE=1 plays 10
 * accounts and writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeBetweenMarkers } from './markers';
import { machine } from './organization';
import { MotoServer } from '../test/support/moto-server';
import { ACCOUNT_API_QUOTAS, TerraformAtScale, playTerraformAtScale } from '../test/support/terraform-at-scale';

interface Row extends TerraformAtScale {
  readonly problems: string[];
}

/** What test/tf/terraform-at-scale.scale.ts checks, as sentences. */
function problemsOf(played: TerraformAtScale): string[] {
  return [
    ...(played.failure ? [`a command failed: ${played.failure}`] : []),
    ...(played.wrong.length > 0 ? [`${played.wrong.length} contacts not as declared`] : []),
    ...(played.writes !== played.contacts ? [`${played.writes} writes for ${played.contacts} contacts`] : []),
    ...(played.secondPlanExitCode !== 0 ? [`second plan exit ${played.secondPlanExitCode}`] : []),
    ...(played.exclusionPlanExitCode !== 1 || !played.exclusionPlanNamesTheInstance
      ? ['the exclusion plan did not refuse the destroy by instance']
      : []),
    ...(!played.excludedKeepsContacts ? ['the excluded account lost a contact'] : []),
  ];
}

const writeRate = ACCOUNT_API_QUOTAS.PutAlternateContact.ratePerSecond;
const readRate = ACCOUNT_API_QUOTAS.GetAlternateContact.ratePerSecond;

function markdown(rows: Row[], measuredOn: string): string {
  return [
    `Real terraform and the AWS provider 5.100 against the Account API's quotas (PutAlternateContact ${writeRate}/s, GetAlternateContact ${readRate}/s, 429 beyond) and Organizations' (pages of 20, 10 calls/s), SECURITY and OPERATIONS for every account, terraform's default parallelism (10), on ${measuredOn}:`,
    '',
    `| member accounts | contacts | apply | reads in the apply | its bound max(writes ÷ ${writeRate}/s, reads ÷ ${readRate}/s) | writes throttled (429, retried) | second plan | its bound (contacts ÷ ${readRate}/s) | reads throttled | Organizations calls (throttled) | problems |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.members.toLocaleString('en-US')} | ${row.contacts.toLocaleString('en-US')} | ${row.applySeconds} s | ${row.applyReads.toLocaleString('en-US')} | ${Math.round(Math.max(row.writes / writeRate, row.applyReads / readRate))} s | ${row.writesThrottled} | ${row.secondPlanSeconds} s | ${Math.round(row.contacts / readRate)} s | ${row.readsThrottled} | ${row.organizationsCalls} (${row.organizationsThrottled}) | ${row.problems.join('; ') || 'none'} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const smoke = process.env.SMOKE === '1';
  const sizes = smoke ? [10] : (process.env.ACCOUNTS ?? '1000').split(',').map(Number);
  const rows: Row[] = [];
  for (const members of sizes) {
    const moto = await MotoServer.start();
    try {
      const played = await playTerraformAtScale(moto.endpoint, members, (line) => process.stderr.write(`[${members}] ${line}\n`));
      rows.push({ ...played, problems: problemsOf(played) });
    } finally {
      await moto.stop();
    }
  }
  const measuredOn = `${new Date().toISOString().slice(0, 10)}, ${machine()}`;
  const table = markdown(rows, measuredOn);
  console.log(table);
  if (!smoke) {
    fs.writeFileSync(path.join(__dirname, 'terraform-scale-results.json'), `${JSON.stringify({ machine: measuredOn, rows }, null, 2)}\n`);
    writeBetweenMarkers(path.join(__dirname, '..', 'docs', 'benchmarks.md'), 'bench-terraform-scale', table);
  }
  if (rows.some((row) => row.problems.length > 0)) {
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
