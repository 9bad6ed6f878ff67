/**
 * Benchmark: the organization function's walk (ListRoots, ListAccountsForParent, ListChildren) and the command's
 * listing (ListAccounts) of ACCOUNTS accounts (default 5000) through an Organizations that pages by 20 and
 * throttles at RATE calls per second (default 10, burst 10) as AWS does (test/support/strict-organizations.ts in
 * front of moto_server), against their lower bound: the calls they must make, at that rate.
 *
 * Run with `npx projen bench:organizations-listing`; writes bench/organizations-listing-results.json and the
 * README's table between its markers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeBetweenMarkers } from './markers';
import { organizationAccounts } from '../src/cli/account-list';
import { OrganizationDirectory } from '../src/runtime/organization-directory';
import { DEFAULT_RETRY_OPTIONS } from '../src/runtime/retry';
import { organizationsClient } from '../test/support/clients';
import { buildMotoOrganization } from '../test/support/moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer } from '../test/support/moto-server';
import { StrictOrganizations } from '../test/support/strict-organizations';

interface Row {
  readonly run: string;
  readonly accounts: number;
  readonly calls: number;
  readonly throttled: number;
  readonly seconds: number;
  readonly lowerBoundSeconds: number;
}

async function main(): Promise<void> {
  const accounts = Number(process.env.ACCOUNTS ?? 5000);
  const rate = Number(process.env.RATE ?? 10);
  const moto = await MotoServer.start({ accountId: MOTO_ACCOUNT_ID });
  try {
    // A fifth in the root, the rest in four units each with a nested unit (as bench/organization.ts).
    const perUnit = Math.floor(((accounts - 1) * 0.8) / 8);
    const units = Array.from({ length: 4 }, (_, index) => ({
      name: `unit-${index}`,
      accounts: perUnit,
      units: [{ name: `unit-${index}-nested`, accounts: perUnit }],
    }));
    const built = Date.now();
    await buildMotoOrganization(organizationsClient(moto.endpoint), accounts - 1 - perUnit * 8, units);
    process.stderr.write(`organization of ${accounts} accounts built in moto in ${Math.round((Date.now() - built) / 1000)} s\n`);

    const rows: Row[] = [];
    const measure = async (run: string, work: (endpoint: string) => Promise<number>) => {
      const front = await StrictOrganizations.start({ motoEndpoint: moto.endpoint, ratePerSecond: rate, burst: rate });
      const started = Date.now();
      const found = await work(front.endpoint);
      const calls = Object.values(front.calls).reduce((sum, count) => sum + count, 0);
      rows.push({
        run,
        accounts: found,
        calls,
        throttled: front.throttled,
        seconds: (Date.now() - started) / 1000,
        lowerBoundSeconds: Math.max(0, (calls - rate) / rate),
      });
      await front.stop();
    };
    // The function's retries are the defaults of the deployed function.
    await measure(
      "the organization function's walk",
      async (endpoint) => (await new OrganizationDirectory(organizationsClient(endpoint), DEFAULT_RETRY_OPTIONS).listAccounts()).length,
    );
    await measure(
      "the command's listing (audit --organization)",
      async (endpoint) => (await organizationAccounts(organizationsClient(endpoint), MOTO_ACCOUNT_ID)).length,
    );

    const result = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`, ratePerSecond: rate, rows };
    fs.writeFileSync(path.join(__dirname, 'organizations-listing-results.json'), `${JSON.stringify(result, null, 2)}\n`);
    const table = [
      `| Through Organizations paging by 20 and throttling at ${rate} calls/s | accounts | calls | throttled (retried) | time | lower bound |`,
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (row) =>
          `| ${row.run} | ${row.accounts} | ${row.calls} | ${row.throttled} | ${row.seconds.toFixed(1)} s | ${row.lowerBoundSeconds.toFixed(1)} s |`,
      ),
    ].join('\n');
    if (process.env.SMOKE !== '1') {
      writeBetweenMarkers(path.join(__dirname, '..', 'README.md'), 'organizations-listing', table);
    }
    process.stdout.write(`${table}\n`);
  } finally {
    await moto.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
