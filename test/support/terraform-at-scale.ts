/**
 * The Terraform `OrganizationContacts` at the sizes users have, through real terraform and the AWS provider, against
 * doubles as strict as AWS: the local Account API server with the Account Management API's request quotas (AM-7)
 * and a strict Organizations front (pages of 20, 10 calls a second: ORG-1, ORG-2) over moto. Played by
 * `test/tf/terraform-at-scale.scale.ts` (130 member accounts) and `bench/terraform-scale.ts` (1,000 and more).
 *
 * One play: apply the organization's SECURITY and OPERATIONS contacts, check every account, plan again (it must be
 * empty), then exclude one account and plan (with the default RETAIN, the plan must refuse to destroy, naming the
 * instance, and the account must keep its contacts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { AccountApiServer, RateLimit } from './account-api-server';
import { organizationsClient } from './clients';
import { OPERATIONS, SECURITY } from './contacts-fixtures';
import { createMotoOrganization } from './moto-organization';
import { MOTO_ACCOUNT_ID } from './moto-server';
import { StrictOrganizations } from './strict-organizations';
import { Terraform, writeConfiguration } from './terraform';
import { newLocalStack } from './tf-stacks';
import * as tf from '../../src/tf';

/** The Account Management API's request quotas for the calling account (AM-7; the defaults of `AccountApiRates`). */
export const ACCOUNT_API_QUOTAS: Readonly<Record<string, RateLimit>> = {
  GetAlternateContact: { ratePerSecond: 10, burst: 15 },
  PutAlternateContact: { ratePerSecond: 5, burst: 8 },
  DeleteAlternateContact: { ratePerSecond: 1, burst: 6 },
  GetContactInformation: { ratePerSecond: 10, burst: 15 },
  PutContactInformation: { ratePerSecond: 5, burst: 8 },
};

/** Organizations' request rate, all operations together (ORG-2), as bench:organizations-listing plays it. */
export const ORGANIZATIONS_RATE = { ratePerSecond: 10, burst: 10 };

export interface TerraformAtScale {
  /** Member accounts, and the management account (the provider's own) besides them. */
  readonly members: number;
  /** Contacts declared: two per account. */
  readonly contacts: number;
  readonly applySeconds: number;
  /** The second plan: its exit code with `-detailed-exitcode` (0: no changes) and how long it took. */
  readonly secondPlanExitCode: number | string;
  readonly secondPlanSeconds: number;
  /** PutAlternateContact answered 200, and answered 429 (the quota), during the apply. */
  readonly writes: number;
  /** GetAlternateContact answered 200 during the apply (the provider reads each contact after it writes it). */
  readonly applyReads: number;
  readonly writesThrottled: number;
  /** GetAlternateContact answered 200 and 429, apply and second plan together. */
  readonly reads: number;
  readonly readsThrottled: number;
  /** Organizations calls let through, and throttled, apply and second plan together. */
  readonly organizationsCalls: number;
  readonly organizationsThrottled: number;
  /** Accounts whose contacts are not the declared ones after the apply (account id and type). */
  readonly wrong: string[];
  /** The plan after excluding one account: its exit code, and whether it names the instance it refuses to destroy. */
  readonly exclusionPlanExitCode: number | string;
  readonly exclusionPlanNamesTheInstance: boolean;
  /** Whether the excluded account still holds both contacts after that plan. */
  readonly excludedKeepsContacts: boolean;
  /** The first lines of a failed command's output, for the report. */
  readonly failure?: string;
}

function configuration(endpoints: { account: string; organizations: string; sts: string }, excludeAccountIds: string[]): string {
  const stack = newLocalStack(endpoints);
  new tf.OrganizationContacts(stack, 'Organization', {
    security: SECURITY,
    operations: OPERATIONS,
    ...(excludeAccountIds.length > 0 ? { accountSelection: { excludeAccountIds } } : {}),
  });
  return Testing.synth(stack, true);
}

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

/** Plays the scenario on a fresh moto (no organization yet) with `members` member accounts. */
export async function playTerraformAtScale(motoEndpoint: string, members: number, log: (line: string) => void = () => {}): Promise<TerraformAtScale> {
  const memberAccountIds = await createMotoOrganization(organizationsClient(motoEndpoint), members);
  const local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds, rateLimits: { ...ACCOUNT_API_QUOTAS } });
  const front = await StrictOrganizations.start({ motoEndpoint, ...ORGANIZATIONS_RATE });
  try {
    const endpoints = { account: local.endpoint, organizations: front.endpoint, sts: motoEndpoint };
    const directory = writeConfiguration(configuration(endpoints, []));
    // The apply's bound at the write quota alone is contacts / 5 s: allow ten times that, and ten minutes at least.
    const terraform = new Terraform(directory, {}, Math.max(600, ((members + 1) * 2 * 10) / 5));
    await terraform.init();

    let started = Date.now();
    const applied = await terraform.exitCodeOf('apply', '-no-color', '-input=false', '-auto-approve');
    const applySeconds = seconds(started);
    log(`apply: exit ${applied.code} in ${applySeconds} s`);
    const count = (operation: string, status: number) =>
      local.requests.filter((request) => request.operation === operation && request.status === status).length;
    const writes = count('PutAlternateContact', 200);
    const writesThrottled = count('PutAlternateContact', 429);
    const applyReads = count('GetAlternateContact', 200);

    const accounts = [MOTO_ACCOUNT_ID, ...memberAccountIds];
    const holds = (accountId: string, type: 'SECURITY' | 'OPERATIONS') =>
      local.alternateContact(accountId, type)?.EmailAddress === (type === 'SECURITY' ? SECURITY : OPERATIONS).emailAddress;
    const wrong = accounts.flatMap((accountId) =>
      (['SECURITY', 'OPERATIONS'] as const).filter((type) => !holds(accountId, type)).map((type) => `${accountId} ${type}`),
    );

    started = Date.now();
    const secondPlan = await terraform.exitCodeOf('plan', '-no-color', '-input=false', '-detailed-exitcode');
    const secondPlanSeconds = seconds(started);
    log(`second plan: exit ${secondPlan.code} in ${secondPlanSeconds} s`);
    const reads = count('GetAlternateContact', 200);
    const readsThrottled = count('GetAlternateContact', 429);
    const organizationsCalls = Object.values(front.calls).reduce((sum, calls) => sum + calls, 0);
    const organizationsThrottled = front.throttled;

    const [excluded] = memberAccountIds;
    fs.writeFileSync(path.join(directory, 'cdk.tf.json'), configuration(endpoints, [excluded]));
    const exclusionPlan = await terraform.exitCodeOf('plan', '-no-color', '-input=false', '-detailed-exitcode');
    log(`plan after excluding ${excluded}: exit ${exclusionPlan.code}`);
    const failed = [applied, secondPlan].find((run) => run.code !== 0);
    return {
      members,
      contacts: accounts.length * 2,
      applySeconds,
      secondPlanExitCode: secondPlan.code,
      secondPlanSeconds,
      writes,
      applyReads,
      writesThrottled,
      reads,
      readsThrottled,
      organizationsCalls,
      organizationsThrottled,
      wrong,
      exclusionPlanExitCode: exclusionPlan.code,
      exclusionPlanNamesTheInstance:
        exclusionPlan.output.includes('Instance cannot be destroyed') && exclusionPlan.output.includes(`["${excluded}"]`),
      excludedKeepsContacts: holds(excluded, 'SECURITY') && holds(excluded, 'OPERATIONS'),
      ...(failed
        ? {
            failure: failed.output
              .split('\n')
              .filter((line) => /Error|error/.test(line))
              .slice(0, 5)
              .join('\n'),
          }
        : {}),
    };
  } finally {
    await front.stop();
    await local.stop();
  }
}
