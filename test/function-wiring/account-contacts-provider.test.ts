/**
 * The per-account constructs of a stack share one function and its role: IAM's 10,240 characters of inline policy per
 * role bound how many fit. Synth refuses the construct that crosses the quota, naming it and the way out, instead of a
 * deployment that fails; the stack just below it deploys through every quota the simulator enforces.
 */
import { App, Stack } from 'aws-cdk-lib';
import { AccountContactDetails, SecurityContacts } from '../../src';
import { deploymentRefusals, largestPolicy } from '../support/aws-quotas';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { resolveTemplate } from '../support/template-resolver';

const accountId = (index: number) => String(200000000000 + index);

/** A stack with `count` constructs; what synth says, and what the resolved template meets. */
function synth(count: number, add: (stack: Stack, index: number) => void) {
  const app = new App({ context: { 'aws:cdk:validation': false } });
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
  for (let index = 0; index < count; index++) {
    add(stack, index);
  }
  try {
    const template = app.synth().getStackByName('Stack').template;
    const resources = resolveTemplate(template, 'Stack', '111122223333');
    return { refusals: deploymentRefusals(resources, template), inline: largestPolicy(resources).characters };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const securityOnly = (stack: Stack, index: number) =>
  new SecurityContacts(stack, `Account${index}`, { accountId: accountId(index), security: SECURITY });
const threeTypes = (stack: Stack, index: number) =>
  new SecurityContacts(stack, `Account${index}`, { accountId: accountId(index), security: SECURITY, billing: BILLING, operations: OPERATIONS });

test.each([
  ['SecurityContacts of one type', 60, securityOnly],
  ['SecurityContacts of three types', 30, threeTypes],
  [
    'AccountContactDetails',
    300,
    (stack: Stack, index: number) =>
      new AccountContactDetails(stack, `Account${index}`, { accountId: accountId(index), contactInformation: PRIMARY }),
  ],
])('%s: synth refuses the construct that takes the role past 10,240 characters; one fewer deploys', (_name, count, add) => {
  const refused = synth(count, add);
  const crossing = Number(refused.error?.match(/\[Stack\/Account(\d+)\] the contact constructs of stack Stack share one function/)?.[1]);
  expect(refused.error).toContain('Use OrganizationContacts for many accounts');
  // Only the crossing construct is named, once.
  expect(refused.error?.match(/share one function/g)).toHaveLength(1);
  expect(crossing).toBeGreaterThan(5);

  const fits = synth(crossing, add);
  expect(fits.error).toBeUndefined();
  expect(fits.refusals).toEqual([]);
  // The check measures at the longest each reference can be, and still lets the role fill most of its quota.
  expect(fits.inline).toBeGreaterThan(10_240 * 0.8);
  expect(fits.inline).toBeLessThanOrEqual(10_240);
});
