/**
 * Benchmark: wall time of `account-contacts audit --organization` for N accounts against the local Account API
 * server with a fixed server-side rate limit (scaled up from AWS's 10 reads/s so the run takes seconds), next to
 * the lower bound (reads ÷ rate limit). Run with `npx projen bench:audit` (ACCOUNTS=1000 RATE=200 by default).
 */
import { AccountApiServer } from '../test/support/account-api-server';
import { runCli } from '../test/support/cli';
import { organizationsClient } from '../test/support/clients';
import { createMotoOrganization } from '../test/support/moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer } from '../test/support/moto-server';

async function main() {
  const accounts = Number(process.env.ACCOUNTS ?? 1000);
  const rate = Number(process.env.RATE ?? 200);
  const moto = await MotoServer.start();
  try {
    const members = await createMotoOrganization(organizationsClient(moto.endpoint), accounts - 1);
    const limit = { ratePerSecond: rate, burst: Math.ceil(rate / 10) };
    const local = await AccountApiServer.start({
      callerAccountId: MOTO_ACCOUNT_ID,
      memberAccountIds: members,
      rateLimits: { GetAlternateContact: limit, GetContactInformation: limit },
    });
    try {
      for (const accountId of [MOTO_ACCOUNT_ID, ...members]) {
        local.seedAlternateContact(accountId, 'SECURITY', {
          Name: 'SOC',
          Title: 'Security',
          EmailAddress: 'security@example.com',
          PhoneNumber: '+1 206 555 0100',
        });
      }
      const started = Date.now();
      const result = await runCli(['--rate', String(rate * 0.95), '--concurrency', '32', 'audit', '--organization', '--format', 'json'], {
        account: local.endpoint,
        organizations: moto.endpoint,
        sts: moto.endpoint,
      });
      const seconds = (Date.now() - started) / 1000;
      const summary = JSON.parse(result.stdout).summary;
      const reads = local.count('GetAlternateContact') + local.count('GetContactInformation');
      const throttled = local.count('GetAlternateContact', 429) + local.count('GetContactInformation', 429);
      const lowerBound = Math.max((3 * accounts) / rate, accounts / rate);
      const row = {
        accounts: summary.accounts,
        rate,
        seconds,
        lowerBoundSeconds: lowerBound,
        ratio: seconds / lowerBound,
        apiReads: reads,
        throttled,
        exitCode: result.exitCode,
      };
      console.log(JSON.stringify(row));
    } finally {
      await local.stop();
    }
  } finally {
    await moto.stop();
  }
}

void main();
