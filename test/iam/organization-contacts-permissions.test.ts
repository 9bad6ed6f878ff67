/**
 * The `OrganizationContacts` role's Account Management permissions, evaluated: the synthesized policies go through
 * the tests' IAM evaluator (explicit Deny wins, resources and the condition keys AWS sets on each call), and each
 * case asks what a call on a given account would be answered, not which names the policy holds.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContactRemoval, OrganizationContacts, OrganizationContactsProps } from '../../src';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { Decision, PolicyDocument, evaluatePolicies } from '../support/iam-policy';

const OWN = '111122223333';
const MANAGEMENT = '999988887777';
const ORGANIZATION = 'o-abcdefghij';
const ROOT = 'r-ab12';
const [IN_LIST, OUT_OF_LIST, EXCLUDED] = ['222222222222', '333333333333', '444444444444'];
const [PAYMENTS, PAYMENTS_EU, SANDBOX] = ['ou-ab12-payments', 'ou-ab12-paymenteu', 'ou-ab12-sandboxes'];

/** The role's policies as CloudFormation resolves them in partition `aws`. */
function rolePolicies(props: Partial<OrganizationContactsProps>, account = OWN): PolicyDocument[] {
  const stack = new Stack(new App(), 'Stack', { env: { account, region: 'us-east-1' } });
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY, billing: BILLING, ...props });
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(resolve);
    }
    if (value && typeof value === 'object') {
      const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      if (join) {
        return join[1]
          .map((part) => ((part as { Ref?: string })?.Ref === 'AWS::Partition' ? 'aws' : typeof part === 'string' ? part : '<token>'))
          .join(join[0]);
      }
      const keys = Object.keys(value);
      if (keys.length === 1 && /^(Fn::|Ref$)/.test(keys[0])) {
        // Another resource's ARN (the table, the queue, the log group): never an account.
        return `arn:aws:other:::${JSON.stringify(value)}`;
      }
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
    }
    return value;
  };
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy')).map(
    (policy) => resolve(policy.Properties.PolicyDocument) as PolicyDocument,
  );
}

interface Call {
  readonly action: string;
  /** The target account; the caller's own (no AccountId) when it is the stack's account. */
  readonly accountId: string;
  /** Where the target sits: units from the root down. @default at the root */
  readonly units?: string[];
  readonly type?: string;
  /** The stack's (caller's) account. @default OWN */
  readonly caller?: string;
}

/** What IAM answers the call: the resource ARN and the condition keys as AWS sets them. */
function decide(policies: PolicyDocument[], call: Call): Decision {
  const caller = call.caller ?? OWN;
  const standalone = call.accountId === caller;
  return evaluatePolicies(policies, {
    action: call.action,
    resource: standalone ? `arn:aws:account::${caller}:account` : `arn:aws:account::${MANAGEMENT}:account/${ORGANIZATION}/${call.accountId}`,
    context: {
      ...(call.type ? { 'account:AlternateContactTypes': [call.type] } : {}),
      // Set for a member account managed with AccountId: its path through the organization.
      ...(standalone
        ? {}
        : { 'account:AccountResourceOrgPaths': [`${ORGANIZATION}/${ROOT}/${(call.units ?? []).map((unit) => `${unit}/`).join('')}`] }),
    },
  });
}

const put = (accountId: string, extra: Partial<Call> = {}): Call => ({
  action: 'account:PutAlternateContact',
  accountId,
  type: 'SECURITY',
  ...extra,
});

test('the whole organization: every member account and the own account, for the declared types only', () => {
  const policies = rolePolicies({ runs: { managementAccountId: MANAGEMENT } }, MANAGEMENT);
  expect(decide(policies, put(IN_LIST))).toBe('ALLOW');
  expect(decide(policies, put(MANAGEMENT, { caller: MANAGEMENT }))).toBe('ALLOW');
  expect(decide(policies, put(IN_LIST, { type: 'OPERATIONS' }))).toBe('IMPLICIT_DENY');
  expect(decide(policies, { action: 'account:GetAlternateContact', accountId: OUT_OF_LIST, type: 'BILLING' })).toBe('ALLOW');
  // Deletes only under DESTROY; the primary contact only when declared.
  expect(decide(policies, { ...put(IN_LIST), action: 'account:DeleteAlternateContact' })).toBe('IMPLICIT_DENY');
  expect(decide(policies, { action: 'account:PutContactInformation', accountId: IN_LIST })).toBe('IMPLICIT_DENY');
  const destroying = rolePolicies(
    {
      runs: { managementAccountId: MANAGEMENT },
      removal: ContactRemoval.DESTROY,
      contactInformation: PRIMARY,
    },
    MANAGEMENT,
  );
  expect(decide(destroying, { ...put(IN_LIST), action: 'account:DeleteAlternateContact' })).toBe('ALLOW');
  expect(decide(destroying, { action: 'account:PutContactInformation', accountId: IN_LIST })).toBe('ALLOW');
});

test('accountIds: writes only on the listed accounts; reads stay', () => {
  const policies = rolePolicies({
    accountSelection: { accountIds: [IN_LIST, OWN] },
    removal: ContactRemoval.DESTROY,
    contactInformation: PRIMARY,
  });
  for (const action of ['account:PutAlternateContact', 'account:DeleteAlternateContact']) {
    expect(decide(policies, { ...put(IN_LIST), action })).toBe('ALLOW');
    expect(decide(policies, { ...put(OUT_OF_LIST), action })).toBe('IMPLICIT_DENY');
  }
  expect(decide(policies, { action: 'account:PutContactInformation', accountId: OUT_OF_LIST })).toBe('IMPLICIT_DENY');
  expect(decide(policies, { action: 'account:PutContactInformation', accountId: IN_LIST })).toBe('ALLOW');
  expect(decide(policies, put(OWN))).toBe('ALLOW');
  expect(decide(policies, { action: 'account:GetAlternateContact', accountId: OUT_OF_LIST, type: 'SECURITY' })).toBe('ALLOW');
  // The own account, not listed: no write.
  expect(decide(rolePolicies({ accountSelection: { accountIds: [IN_LIST] } }), put(OWN))).toBe('IMPLICIT_DENY');
});

test('organizationalUnitIds: writes only on member accounts under the units, at any depth (account:AccountResourceOrgPaths)', () => {
  const policies = rolePolicies(
    {
      accountSelection: { organizationalUnitIds: [PAYMENTS] },
      runs: { managementAccountId: MANAGEMENT },
    },
    MANAGEMENT,
  );
  expect(decide(policies, put(IN_LIST, { units: [PAYMENTS], caller: MANAGEMENT }))).toBe('ALLOW');
  expect(decide(policies, put(IN_LIST, { units: [PAYMENTS, PAYMENTS_EU], caller: MANAGEMENT }))).toBe('ALLOW');
  expect(decide(policies, put(OUT_OF_LIST, { units: [SANDBOX], caller: MANAGEMENT }))).toBe('IMPLICIT_DENY');
  expect(decide(policies, put(OUT_OF_LIST, { units: [SANDBOX, PAYMENTS_EU], caller: MANAGEMENT }))).toBe('IMPLICIT_DENY');
  expect(decide(policies, put(OUT_OF_LIST, { caller: MANAGEMENT }))).toBe('IMPLICIT_DENY');
  // The management account sits in no unit: out of this scope.
  expect(decide(policies, put(MANAGEMENT, { caller: MANAGEMENT }))).toBe('IMPLICIT_DENY');
});

test('excludeAccountIds and, from a delegated administrator, the management account: an explicit Deny', () => {
  const policies = rolePolicies({
    accountSelection: { excludeAccountIds: [EXCLUDED] },
    runs: { managementAccountId: MANAGEMENT },
    removal: ContactRemoval.DESTROY,
    contactInformation: PRIMARY,
  });
  for (const action of ['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation']) {
    expect(decide(policies, { ...put(EXCLUDED), action })).toBe('EXPLICIT_DENY');
    expect(decide(policies, { ...put(MANAGEMENT), action })).toBe('EXPLICIT_DENY');
    expect(decide(policies, { ...put(IN_LIST), action })).toBe('ALLOW');
  }
});

test('ContactRemoval.RESTORE_PREVIOUS: accounts leaving the scope are written back, so writes are not narrowed (the management account stays denied)', () => {
  const policies = rolePolicies({
    accountSelection: { accountIds: [IN_LIST], excludeAccountIds: [EXCLUDED] },
    removal: ContactRemoval.RESTORE_PREVIOUS,
    runs: { managementAccountId: MANAGEMENT },
  });
  expect(decide(policies, put(OUT_OF_LIST))).toBe('ALLOW');
  expect(decide(policies, { ...put(EXCLUDED), action: 'account:DeleteAlternateContact' })).toBe('ALLOW');
  expect(decide(policies, put(MANAGEMENT))).toBe('EXPLICIT_DENY');
});
