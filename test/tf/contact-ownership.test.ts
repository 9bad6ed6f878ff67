/**
 * One owner per contact in the Terraform constructs, at synth, with the AWS CDK constructs' rule and messages: two
 * constructs that would both write one account's contact of a type are refused on the second, naming the first. The
 * account a construct without `accountId` writes is its provider's own account, which `OrganizationContacts` also
 * manages.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
import * as tf from '../../src/tf';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { newStack } from '../support/tf-stacks';

const [MEMBER, OTHER] = ['222233334444', '333344445555'];

/** The errors of synthesizing a stack declared by `build`, or []. */
function synthErrors(build: (stack: ReturnType<typeof newStack>) => void): string[] {
  const stack = newStack();
  build(stack);
  try {
    Testing.synth(stack, true);
    return [];
  } catch (error) {
    return String((error as Error).message)
      .split('\n')
      .filter((line) => line.includes('['));
  }
}

test("the packages' README example (own account and the organization) is refused: both would own the caller's SECURITY contact", () => {
  expect(
    synthErrors((stack) => {
      new tf.SecurityContacts(stack, 'Own', { security: SECURITY });
      new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, excludeAccountIds: ['999988887777'] });
    }),
  ).toEqual([
    expect.stringContaining(
      "[stack/Organization] it manages the provider's own account, whose SECURITY contact stack/Own declares: one owner per contact: " +
        "declare the caller's contacts in the organization construct (an accountOverrides entry for its id), or remove the other construct",
    ),
  ]);
});

test('declared after the organization, the own-account construct is the one refused', () => {
  expect(
    synthErrors((stack) => {
      new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY });
      new tf.SecurityContacts(stack, 'Own', { security: SECURITY });
    }),
  ).toEqual([expect.stringContaining("[stack/Own] SECURITY contact of the provider's own account is also declared by stack/Organization")]);
});

test.each([
  [
    'a member declared twice',
    (stack: ReturnType<typeof newStack>) => {
      new tf.SecurityContacts(stack, 'First', { security: SECURITY, accountId: MEMBER });
      new tf.SecurityContacts(stack, 'Second', { security: SECURITY, accountId: MEMBER });
    },
    `[stack/Second] SECURITY contact of account ${MEMBER} is already declared by stack/First`,
  ],
  [
    'the own account declared twice',
    (stack: ReturnType<typeof newStack>) => {
      new tf.AccountContactDetails(stack, 'First', { contactInformation: PRIMARY });
      new tf.AccountContactDetails(stack, 'Second', { contactInformation: PRIMARY });
    },
    "[stack/Second] PRIMARY contact of the provider's own account is already declared by stack/First",
  ],
  [
    'two OrganizationContacts',
    (stack: ReturnType<typeof newStack>) => {
      new tf.OrganizationContacts(stack, 'First', { security: SECURITY });
      new tf.OrganizationContacts(stack, 'Second', { security: SECURITY, billing: BILLING });
    },
    "[stack/Second] its scope meets stack/First's at every account of the organization, and both declare SECURITY: one owner per contact",
  ],
  [
    "a member's SecurityContacts beside the organization",
    (stack: ReturnType<typeof newStack>) => {
      new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, excludeAccountIds: [OTHER] });
      new tf.SecurityContacts(stack, 'Member', { security: SECURITY, accountId: MEMBER });
    },
    `[stack/Member] SECURITY contact of account ${MEMBER} is also declared by stack/Organization, whose scope covers it`,
  ],
  [
    "the organization declared after a member's SecurityContacts",
    (stack: ReturnType<typeof newStack>) => {
      new tf.SecurityContacts(stack, 'Member', { security: SECURITY, accountId: MEMBER });
      new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY });
    },
    `[stack/Organization] its scope covers account ${MEMBER}, whose SECURITY contact stack/Member declares`,
  ],
])('%s is refused at synth, naming the first owner', (_case, build, expected) => {
  const errors = synthErrors(build);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(expected);
});

test.each([
  [
    'a member the organization excludes',
    (stack: ReturnType<typeof newStack>) => {
      new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY, excludeAccountIds: [MEMBER] });
      new tf.SecurityContacts(stack, 'Member', { security: SECURITY, accountId: MEMBER });
    },
  ],
  [
    'types that do not meet: the organization declares no primary contact',
    (stack: ReturnType<typeof newStack>) => {
      new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY });
      new tf.AccountContactDetails(stack, 'Own', { contactInformation: PRIMARY });
    },
  ],
  [
    'the own account of another provider (an alias with other credentials)',
    (stack: ReturnType<typeof newStack>) => {
      const other = new AwsProvider(stack, 'other', { region: 'us-east-1', alias: 'other', profile: 'other-account' });
      new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY });
      new tf.SecurityContacts(stack, 'Own', { security: SECURITY, provider: other });
    },
  ],
  [
    'different members',
    (stack: ReturnType<typeof newStack>) => {
      new tf.SecurityContacts(stack, 'First', { security: SECURITY, accountId: MEMBER });
      new tf.SecurityContacts(stack, 'Second', { security: SECURITY, accountId: OTHER });
    },
  ],
])('%s: accepted', (_case, build) => {
  expect(synthErrors(build)).toEqual([]);
});
