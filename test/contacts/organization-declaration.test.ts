import {
  OrganizationDeclaration,
  isAccountInScope,
  managedAlternateContactTypes,
  managesContactInformation,
  resolveAccountContacts,
  validateOrganizationDeclaration,
} from '../../src/contacts/organization-declaration';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../support/contacts-fixtures';

const UNIT_SECURITY = { ...SECURITY, name: 'Unit Security' };
const NESTED_SECURITY = { ...SECURITY, name: 'Nested Security' };
const ACCOUNT_BILLING = { ...BILLING, name: 'Account Billing' };

function declaration(overrides: Partial<OrganizationDeclaration> = {}): OrganizationDeclaration {
  return {
    version: 1,
    constructPath: 'Stack/Contacts',
    defaults: { security: SECURITY, billing: BILLING },
    excludeAccountIds: [],
    organizationalUnitOverrides: [
      { organizationalUnitId: 'ou-root-aaaaaaaa', security: UNIT_SECURITY, operations: OPERATIONS },
      { organizationalUnitId: 'ou-root-bbbbbbbb', security: NESTED_SECURITY, contactInformation: PRIMARY },
    ],
    accountOverrides: [{ accountId: '222222222222', billing: ACCOUNT_BILLING }],
    ...overrides,
  };
}

describe('resolveAccountContacts: the most specific declaration wins, type by type', () => {
  test('an account in the root gets the defaults only', () => {
    expect(resolveAccountContacts(declaration(), { accountId: '111111111111', organizationalUnitIds: [] })).toEqual({
      alternateContacts: { SECURITY: SECURITY, BILLING: BILLING },
      contactInformation: undefined,
    });
  });

  test('the nearest unit beats the enclosing unit, which beats the defaults; an account override beats them all', () => {
    // 222222222222 sits in ou-...bbbbbbbb, nested in ou-...aaaaaaaa (nearest first).
    expect(
      resolveAccountContacts(declaration(), { accountId: '222222222222', organizationalUnitIds: ['ou-root-bbbbbbbb', 'ou-root-aaaaaaaa'] }),
    ).toEqual({
      alternateContacts: { SECURITY: NESTED_SECURITY, BILLING: ACCOUNT_BILLING, OPERATIONS: OPERATIONS },
      contactInformation: PRIMARY,
    });
    expect(
      resolveAccountContacts(declaration(), { accountId: '333333333333', organizationalUnitIds: ['ou-root-aaaaaaaa'] }).alternateContacts,
    ).toEqual({
      SECURITY: UNIT_SECURITY,
      BILLING: BILLING,
      OPERATIONS: OPERATIONS,
    });
  });

  test('the types the role must be allowed, and whether the primary contact is managed', () => {
    expect(managedAlternateContactTypes(declaration())).toEqual(['BILLING', 'OPERATIONS', 'SECURITY']);
    expect(managesContactInformation(declaration())).toBe(true);
    expect(managesContactInformation(declaration({ organizationalUnitOverrides: [] }))).toBe(false);
  });
});

describe('isAccountInScope', () => {
  const placement = (accountId: string, organizationalUnitIds: string[] = []) => ({ accountId, organizationalUnitIds });
  test('the whole organization by default; exclusions always win', () => {
    expect(isAccountInScope(declaration(), placement('111111111111'))).toBe(true);
    expect(isAccountInScope(declaration({ excludeAccountIds: ['111111111111'] }), placement('111111111111'))).toBe(false);
    expect(isAccountInScope(declaration({ accountIds: ['111111111111'], excludeAccountIds: ['111111111111'] }), placement('111111111111'))).toBe(
      false,
    );
  });
  test('units include their nested units; accountIds and units must both hold', () => {
    const scoped = declaration({ organizationalUnitIds: ['ou-root-aaaaaaaa'] });
    expect(isAccountInScope(scoped, placement('111111111111', ['ou-root-bbbbbbbb', 'ou-root-aaaaaaaa']))).toBe(true);
    expect(isAccountInScope(scoped, placement('111111111111', ['ou-root-cccccccc']))).toBe(false);
    expect(isAccountInScope(scoped, placement('111111111111'))).toBe(false);
    expect(isAccountInScope(declaration({ accountIds: ['222222222222'] }), placement('111111111111'))).toBe(false);
  });
  test('an excluded unit leaves out its accounts and those of the units nested in it, whatever else chooses them', () => {
    const excluding = declaration({ excludeOrganizationalUnitIds: ['ou-root-aaaaaaaa'] });
    expect(isAccountInScope(excluding, placement('111111111111', ['ou-root-aaaaaaaa']))).toBe(false);
    expect(isAccountInScope(excluding, placement('111111111111', ['ou-root-bbbbbbbb', 'ou-root-aaaaaaaa']))).toBe(false);
    expect(isAccountInScope(excluding, placement('111111111111', ['ou-root-cccccccc']))).toBe(true);
    expect(isAccountInScope(excluding, placement('111111111111'))).toBe(true);
    const nestedOut = declaration({ organizationalUnitIds: ['ou-root-aaaaaaaa'], excludeOrganizationalUnitIds: ['ou-root-bbbbbbbb'] });
    expect(isAccountInScope(nestedOut, placement('111111111111', ['ou-root-aaaaaaaa']))).toBe(true);
    expect(isAccountInScope(nestedOut, placement('111111111111', ['ou-root-bbbbbbbb', 'ou-root-aaaaaaaa']))).toBe(false);
    expect(
      isAccountInScope(
        declaration({ accountIds: ['111111111111'], excludeOrganizationalUnitIds: ['ou-root-aaaaaaaa'] }),
        placement('111111111111', ['ou-root-aaaaaaaa']),
      ),
    ).toBe(false);
  });
});

describe('validateOrganizationDeclaration: excluded units', () => {
  test('a unit chosen and excluded, an override of an excluded unit, a bad or repeated unit id are named', () => {
    const problems = validateOrganizationDeclaration(
      declaration({
        organizationalUnitIds: ['ou-root-aaaaaaaa'],
        excludeOrganizationalUnitIds: ['ou-root-aaaaaaaa', 'ou-root-bbbbbbbb', 'ou-root-bbbbbbbb', 'r-abcd'],
      }),
    ).map((problem) => problem.message);
    expect(problems).toEqual([
      "excludeOrganizationalUnitIds[2] 'ou-root-bbbbbbbb' is listed twice",
      "excludeOrganizationalUnitIds[3] 'r-abcd' (6 characters) does not match the AWS pattern ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$ (Organizations API, OrganizationalUnit.Id)",
      "excludeOrganizationalUnitIds[0] 'ou-root-aaaaaaaa' is also organizationalUnitIds[0]: a unit is either chosen or excluded, not both (to leave out a unit nested in a chosen one, exclude the nested unit)",
      "organizationalUnitOverrides[0].organizationalUnitId 'ou-root-aaaaaaaa' is also in excludeOrganizationalUnitIds: the accounts of an excluded unit are left alone, so its override would never apply",
      "organizationalUnitOverrides[1].organizationalUnitId 'ou-root-bbbbbbbb' is also in excludeOrganizationalUnitIds: the accounts of an excluded unit are left alone, so its override would never apply",
    ]);
  });
});

describe('validateOrganizationDeclaration', () => {
  test('a valid declaration has no problem', () => {
    expect(validateOrganizationDeclaration(declaration())).toEqual([]);
  });

  test('SECURITY is required; ids are checked; duplicates and never-applying overrides are named', () => {
    const problems = validateOrganizationDeclaration(
      declaration({
        defaults: { billing: BILLING },
        accountIds: ['111111111111', '111111111111', '12'],
        excludeAccountIds: ['222222222222'],
        organizationalUnitIds: ['r-abcd'],
      }),
    ).map((problem) => problem.message);
    expect(problems).toEqual([
      'security is required: CIS AWS Foundations Benchmark 1.2 asks for a SECURITY alternate contact',
      "accountIds[1] '111111111111' is listed twice",
      "accountIds[2] '12' (2 characters) does not match the AWS pattern ^\\d{12}$ (Account Management API, PutAlternateContactRequest.AccountId)",
      "organizationalUnitIds[0] 'r-abcd' (6 characters) does not match the AWS pattern ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$ (Organizations API, OrganizationalUnit.Id)",
      "accountOverrides[0].accountId '222222222222' is also in excludeAccountIds: an excluded account is left alone, so its override would never apply",
      "accountOverrides[0].accountId '222222222222' is not in accountIds: its override would never apply",
    ]);
  });

  test('an account both in accountIds and in excludeAccountIds is refused: the user must say which they meant', () => {
    const problems = validateOrganizationDeclaration(
      declaration({
        accountIds: ['111111111111', '222222222222'],
        excludeAccountIds: ['333333333333', '111111111111'],
        accountOverrides: [],
      }),
    ).map((problem) => problem.message);
    expect(problems).toEqual(["excludeAccountIds[1] '111111111111' is also accountIds[0]: an account is either chosen or excluded, not both"]);
  });

  test('an unresolved token in either list is not compared', () => {
    const isUnresolved = (value: unknown) => typeof value === 'string' && value.startsWith('${Token');
    const problems = validateOrganizationDeclaration(
      declaration({
        accountIds: ['${Token[A]}'],
        excludeAccountIds: ['${Token[A]}'],
        accountOverrides: [],
      }),
      { isUnresolved },
    );
    expect(problems.filter((problem) => problem.message.includes('either chosen or excluded'))).toEqual([]);
  });

  test('contacts of every level are checked with their path, and personal data is masked', () => {
    const problems = validateOrganizationDeclaration(
      declaration({
        organizationalUnitOverrides: [{ organizationalUnitId: 'ou-root-aaaaaaaa', contactInformation: { ...PRIMARY, countryCode: 'XX' } }],
        accountOverrides: [{ accountId: '222222222222', security: { ...SECURITY, emailAddress: 'jane.doe' } }],
      }),
    ).map((problem) => problem.message);
    expect(problems).toEqual([
      "organizationalUnitOverrides[0].contactInformation.countryCode 'XX' is not an ISO 3166-1 alpha-2 country code in upper case, such as 'US' (Account Management API, ContactInformation.CountryCode)",
      expect.stringMatching(/^accountOverrides\[0\]\.security\.emailAddress '[^']*' \(8 characters, masked\) does not match the AWS pattern/),
    ]);
    expect(problems.join('\n')).not.toContain('jane.doe');
  });
});
