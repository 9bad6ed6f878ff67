/**
 * The Terraform `OrganizationContacts` at 130 member accounts (a size users have), through real terraform against
 * doubles that enforce AWS's quotas: the Account Management API's request rates (Put 5/s, Get 10/s) and
 * Organizations' pages of 20 at 10 calls a second. The apply converges with every contact written once, the next
 * plan is empty, and excluding an account plans no destroy. The same scenario at 1,000 accounts is
 * `bench/terraform-scale.ts` (docs/benchmarks.md). It runs alone (`npx projen test:scale`, a step of CI of its own), not
 * in `npm test`: minutes of terraform beside the scaled-down Lambda timeouts of the timing tests crowd them out.
 */
import { useMotoServer } from '../support/moto-server';
import { playTerraformAtScale } from '../support/terraform-at-scale';

jest.setTimeout(900_000);

const moto = useMotoServer();

test('130 member accounts: applied within the quotas, every contact written once, an empty second plan, an exclusion destroys nothing', async () => {
  const played = await playTerraformAtScale(moto.endpoint, 130, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(played)}\n`);

  expect(played.failure).toBeUndefined();
  expect(played.wrong).toEqual([]);
  // The quota was reached and the provider waited it out: each of the 262 contacts written exactly once.
  expect(played.writesThrottled).toBeGreaterThan(0);
  expect(played.writes).toBe(played.contacts);
  expect(played.secondPlanExitCode).toBe(0);
  // RETAIN: the plan refuses to destroy the excluded account's contacts, names the instance, and they stay.
  expect(played.exclusionPlanExitCode).toBe(1);
  expect(played.exclusionPlanNamesTheInstance).toBe(true);
  expect(played.excludedKeepsContacts).toBe(true);
});
