/**
 * The `OrganizationContacts` role at the sizes users have (1 to 5,000 accounts listed or excluded, units listed),
 * with every contact kind declared: each template passes every AWS quota the deployment simulator enforces
 * (test/support/aws-quotas.ts), and IAM, evaluated on the resolved policies, denies an out-of-scope write wherever the
 * design says it does (src/iam/account-write-policies.ts): narrow up to about 1,000 accounts or 1,500 units, and
 * past that wider, with a warning that says so.
 */
import { ContactRemoval } from '../../src';
import { deploymentRefusals, largestPolicy } from '../support/aws-quotas';
import { OPERATIONS, PRIMARY } from '../support/contacts-fixtures';
import { MANAGEMENT, decide, put, synthesizeOrganizationContacts } from '../support/organization-role';

jest.setTimeout(120_000);

const SIZES = [1, 10, 130, 1000, 5000];
/** Past this many, the ARNs (or the Deny) no longer fit the role's managed policies. */
const NARROW_UP_TO = 1000;
/** Past this many excluded units, their organization paths no longer fit the Deny beside the writes. */
const UNIT_DENY_UP_TO = 1500;
const ALL_KINDS = { operations: OPERATIONS, contactInformation: PRIMARY, removal: ContactRemoval.DESTROY };
const WRITES = [
  { action: 'account:PutAlternateContact', type: 'SECURITY' },
  { action: 'account:PutAlternateContact', type: 'OPERATIONS' },
  { action: 'account:DeleteAlternateContact', type: 'BILLING' },
  { action: 'account:PutContactInformation' },
];
const accountIds = (count: number, first = 200000000000) => Array.from({ length: count }, (_, index) => String(first + index));
const unitIds = (count: number) => Array.from({ length: count }, (_, index) => `ou-ab12-${String(10000000 + index)}`);
const OUTSIDER = '399999999999';

function deployable(synthesized: ReturnType<typeof synthesizeOrganizationContacts>): void {
  expect(deploymentRefusals(synthesized.resources, synthesized.template)).toEqual([]);
  expect(largestPolicy(synthesized.resources).characters).toBeLessThanOrEqual(6_144);
}

const warningIds = (synthesized: ReturnType<typeof synthesizeOrganizationContacts>) => synthesized.warnings.map((warning) => warning.id);

describe.each(SIZES)('%d', (size) => {
  const narrow = size <= NARROW_UP_TO;

  test('accountIds: deploys; every listed account is writable; another is denied while the ARNs fit, allowed with a warning past that', () => {
    const listed = accountIds(size);
    const synthesized = synthesizeOrganizationContacts({ ...ALL_KINDS, accountSelection: { accountIds: listed } });
    deployable(synthesized);
    for (const write of WRITES) {
      for (const accountId of [listed[0], listed[listed.length - 1]]) {
        expect(decide(synthesized.policies, { ...write, accountId })).toBe('ALLOW');
      }
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER })).toBe(narrow ? 'IMPLICIT_DENY' : 'ALLOW');
    }
    // A type that is not declared stays denied at every size.
    expect(decide(synthesized.policies, put(listed[0], { type: 'NOT_DECLARED' }))).toBe('IMPLICIT_DENY');
    if (narrow) {
      expect(warningIds(synthesized)).not.toContain('cdk-account-contacts:accountWritesWidened');
    } else {
      const warning = synthesized.warnings.find((candidate) => candidate.id === 'cdk-account-contacts:accountWritesWidened');
      expect(warning?.message).toContain(`accountSelection.accountIds: ${size.toLocaleString('en-US')} accounts do not fit`);
      expect(warning?.message).toContain('every account of the organization');
    }
  });

  test('excludeAccountIds: deploys; every excluded account is denied outright while the Deny fits, left to the function with a warning past that', () => {
    const excluded = accountIds(size);
    const synthesized = synthesizeOrganizationContacts({ ...ALL_KINDS, accountSelection: { excludeAccountIds: excluded } });
    deployable(synthesized);
    for (const write of WRITES) {
      for (const accountId of [excluded[0], excluded[excluded.length - 1]]) {
        expect(decide(synthesized.policies, { ...write, accountId })).toBe(narrow ? 'EXPLICIT_DENY' : 'ALLOW');
      }
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER })).toBe('ALLOW');
    }
    expect(warningIds(synthesized).includes('cdk-account-contacts:excludedAccountsNotDenied')).toBe(!narrow);
  });

  test('organizationalUnitIds: deploys; accounts under the units (at any depth) are writable, others denied while the paths fit', () => {
    const units = unitIds(size);
    const synthesized = synthesizeOrganizationContacts({ ...ALL_KINDS, accountSelection: { organizationalUnitIds: units } });
    deployable(synthesized);
    const inScope = size <= 1500;
    for (const write of WRITES) {
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER, units: [units[0]] })).toBe('ALLOW');
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER, units: ['ou-ab12-zzzzzzzz', units[units.length - 1]] })).toBe('ALLOW');
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER, units: ['ou-ab12-zzzzzzzz'] })).toBe(inScope ? 'IMPLICIT_DENY' : 'ALLOW');
    }
    expect(warningIds(synthesized).includes('cdk-account-contacts:accountWritesWidened')).toBe(!inScope);
  });

  test('excludeOrganizationalUnitIds: deploys; accounts under an excluded unit, at any depth, are denied outright while the paths fit', () => {
    const excluded = unitIds(size);
    const synthesized = synthesizeOrganizationContacts({ ...ALL_KINDS, accountSelection: { excludeOrganizationalUnitIds: excluded } });
    deployable(synthesized);
    const denied = size <= UNIT_DENY_UP_TO;
    for (const write of WRITES) {
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER, units: [excluded[0]] })).toBe(denied ? 'EXPLICIT_DENY' : 'ALLOW');
      // Nested under an excluded unit: its path holds the excluded unit, so the Deny holds at any depth.
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER, units: [excluded[excluded.length - 1], 'ou-ab12-zzzzzzzz'] })).toBe(
        denied ? 'EXPLICIT_DENY' : 'ALLOW',
      );
      expect(decide(synthesized.policies, { ...write, accountId: OUTSIDER, units: ['ou-ab12-zzzzzzzz'] })).toBe('ALLOW');
    }
    expect(warningIds(synthesized).includes('cdk-account-contacts:excludedAccountsNotDenied')).toBe(!denied);
  });
});

test('5,000 accounts listed within 10 units: the writes widen to the units, not to the whole organization', () => {
  const listed = accountIds(5000);
  const synthesized = synthesizeOrganizationContacts({ ...ALL_KINDS, accountSelection: { accountIds: listed, organizationalUnitIds: unitIds(10) } });
  deployable(synthesized);
  expect(decide(synthesized.policies, put(listed[4999], { units: [unitIds(10)[9]] }))).toBe('ALLOW');
  expect(decide(synthesized.policies, put(listed[4999], { units: ['ou-ab12-zzzzzzzz'] }))).toBe('IMPLICIT_DENY');
  const warning = synthesized.warnings.find((candidate) => candidate.id === 'cdk-account-contacts:accountWritesWidened');
  expect(warning?.message).toContain('every member account under the 10 units of accountSelection.organizationalUnitIds');
});

test('a delegated administrator is denied the management account at every size, the Deny for 5,000 exclusions left out', () => {
  const synthesized = synthesizeOrganizationContacts({
    ...ALL_KINDS,
    accountSelection: { excludeAccountIds: accountIds(5000) },
    runs: { managementAccountId: MANAGEMENT },
  });
  deployable(synthesized);
  for (const write of WRITES) {
    expect(decide(synthesized.policies, { ...write, accountId: MANAGEMENT })).toBe('EXPLICIT_DENY');
  }
});

test('the writes take at most 8 managed policies, and the run waits for every one of them', () => {
  const synthesized = synthesizeOrganizationContacts({ ...ALL_KINDS, accountSelection: { accountIds: accountIds(1000) } });
  const managed = Object.entries(synthesized.template.Resources).filter(([, resource]) => resource.Type === 'AWS::IAM::ManagedPolicy');
  expect(managed.length).toBeGreaterThan(1);
  expect(managed.length).toBeLessThanOrEqual(8);
  const run = Object.values(synthesized.template.Resources).find((resource) => resource.Type === 'Custom::OrganizationContacts') as {
    DependsOn?: string[];
  };
  expect(run.DependsOn).toEqual(expect.arrayContaining(managed.map(([logicalId]) => logicalId)));
});
