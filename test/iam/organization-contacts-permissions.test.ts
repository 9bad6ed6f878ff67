/**
 * The `OrganizationContacts` role's Account Management permissions, evaluated: the synthesized policies go through
 * the tests' IAM evaluator (explicit Deny wins, resources and the condition keys AWS sets on each call), and each
 * case asks what a call on a given account would be answered, not which names the policy holds.
 */
import { ContactRemoval } from '../../src';
import { PRIMARY } from '../support/contacts-fixtures';
import { MANAGEMENT, OWN, decide, put, synthesizeOrganizationContacts } from '../support/organization-role';

const [IN_LIST, OUT_OF_LIST, EXCLUDED] = ['222222222222', '333333333333', '444444444444'];
const [PAYMENTS, PAYMENTS_EU, SANDBOX] = ['ou-ab12-payments', 'ou-ab12-paymenteu', 'ou-ab12-sandboxes'];
const rolePolicies = (...args: Parameters<typeof synthesizeOrganizationContacts>) => synthesizeOrganizationContacts(...args).policies;

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

test("the primary email check: GetPrimaryEmail on member accounts (in scope or not), never on the caller's own, and not at all when off", () => {
  const policies = rolePolicies({ runs: { managementAccountId: MANAGEMENT } }, MANAGEMENT);
  const read = (accountId: string) => ({ action: 'account:GetPrimaryEmail', accountId, caller: MANAGEMENT });
  expect(decide(policies, read(IN_LIST))).toBe('ALLOW');
  expect(decide(policies, read(MANAGEMENT))).toBe('IMPLICIT_DENY');
  expect(decide(rolePolicies({ runs: { managementAccountId: MANAGEMENT, checkPrimaryEmail: false } }, MANAGEMENT), read(IN_LIST))).toBe(
    'IMPLICIT_DENY',
  );
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

test('excludeOrganizationalUnitIds: an explicit Deny on member accounts under the units, at any depth, whatever else allows them', () => {
  const policies = rolePolicies(
    {
      accountSelection: { excludeOrganizationalUnitIds: [SANDBOX] },
      runs: { managementAccountId: MANAGEMENT },
      removal: ContactRemoval.DESTROY,
      contactInformation: PRIMARY,
    },
    MANAGEMENT,
  );
  for (const action of ['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation']) {
    expect(decide(policies, { ...put(EXCLUDED, { units: [SANDBOX], caller: MANAGEMENT }), action })).toBe('EXPLICIT_DENY');
    expect(decide(policies, { ...put(EXCLUDED, { units: [PAYMENTS_EU, SANDBOX], caller: MANAGEMENT }), action })).toBe('EXPLICIT_DENY');
    expect(decide(policies, { ...put(IN_LIST, { units: [PAYMENTS], caller: MANAGEMENT }), action })).toBe('ALLOW');
    expect(decide(policies, { ...put(IN_LIST, { caller: MANAGEMENT }), action })).toBe('ALLOW');
  }
  // Listed, but under an excluded unit: the exclusion wins.
  const listed = rolePolicies({ accountSelection: { accountIds: [IN_LIST], excludeOrganizationalUnitIds: [SANDBOX] } });
  expect(decide(listed, put(IN_LIST, { units: [SANDBOX] }))).toBe('EXPLICIT_DENY');
  expect(decide(listed, put(IN_LIST))).toBe('ALLOW');
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
