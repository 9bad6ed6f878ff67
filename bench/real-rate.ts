/**
 * Benchmark at AWS's real quotas: OrganizationContacts converging N accounts × 3 contact types from empty, with
 * the local Account API server limited as AWS limits the calling account (PutAlternateContact 5/s burst 8,
 * GetAlternateContact 10/s burst 15; 429 beyond) and the workers' rates as the construct computes them from its
 * defaults (divideAmongWorkers, 2 workers). The bound is what users wait for: max(writes ÷ 5, reads ÷ 10).
 *
 * The wall time is split on the run's timeline: the coordinator (until every account is queued), the queue
 * (until the first Account API call), the API (first to last call: what the quota dictates) and the results
 * (last call until the run is complete: recording, the summary, the answer).
 *
 * Run with `npx projen bench:real-rate` (ACCOUNTS=200 by default); writes bench/real-rate-results.json and the
 * table in docs/benchmarks.md between <!-- bench-real-rate:start --> and <!-- bench-real-rate:end -->.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeBetweenMarkers } from './markers';
import { machine } from './organization';
import { DEFAULT_OPERATION_RATES, divideAmongWorkers } from '../src/contacts/api-quotas';
import { handleOrganizationEvent } from '../src/organization/organization-handler';
import { CustomResourceEvent } from '../src/runtime/cloudformation-custom-resource';
import { MOTO_ACCOUNT_ID, MotoServer } from '../test/support/moto-server';
import { OrganizationHarness } from '../test/support/organization-harness';
import { ResponseRecorder } from '../test/support/response-recorder';

const TYPES = ['SECURITY', 'BILLING', 'OPERATIONS'];
const contact = (name: string) => ({ name, title: 'Team', emailAddress: `${name.toLowerCase()}@example.com`, phoneNumber: '+1 206 555 0100' });
const WORKERS = 2;

export interface RealRateResult {
  readonly machine: string;
  readonly accounts: number;
  readonly writes: number;
  readonly reads: number;
  readonly lowerBoundSeconds: number;
  readonly seconds: number;
  readonly ratio: number;
  readonly phases: { readonly coordinator: number; readonly queue: number; readonly api: number; readonly results: number };
  readonly throttled: number;
  readonly failedAccounts: number;
  readonly duplicateWrites: number;
  readonly response: string;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function measureRealRate(accounts: number): Promise<RealRateResult> {
  const quota = (operation: string) => ({
    ratePerSecond: DEFAULT_OPERATION_RATES[operation].perSecond,
    burst: DEFAULT_OPERATION_RATES[operation].burst,
  });
  const moto = await MotoServer.start();
  const recorder = await ResponseRecorder.start();
  const harness = await OrganizationHarness.start(moto, {
    rateLimits: { PutAlternateContact: quota('PutAlternateContact'), GetAlternateContact: quota('GetAlternateContact') },
  });
  try {
    const organization = await harness.buildOrganization(accounts - 1);
    const accountIds = [MOTO_ACCOUNT_ID, ...organization.memberAccountIds];
    const key = 'declaration.json';
    harness.declarations.set(key, {
      version: 1,
      constructPath: 'Bench/OrganizationContacts',
      defaults: { security: contact('Security'), billing: contact('Billing'), operations: contact('Operations') },
      excludeAccountIds: [],
      organizationalUnitOverrides: [],
      accountOverrides: [],
    });
    harness.accountServer.requests.length = 0;
    const event: CustomResourceEvent = {
      RequestType: 'Create',
      ServiceToken: 'bench',
      ResponseURL: recorder.url,
      StackId: 'bench',
      RequestId: 'bench-real-rate',
      LogicalResourceId: 'OrganizationContacts',
      ResourceType: 'Custom::OrganizationContacts',
      ResourceProperties: {
        ConstructPath: 'Bench/OrganizationContacts',
        DeclarationKey: key,
        WaitSeconds: '3300',
        FailOnAccountErrors: 'true',
        RemovalPolicy: 'RETAIN',
      },
    };
    // The workers' rates exactly as the construct computes them from its defaults.
    const workerRates = divideAmongWorkers({}, WORKERS);
    const started = Date.now();
    await handleOrganizationEvent(event, harness.context(), { currentDeclarationKey: key });
    const queued = Date.now();
    const contexts = Array.from({ length: WORKERS }, () => harness.context({ rates: workerRates }));
    await harness.drain({ contexts, batchSize: 10, timeoutMs: 3_600_000, visibilityTimeoutSeconds: 1200 });
    const finished = Date.now();

    const requests = harness.accountServer.requests;
    const times = requests.map((request) => request.at ?? 0).filter((at) => at > 0);
    const first = Math.min(...times);
    const last = Math.max(...times);
    const writes = requests.filter((request) => request.operation === 'PutAlternateContact' && request.status === 200);
    const reads = requests.filter((request) => request.operation === 'GetAlternateContact' && (request.status === 200 || request.status === 404));
    const unique = new Set(writes.map((request) => `${request.accountId ?? MOTO_ACCOUNT_ID}/${request.alternateContactType}`));
    const lowerBound = Math.max(
      writes.length / DEFAULT_OPERATION_RATES.PutAlternateContact.perSecond,
      reads.length / DEFAULT_OPERATION_RATES.GetAlternateContact.perSecond,
    );
    for (const accountId of accountIds) {
      for (const type of TYPES) {
        if (!harness.accountServer.alternateContact(accountId, type)) {
          throw new Error(`account ${accountId} has no ${type} contact after the run`);
        }
      }
    }
    const complete = harness.logged('run-complete').at(-1) ?? {};
    const response = recorder.responses.at(-1);
    const seconds = (finished - started) / 1000;
    return {
      machine: machine(),
      accounts,
      writes: writes.length,
      reads: reads.length,
      lowerBoundSeconds: round(lowerBound),
      seconds: round(seconds),
      ratio: round(seconds / lowerBound, 2),
      phases: {
        coordinator: round((queued - started) / 1000),
        queue: round((first - queued) / 1000),
        api: round((last - first) / 1000),
        results: round((finished - last) / 1000),
      },
      throttled: requests.filter((request) => request.status === 429).length,
      failedAccounts: Number((complete as Record<string, unknown>).failed ?? 0),
      duplicateWrites: writes.length - unique.size,
      response: response ? `${response.Status} ${JSON.stringify(response.Data ?? response.Reason)}` : '(no answer)',
    };
  } finally {
    await harness.stop();
    await recorder.stop();
    await moto.stop();
  }
}

export function realRateMarkdown(result: RealRateResult): string {
  const { phases } = result;
  return [
    `At AWS's real quotas (server side: PutAlternateContact 5/s burst 8, GetAlternateContact 10/s burst 15; the workers' rates the construct's defaults give ${WORKERS} workers), ${result.accounts} accounts × 3 types from empty, on ${result.machine}:`,
    '',
    '| Accounts | Writes | Reads | Lower bound max(writes ÷ 5, reads ÷ 10) | Wall time | Ratio | Coordinator | Queue | API (first to last call) | Results | Throttled (429, retried) | Failed accounts | Duplicate writes |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${result.accounts} | ${result.writes} | ${result.reads} | ${result.lowerBoundSeconds} s | ${result.seconds} s | ${result.ratio} | ${phases.coordinator} s | ${phases.queue} s | ${phases.api} s | ${phases.results} s | ${result.throttled} | ${result.failedAccounts} | ${result.duplicateWrites} |`,
  ].join('\n');
}

async function main() {
  const result = await measureRealRate(Number(process.env.ACCOUNTS ?? 200));
  const markdown = realRateMarkdown(result);
  console.log(markdown);
  if (process.env.SMOKE === '1') {
    return;
  }
  fs.writeFileSync(path.join(__dirname, 'real-rate-results.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeBetweenMarkers(path.join(__dirname, '..', 'docs', 'benchmarks.md'), 'bench-real-rate', markdown);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
