/**
 * Benchmark: organization runs exact under Lambda's real timing, at the sizes users have. The scenario of
 * test/organization/run-timing-parameters.test.ts (which plays it at 130 member accounts in `npm test`), played at
 * 1,000 accounts: two runs that read different versions of the security contact's SSM parameter overlap; "Lambda
 * containers" are stopped at the scaled function timeout (7.5 s) with their calls in flight; the visibility timeout is
 * 10 s (the construct's 15:20 ratio); a fifth of the Account API's answers take 4 to 6 s; half of the older run's
 * messages arrive once the newer run has counted three quarters of its accounts; optionally every message reaches
 * the queue twice. Checked as the test checks (the `Problems` column is what the test would fail on), and measured:
 * wall time, invocations stopped, and what the version fence costs in DynamoDB requests (StrictDynamoDB counts them
 * by item kind). At 5,000 accounts moto answers too slowly for the scaled timeout: docs/benchmarks.md says why.
 *
 * Run with `npx projen bench:run-timing` (ACCOUNTS=1000 by default; DUPLICATES=both|once|twice, default both at 1,000
 * and once above); writes bench/run-timing-results.json and the table in docs/benchmarks.md between
 * <!-- bench-run-timing:start --> and <!-- bench-run-timing:end -->. SMOKE=1 plays 30 accounts and writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeBetweenMarkers } from './markers';
import { machine } from './organization';
import { MotoServer } from '../test/support/moto-server';
import { OrganizationHarness } from '../test/support/organization-harness';
import { fenceCallsPerAccountAndRun, overlappingRunsProblems, playOverlappingRuns } from '../test/support/overlapping-runs';
import { ResponseRecorder } from '../test/support/response-recorder';

export interface RunTimingRow {
  readonly accounts: number;
  readonly copies: number;
  readonly seconds: number;
  readonly invocations: number;
  readonly timeouts: number;
  /** Accounts the older run left to the newer one. */
  readonly leftToNewerRun: number;
  readonly problems: string[];
  /** DynamoDB requests per account and run: all of them, and the fence's. */
  readonly dynamodbPerAccountAndRun: number;
  readonly fencePerAccountAndRun: number;
}

async function measure(members: number, duplicateMessages: boolean): Promise<RunTimingRow> {
  const moto = await MotoServer.start();
  const recorder = await ResponseRecorder.start();
  const harness = await OrganizationHarness.start(moto);
  try {
    const played = await playOverlappingRuns(harness, recorder, {
      memberAccounts: members,
      duplicateMessages,
      timeoutMs: 7_200_000,
      // moto lists 5,000 accounts in about 25 s, more than the scaled 7.5 s; AWS gives the coordinator 15 minutes.
      coordinatorTimeoutSeconds: members >= 2_000 ? 120 : undefined,
    });
    const problems = await overlappingRunsProblems(harness, recorder, played);
    const requests = Object.values(played.dynamodbCalls).reduce((sum, count) => sum + count, 0);
    const left = harness.logged('account').filter((line) => line.runId === played.olderRunId && line.outcome === 'UNCHANGED').length;
    return {
      accounts: played.accounts.length,
      copies: duplicateMessages ? 2 : 1,
      seconds: Math.round(played.seconds),
      invocations: played.invocations,
      timeouts: played.timeouts,
      leftToNewerRun: left,
      problems,
      dynamodbPerAccountAndRun: Math.round((requests / (2 * played.accounts.length)) * 10) / 10,
      fencePerAccountAndRun: Math.round(fenceCallsPerAccountAndRun(played) * 100) / 100,
    };
  } finally {
    await harness.stop();
    await recorder.stop();
    await moto.stop();
  }
}

export function runTimingMarkdown(rows: RunTimingRow[], measuredOn: string): string {
  return [
    `Measured on ${measuredOn}. Function timeout 7.5 s, visibility timeout 10 s, 3 consumers of 2 messages (20 accounts), a fifth of the Account API's answers 4 to 6 s; two overlapping runs (parameter version 1, then 2), half of the older run's messages delivered once the newer run has counted 75 % of its accounts.`,
    '',
    '| Accounts | Copies of each message | Wall time | Invocations | Stopped at the timeout | Left to the newer run | DynamoDB requests per account and run | of which the fence | Problems |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows
      .map((row) =>
        [
          row.accounts.toLocaleString('en-US'),
          row.copies,
          `${row.seconds} s`,
          row.invocations,
          row.timeouts,
          row.leftToNewerRun,
          row.dynamodbPerAccountAndRun,
          row.fencePerAccountAndRun,
          row.problems.length === 0 ? 'none' : row.problems.join('; '),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const smoke = process.env.SMOKE === '1';
  const sizes = smoke ? [30] : (process.env.ACCOUNTS ?? '1000').split(',').map(Number);
  const rows: RunTimingRow[] = [];
  for (const accounts of sizes) {
    const duplicates = process.env.DUPLICATES ?? (accounts <= 1000 ? 'both' : 'once');
    const copies = duplicates === 'both' ? [false, true] : [duplicates === 'twice'];
    for (const duplicateMessages of copies) {
      const row = await measure(accounts - 1, duplicateMessages);
      console.error(JSON.stringify(row));
      rows.push(row);
    }
  }
  if (rows.some((row) => row.problems.length > 0)) {
    process.exitCode = 1;
  }
  if (smoke) {
    console.log(runTimingMarkdown(rows, machine()));
    return;
  }
  // Rows of other sizes measured before (a run per size fits a session better) stay in the results.
  const resultsFile = path.join(__dirname, 'run-timing-results.json');
  const before = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { rows: RunTimingRow[] }).rows : [];
  const merged = [...before.filter((old) => !rows.some((row) => row.accounts === old.accounts && row.copies === old.copies)), ...rows].sort(
    (a, b) => a.accounts - b.accounts || a.copies - b.copies,
  );
  const measuredOn = `${new Date().toISOString().slice(0, 10)}, ${machine()}`;
  fs.writeFileSync(resultsFile, `${JSON.stringify({ machine: measuredOn, rows: merged }, null, 2)}\n`);
  const markdown = runTimingMarkdown(merged, measuredOn);
  console.log(markdown);
  writeBetweenMarkers(path.join(__dirname, '..', 'docs', 'benchmarks.md'), 'bench-run-timing', markdown);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
