/**
 * `npm run bench`: synth scale, template size and time to converge, side by side with the alternatives, measured
 * in one run on this machine. Writes bench/results.json, bench/results.md and bench/chart.svg, and updates the
 * docs/benchmarks.md between its bench markers.
 *
 * Environment: SIZES (default 1,10,100,1000,5000), RUNS per synth measurement (default 3, the median is kept),
 * APPLY_SIZES (default 100,1000,5000), PUT_RATE (default 100 writes/s), SMOKE=1 (a small run that writes to a
 * temporary directory and leaves the checked-in results alone).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeBetweenMarkers } from './markers';
import { ApplyResult, applyMarkdown, machine, measureApply } from './organization';
import { measureRealRate, realRateMarkdown } from './real-rate';
import type { SynthMeasurement } from './synth-case';

const CASES: Array<{ id: string; label: string; color: string }> = [
  { id: 'organization-contacts', label: 'OrganizationContacts (one stack)', color: '#1b7837' },
  { id: 'security-contacts', label: 'SecurityContacts per account', color: '#2166ac' },
  { id: 'aws-custom-resource', label: 'AwsCustomResource per account and type (baseline)', color: '#b2182b' },
  { id: 'tf-organization-contacts', label: 'tf.OrganizationContacts (cdktf)', color: '#5aae61' },
  { id: 'tf-security-contacts', label: 'tf.SecurityContacts per account (cdktf)', color: '#67a9cf' },
];

interface SynthRow extends SynthMeasurement {
  readonly runs: number;
  readonly skipped?: string;
}

function sizes(name: string, fallback: string): number[] {
  return (process.env[name] ?? fallback)
    .split(',')
    .map((value) => Number(value.trim()))
    .filter((value) => value > 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measureSynth(caseId: string, accounts: number, runs: number): SynthRow {
  const measurements: SynthMeasurement[] = [];
  for (let run = 0; run < runs; run++) {
    const output = execFileSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'synth-case.ts'), caseId, String(accounts)],
      {
        encoding: 'utf8',
        env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.dev.json'), NODE_OPTIONS: '--max-old-space-size=12288' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    measurements.push(JSON.parse(output.trim().split('\n').at(-1)!));
  }
  return {
    ...measurements[0],
    milliseconds: median(measurements.map((measurement) => measurement.milliseconds)),
    peakMemoryMb: median(measurements.map((measurement) => measurement.peakMemoryMb)),
    runs,
  };
}

function versions(): Record<string, string> {
  const root = path.join(__dirname, '..');
  const version = (name: string) =>
    (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    node: process.version,
    'aws-cdk-lib': version('aws-cdk-lib'),
    cdktf: version('cdktf'),
    '@cdktf/provider-aws': version('@cdktf/provider-aws'),
    moto: execFileSync('python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' }).trim(),
  };
}

function formatBytes(bytes: number): string {
  if (!bytes) {
    return '–';
  }
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(2)} MB` : bytes >= 1000 ? `${(bytes / 1000).toFixed(1)} KB` : `${bytes} B`;
}

function synthMarkdown(rows: SynthRow[], accountSizes: number[]): string {
  const lines = [
    '| Case | Accounts | Synth time (median) | Peak memory | Template (+ declaration asset) / cdk.tf.json | Resources | Deployable |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const { id, label } of CASES) {
    for (const accounts of accountSizes) {
      const row = rows.find((candidate) => candidate.case === id && candidate.accounts === accounts);
      if (!row) {
        continue;
      }
      if (row.skipped) {
        lines.push(`| ${label} | ${accounts} | – | – | – | – | no: ${row.skipped} |`);
        continue;
      }
      const resources = Number.isNaN(row.resources) ? '–' : String(row.resources);
      lines.push(
        `| ${label} | ${accounts} | ${(row.milliseconds / 1000).toFixed(2)} s | ${row.peakMemoryMb} MB | ${formatBytes(row.bytes)} | ${resources} | ${row.deployable ? 'yes' : `no: ${row.reason}`} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Two log-log panels: synth time and size against the number of accounts, one line per case. */
function chart(rows: SynthRow[], accountSizes: number[]): string {
  const width = 900;
  const height = 380;
  const panel = { width: 380, height: 260, top: 40 };
  const lefts = [70, 520];
  const xs = accountSizes.map((value) => Math.log10(value));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  const measured = rows.filter((row) => !row.skipped && row.bytes > 0);
  const metrics: Array<{ title: string; value: (row: SynthRow) => number; unit: (value: number) => string }> = [
    { title: 'Synth time', value: (row) => row.milliseconds, unit: (value) => (value >= 1000 ? `${value / 1000} s` : `${value} ms`) },
    { title: 'Template / cdk.tf.json size', value: (row) => row.bytes, unit: (value) => formatBytes(value) },
  ];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  metrics.forEach((metric, index) => {
    const left = lefts[index];
    const values = measured.map(metric.value).filter((value) => value > 0);
    const yMin = Math.floor(Math.log10(Math.min(...values)));
    const yMax = Math.ceil(Math.log10(Math.max(...values)));
    const x = (accounts: number) => left + ((Math.log10(accounts) - xMin) / (xMax - xMin)) * panel.width;
    const y = (value: number) => panel.top + panel.height - ((Math.log10(value) - yMin) / Math.max(1, yMax - yMin)) * panel.height;
    parts.push(
      `<text x="${left + panel.width / 2}" y="20" text-anchor="middle" font-size="13" font-weight="bold">${metric.title} (log scale)</text>`,
    );
    parts.push(`<rect x="${left}" y="${panel.top}" width="${panel.width}" height="${panel.height}" fill="none" stroke="#999"/>`);
    for (let exponent = yMin; exponent <= yMax; exponent++) {
      const value = 10 ** exponent;
      parts.push(`<line x1="${left}" x2="${left + panel.width}" y1="${y(value)}" y2="${y(value)}" stroke="#eee"/>`);
      parts.push(`<text x="${left - 4}" y="${y(value) + 4}" text-anchor="end">${metric.unit(value)}</text>`);
    }
    for (const accounts of accountSizes) {
      parts.push(`<text x="${x(accounts)}" y="${panel.top + panel.height + 14}" text-anchor="middle">${accounts}</text>`);
    }
    parts.push(`<text x="${left + panel.width / 2}" y="${panel.top + panel.height + 30}" text-anchor="middle">accounts</text>`);
    for (const { id, color } of CASES) {
      const points = measured.filter((row) => row.case === id).sort((a, b) => a.accounts - b.accounts);
      if (points.length === 0) {
        continue;
      }
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((row) => `${x(row.accounts).toFixed(1)},${y(metric.value(row)).toFixed(1)}`).join(' ')}"/>`,
      );
      for (const row of points) {
        const cross = !row.deployable;
        parts.push(
          cross
            ? `<text x="${x(row.accounts)}" y="${y(metric.value(row)) + 4}" text-anchor="middle" fill="${color}" font-weight="bold">×</text>`
            : `<circle cx="${x(row.accounts)}" cy="${y(metric.value(row))}" r="3" fill="${color}"/>`,
        );
      }
    }
  });
  CASES.forEach(({ label, color }, index) => {
    const column = index % 3;
    const row = Math.floor(index / 3);
    parts.push(`<rect x="${70 + column * 280}" y="${height - 34 + row * 16}" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${84 + column * 280}" y="${height - 25 + row * 16}">${label}</text>`);
  });
  parts.push(`<text x="${width - 10}" y="${height - 4}" text-anchor="end" fill="#666">× = not deployable (CloudFormation or IAM limit)</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

async function main() {
  const smoke = process.env.SMOKE === '1';
  const accountSizes = sizes('SIZES', smoke ? '1,10' : '1,10,100,1000,5000');
  const applySizes = sizes('APPLY_SIZES', smoke ? '20' : '100,1000,5000');
  const runs = Number(process.env.RUNS ?? (smoke ? 1 : 3));
  const putRate = Number(process.env.PUT_RATE ?? 100);
  const outdir = smoke ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-')) : __dirname;
  const started = Date.now();

  const synthRows: SynthRow[] = [];
  for (const { id } of CASES) {
    let refusedAt: number | undefined;
    for (const accounts of accountSizes) {
      if (refusedAt !== undefined) {
        synthRows.push({
          case: id,
          accounts,
          milliseconds: 0,
          peakMemoryMb: 0,
          bytes: 0,
          resources: Number.NaN,
          deployable: false,
          runs: 0,
          skipped: `refused at synth already at ${refusedAt} accounts`,
        });
        continue;
      }
      const row = measureSynth(id, accounts, runs);
      console.error(
        `${id} ${accounts}: ${row.milliseconds} ms, ${row.peakMemoryMb} MB, ${row.bytes} B, ${row.resources} resources, ${row.deployable ? 'deployable' : row.reason}`,
      );
      synthRows.push(row);
      if (row.bytes === 0 && !row.deployable) {
        refusedAt = accounts;
      }
    }
  }

  const applyResults: ApplyResult[] = [await measureApply(applySizes, putRate)];
  console.error(applyMarkdown(applyResults[0]));
  // At AWS's real quotas: what users wait for (200 accounts: a 120 s bound; 10 in a smoke run).
  const realRate = await measureRealRate(Number(process.env.REAL_RATE_ACCOUNTS ?? (smoke ? 10 : 200)));
  console.error(realRateMarkdown(realRate));
  const bundle = path.join(__dirname, '..', 'assets', 'organization', 'organization-contacts.lambda', 'index.js');
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    versions: versions(),
    runsPerSynthMeasurement: runs,
    organizationHandlerBundleBytes: fs.statSync(bundle).size,
    synth: synthRows,
    apply: {
      putRatePerSecond: putRate,
      getRatePerSecond: putRate * 2,
      workers: 2,
      rows: applyResults.flatMap((result) => result.rows),
    },
    realRate,
    benchSeconds: Math.round((Date.now() - started) / 1000),
  };
  const applyRows = results.apply.rows;
  const markdown = [
    `Measured ${results.date.slice(0, 10)} on ${results.machine}; ${Object.entries(results.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    `Synth figures are the median of ${runs} runs, each in its own process.`,
    '',
    synthMarkdown(synthRows, accountSizes),
    '',
    `Apply: the organization handler against the local Account API server at ${putRate} PutAlternateContact/s and ${putRate * 2} GetAlternateContact/s (server side, 429 beyond), 2 workers, SQS and DynamoDB in moto_server; handler bundle ${formatBytes(results.organizationHandlerBundleBytes)}.`,
    '',
    `| Run | Accounts | Wall time | of which the coordinator (walks all ${Math.max(...applySizes)} accounts) | Lower bound (calls ÷ rate) | Ratio | Writes | Reads | Throttled (429, retried) | Lambda invocations |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...applyRows.map(
      (row) =>
        `| ${row.run} | ${row.accounts} | ${row.seconds} s | ${row.coordinatorSeconds} s | ${row.lowerBoundSeconds} s | ${row.ratio} | ${row.writes} | ${row.reads} | ${row.throttled} | ${row.lambdaInvocations} |`,
    ),
    '',
    realRateMarkdown(realRate),
  ].join('\n');
  fs.writeFileSync(path.join(outdir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(outdir, 'results.md'), `${markdown}\n`);
  fs.writeFileSync(path.join(outdir, 'chart.svg'), `${chart(synthRows, accountSizes)}\n`);
  if (!smoke) {
    writeBetweenMarkers(
      path.join(__dirname, '..', 'docs', 'benchmarks.md'),
      'bench',
      `${markdown}\n\n![Synth time and template size against the number of accounts](../bench/chart.svg)`,
    );
  }
  console.log(markdown);
  console.log(`\nWritten to ${outdir} in ${results.benchSeconds} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
