/**
 * Benchmark: time and API calls for OrganizationContacts to converge N accounts (SECURITY, BILLING, OPERATIONS)
 * from empty, and to re-check them unchanged, against the local Account API server with a fixed server-side rate
 * limit (scaled up from AWS's 5 writes/s so the run takes minutes: the ratio to the lower bound is what counts).
 * The handler runs as in Lambda: the coordinator queues one SQS message per account (moto_server), two
 * consumers ("maximum concurrency 2") each take half of the organization-wide rate.
 *
 * Run with `npx projen bench:organization` (ACCOUNTS=5000 PUT_RATE=100 by default); writes
 * bench/organization-results.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { handleOrganizationEvent } from '../src/organization/organization-handler';
import { CustomResourceEvent } from '../src/runtime/cloudformation-custom-resource';
import { UnitLayout } from '../test/support/moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer } from '../test/support/moto-server';
import { OrganizationHarness } from '../test/support/organization-harness';
import { ResponseRecorder } from '../test/support/response-recorder';

const TYPES = ['SECURITY', 'BILLING', 'OPERATIONS'];
const contact = (name: string) => ({ name, title: 'Team', emailAddress: `${name.toLowerCase()}@example.com`, phoneNumber: '+1 206 555 0100' });

/** N - 1 members: a fifth in the root, the rest in four units, each with a nested unit. */
function layout(members: number): { root: number; units: UnitLayout[] } {
  const perUnit = Math.floor((members * 0.8) / 8);
  const units = Array.from({ length: 4 }, (_, index) => ({
    name: `unit-${index}`,
    accounts: perUnit,
    units: [{ name: `unit-${index}-nested`, accounts: perUnit }],
  }));
  return { root: members - perUnit * 8, units };
}

/** One measured run: converge from empty, or re-check unchanged accounts. */
export interface ApplyMeasurement {
  readonly run: string;
  readonly accounts: number;
  readonly seconds: number;
  readonly coordinatorSeconds: number;
  readonly lowerBoundSeconds: number;
  readonly ratio: number;
  readonly writes: number;
  readonly reads: number;
  readonly throttled: number;
  readonly organizationsCalls: number;
  readonly lambdaInvocations: number;
  readonly response: string;
}

export interface ApplyResult {
  readonly machine: string;
  readonly putRatePerSecond: number;
  readonly getRatePerSecond: number;
  readonly workers: number;
  readonly rows: ApplyMeasurement[];
}

/**
 * Builds an organization of `accounts` accounts in moto and measures a first apply and a re-check through the
 * organization handler, at `putRate` writes/s and twice that in reads/s (server side).
 */
/**
 * Builds one organization of the largest size in moto, then for each size N measures a first apply and a
 * re-check of N of its accounts (the management account and N - 1 members, named in `accountIds`) through the
 * organization handler, at `putRate` writes/s and twice that in reads/s (server side). The coordinator walks the
 * whole organization each time, as it would in AWS.
 */
export async function measureApply(accountSizes: number[], putRate: number, batchSize = 10): Promise<ApplyResult> {
  const largest = Math.max(...accountSizes);
  const getRate = putRate * 2;
  const workers = 2;
  const moto = await MotoServer.start();
  const recorder = await ResponseRecorder.start();
  const harness = await OrganizationHarness.start(moto, {
    rateLimits: {
      PutAlternateContact: { ratePerSecond: putRate, burst: Math.ceil(putRate / 10) },
      GetAlternateContact: { ratePerSecond: getRate, burst: Math.ceil(getRate / 10) },
    },
  });
  try {
    const built = layout(largest - 1);
    const buildStarted = Date.now();
    const organization = await harness.buildOrganization(built.root, built.units);
    console.error(`organization of ${largest} accounts built in moto in ${((Date.now() - buildStarted) / 1000).toFixed(1)} s`);
    const accountIds = [MOTO_ACCOUNT_ID, ...organization.memberAccountIds];
    // The organization-wide rate, 5 % under the server's, shared by the workers.
    const workerRates = {
      PutAlternateContact: { perSecond: (putRate * 0.95) / workers, burst: Math.max(1, Math.floor(putRate / 10 / workers)) },
      GetAlternateContact: { perSecond: (getRate * 0.95) / workers, burst: Math.max(1, Math.floor(getRate / 10 / workers)) },
    };

    const run = async (requestType: 'Create' | 'Update', accounts: number) => {
      const key = `declaration-${accounts}.json`;
      harness.declarations.set(key, {
        version: 1,
        constructPath: 'Bench/OrganizationContacts',
        defaults: { security: contact('Security'), billing: contact('Billing'), operations: contact('Operations') },
        accountIds: accountIds.slice(0, accounts),
        excludeAccountIds: [],
        organizationalUnitOverrides: [],
        accountOverrides: [],
      });
      const before = { ...countRequests(harness) };
      const invocationsBefore = harness.invocations;
      const event: CustomResourceEvent = {
        RequestType: requestType,
        ServiceToken: 'bench',
        ResponseURL: recorder.url,
        StackId: 'bench',
        RequestId: `bench-${requestType}-${accounts}`,
        LogicalResourceId: 'OrganizationContacts',
        ResourceType: 'Custom::OrganizationContacts',
        PhysicalResourceId: requestType === 'Create' ? undefined : 'organization-contacts/OrganizationContacts',
        ResourceProperties: {
          ConstructPath: 'Bench/OrganizationContacts',
          DeclarationKey: key,
          WaitSeconds: '3300',
          FailOnAccountErrors: 'true',
          RemovalPolicy: 'RETAIN',
        },
      };
      const started = Date.now();
      const coordinator = harness.context();
      await handleOrganizationEvent(event, coordinator, { currentDeclarationKey: key });
      const queuedSeconds = (Date.now() - started) / 1000;
      const contexts = Array.from({ length: workers }, () => harness.context({ rates: workerRates }));
      await harness.drain({ contexts, batchSize, timeoutMs: 3_600_000, visibilityTimeoutSeconds: 1200 });
      const seconds = (Date.now() - started) / 1000;
      const after = countRequests(harness);
      const calls = Object.fromEntries(Object.entries(after).map(([name, value]) => [name, value - (before[name] ?? 0)]));
      const response = recorder.responses.at(-1)!;
      const writes = calls['PutAlternateContact 200'] ?? 0;
      const reads = (calls['GetAlternateContact 200'] ?? 0) + (calls['GetAlternateContact 404'] ?? 0);
      const lowerBound = Math.max(writes / putRate, reads / getRate);
      return {
        run: requestType === 'Create' ? 'first apply (from empty)' : 're-check (unchanged)',
        accounts,
        seconds: Math.round(seconds * 10) / 10,
        coordinatorSeconds: Math.round(queuedSeconds * 10) / 10,
        lowerBoundSeconds: Math.round(lowerBound * 10) / 10,
        ratio: Math.round((seconds / lowerBound) * 100) / 100,
        writes,
        reads,
        throttled: (calls['PutAlternateContact 429'] ?? 0) + (calls['GetAlternateContact 429'] ?? 0),
        organizationsCalls: Object.values(coordinator.directory.callCounts).reduce((sum, count) => sum + count, 0),
        lambdaInvocations: harness.invocations - invocationsBefore + 1,
        response: `${response.Status} ${JSON.stringify(response.Data ?? response.Reason)}`,
      };
    };
    const rows: ApplyMeasurement[] = [];
    // Smallest first: each size's accounts start without contacts beyond the previous size's.
    for (const accounts of [...accountSizes].sort((a, b) => a - b)) {
      const written = rows.length === 0 ? 0 : rows.at(-2)!.accounts;
      const fresh = accounts - written;
      const create = await run('Create', accounts);
      rows.push({ ...create, run: written > 0 ? `first apply (${fresh} from empty, ${written} unchanged)` : 'first apply (from empty)' });
      rows.push(await run('Update', accounts));
      for (const accountId of accountIds.slice(0, accounts)) {
        for (const type of TYPES) {
          if (!harness.accountServer.alternateContact(accountId, type)) {
            throw new Error(`account ${accountId} has no ${type} contact after the run`);
          }
        }
      }
    }
    return { machine: machine(), putRatePerSecond: putRate, getRatePerSecond: getRate, workers, rows };
  } finally {
    await harness.stop();
    await recorder.stop();
    await moto.stop();
  }
}

function countRequests(harness: OrganizationHarness): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of harness.accountServer.requests) {
    const key = `${request.operation} ${request.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function applyMarkdown(result: ApplyResult): string {
  const lines = [
    `Rate limit: ${result.putRatePerSecond} PutAlternateContact/s, ${result.getRatePerSecond} GetAlternateContact/s (server side, 429 beyond)`,
    '',
    '| Run | Accounts | Wall time | Lower bound | Ratio | Writes | Reads | Throttled (429, retried) | Lambda invocations |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map(
      (row) =>
        `| ${row.run} | ${row.accounts} | ${row.seconds} s | ${row.lowerBoundSeconds} s | ${row.ratio} | ${row.writes} | ${row.reads} | ${row.throttled} | ${row.lambdaInvocations} |`,
    ),
  ];
  return lines.join('\n');
}

async function main() {
  const sizes = (process.env.ACCOUNTS ?? '5000').split(',').map(Number);
  const result = await measureApply(sizes, Number(process.env.PUT_RATE ?? 100), Number(process.env.BATCH_SIZE ?? 10));
  fs.writeFileSync(path.join(__dirname, 'organization-results.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(applyMarkdown(result));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
