/**
 * Tags in an organization declaration: the precedence table (defaults < units < tags < account), exclusion by
 * tag, and the validation of tag conditions with the Organizations API's rules.
 */
import {
  OrganizationDeclaration,
  excludingAccountTag,
  managedAlternateContactTypes,
  managesContactInformation,
  resolveAccountContacts,
  usesAccountTags,
  validateOrganizationDeclaration,
} from '../../src/contacts/organization-declaration';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../support/contacts-fixtures';

const UNIT = { ...SECURITY, name: 'Unit Security' };
const PCI = { ...SECURITY, name: 'PCI Security' };
const PCI_BILLING = { ...BILLING, name: 'PCI Billing' };
const PROD_SECURITY = { ...SECURITY, name: 'Production Security' };
const PROD_OPERATIONS = { ...OPERATIONS, name: 'Production Operations' };
const ACCOUNT = { ...SECURITY, name: 'Account Security' };

function declaration(overrides: Partial<OrganizationDeclaration> = {}): OrganizationDeclaration {
  return {
    version: 1,
    constructPath: 'Stack/Contacts',
    defaults: { security: SECURITY, billing: BILLING },
    excludeAccountIds: [],
    organizationalUnitOverrides: [{ organizationalUnitId: 'ou-root-aaaaaaaa', security: UNIT, operations: OPERATIONS }],
    accountOverrides: [{ accountId: '444444444444', security: ACCOUNT }],
    accountTagOverrides: [
      { tag: { key: 'data-classification', value: 'pci' }, security: PCI, billing: PCI_BILLING },
      { tag: { key: 'environment', value: 'production' }, security: PROD_SECURITY, operations: PROD_OPERATIONS },
      { tag: { key: 'cost-center' }, contactInformation: PRIMARY },
    ],
    excludeAccountTags: [{ key: 'environment', value: 'sandbox' }, { key: 'contacts-unmanaged' }],
    ...overrides,
  };
}

const name = (contact: { name: string } | undefined) => contact?.name;

describe('precedence, per contact type: account > first matching tag > nearest unit > enclosing units > defaults', () => {
  // Each row: the account, its units, its tags → the name of each contact it ends with.
  test.each([
    [
      'no tag, no unit: the defaults',
      '111111111111',
      [],
      {},
      { SECURITY: 'Security Operations Center', BILLING: 'Cloud Finance', OPERATIONS: undefined, PRIMARY: false },
    ],
    [
      'a unit only: the unit beats the defaults',
      '111111111111',
      ['ou-root-aaaaaaaa'],
      {},
      { SECURITY: 'Unit Security', BILLING: 'Cloud Finance', OPERATIONS: 'Cloud Operations', PRIMARY: false },
    ],
    [
      'a tag beats the unit, type by type',
      '111111111111',
      ['ou-root-aaaaaaaa'],
      { 'data-classification': 'pci' },
      { SECURITY: 'PCI Security', BILLING: 'PCI Billing', OPERATIONS: 'Cloud Operations', PRIMARY: false },
    ],
    [
      'two matching tags: the one listed first wins; the second still gives what the first leaves',
      '111111111111',
      [],
      { environment: 'production', 'data-classification': 'pci' },
      { SECURITY: 'PCI Security', BILLING: 'PCI Billing', OPERATIONS: 'Production Operations', PRIMARY: false },
    ],
    [
      'a tag without a value matches any value, even an empty one',
      '111111111111',
      [],
      { 'cost-center': '' },
      { SECURITY: 'Security Operations Center', BILLING: 'Cloud Finance', OPERATIONS: undefined, PRIMARY: true },
    ],
    [
      'a value compared exactly (case included)',
      '111111111111',
      [],
      { 'data-classification': 'PCI' },
      { SECURITY: 'Security Operations Center', BILLING: 'Cloud Finance', OPERATIONS: undefined, PRIMARY: false },
    ],
    [
      'the account override beats every tag',
      '444444444444',
      ['ou-root-aaaaaaaa'],
      { 'data-classification': 'pci' },
      { SECURITY: 'Account Security', BILLING: 'PCI Billing', OPERATIONS: 'Cloud Operations', PRIMARY: false },
    ],
  ])('%s', (_case, accountId, organizationalUnitIds, tags, expected) => {
    const resolved = resolveAccountContacts(declaration(), { accountId, organizationalUnitIds, tags });
    expect({
      SECURITY: name(resolved.alternateContacts.SECURITY),
      BILLING: name(resolved.alternateContacts.BILLING),
      OPERATIONS: name(resolved.alternateContacts.OPERATIONS),
      PRIMARY: resolved.contactInformation !== undefined,
    }).toEqual(expected);
  });

  test('tag overrides count for the permissions: the types and the primary contact they declare', () => {
    const onlyTags = declaration({ organizationalUnitOverrides: [], accountOverrides: [] });
    expect(managedAlternateContactTypes(onlyTags)).toEqual(['BILLING', 'OPERATIONS', 'SECURITY']);
    expect(managesContactInformation(onlyTags)).toBe(true);
    expect(managesContactInformation(declaration({ accountTagOverrides: [] }))).toBe(false);
  });

  test('never decided without the tags: resolving or excluding an account whose tags were not read throws, naming the construct', () => {
    expect(() => resolveAccountContacts(declaration(), { accountId: '111111111111', organizationalUnitIds: [] })).toThrow(
      "Stack/Contacts: account 111111111111's tags were not read, and the declaration excludes or overrides by tag",
    );
    expect(() => excludingAccountTag(declaration(), { accountId: '111111111111', organizationalUnitIds: [] })).toThrow(/tags were not read/);
    // A declaration without tags needs none.
    const plain = declaration({ accountTagOverrides: undefined, excludeAccountTags: undefined });
    expect(usesAccountTags(plain)).toBe(false);
    expect(excludingAccountTag(plain, { accountId: '111111111111', organizationalUnitIds: [] })).toBeUndefined();
    expect(name(resolveAccountContacts(plain, { accountId: '111111111111', organizationalUnitIds: [] }).alternateContacts.SECURITY)).toBe(
      'Security Operations Center',
    );
  });
});

describe('excludeAccountTags', () => {
  test.each([
    [{ environment: 'sandbox' }, { key: 'environment', value: 'sandbox' }],
    [{ environment: 'production', 'contacts-unmanaged': 'true' }, { key: 'contacts-unmanaged' }],
    [{ environment: 'production' }, undefined],
    [{ environment: 'Sandbox' }, undefined],
    [{}, undefined],
  ])('tags %j → excluded by %j', (tags, expected) => {
    expect(excludingAccountTag(declaration(), { accountId: '111111111111', organizationalUnitIds: [], tags })).toEqual(expected);
  });
});

describe('validation of tag conditions', () => {
  const messages = (overrides: Partial<OrganizationDeclaration>) =>
    validateOrganizationDeclaration(declaration(overrides)).map((problem) => problem.message);

  test('the declaration above is valid', () => {
    expect(messages({})).toEqual([]);
  });

  test('keys and values follow the Organizations API (length and pattern), naming the field and the rule', () => {
    expect(
      messages({ excludeAccountTags: [{ key: '' }, { key: 'k'.repeat(129) }, { key: 'bad*key' }, { key: 'ok', value: 'v'.repeat(257) }] }),
    ).toEqual([
      'excludeAccountTags[0].key is empty: it must be 1 to 128 characters long (Organizations API, Tag.Key)',
      `excludeAccountTags[1].key '${'k'.repeat(60)}...' (129 characters) is too long: it must be 1 to 128 characters long (Organizations API, Tag.Key)`,
      "excludeAccountTags[2].key 'bad*key' (7 characters) does not match the AWS pattern ^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$ (Organizations API, Tag.Key)",
      `excludeAccountTags[3].value '${'v'.repeat(60)}...' (257 characters) is too long: it must be 0 to 256 characters long (Organizations API, Tag.Value)`,
    ]);
  });

  test('letters of any script, spaces and the allowed punctuation are accepted', () => {
    expect(messages({ excludeAccountTags: [{ key: 'Équipe données', value: 'prod:eu-west-1/a=b+c-d@e_f.g' }] })).toEqual([]);
  });

  test('an override needs a tag and a contact; two overrides of one tag, or an override of an excluded tag, are refused', () => {
    expect(
      messages({
        excludeAccountTags: [{ key: 'environment' }],
        accountTagOverrides: [
          { tag: undefined as any, security: PCI },
          { tag: { key: 'team', value: 'a' } },
          { tag: { key: 'team', value: 'b' }, security: PCI },
          { tag: { key: 'team', value: 'b' }, billing: PCI_BILLING },
          { tag: { key: 'environment', value: 'production' }, security: PROD_SECURITY },
        ],
      }),
    ).toEqual([
      'accountTagOverrides[0].tag is required: give it a key (and a value, unless any value will do)',
      'accountTagOverrides[1] declares no contact: give it security, billing, operations or contactInformation, or remove it',
      "accountTagOverrides[3].tag 'team=b' has another override (accountTagOverrides[2]): give each tag one override",
      "accountTagOverrides[4].tag 'environment=production': every account with it is excluded by excludeAccountTags 'environment' (any value), so the override would never apply",
    ]);
  });

  test("a tag override's contacts are checked with the API's rules, with the override's path", () => {
    expect(messages({ accountTagOverrides: [{ tag: { key: 'team' }, security: { ...PCI, emailAddress: 'not-an-email' } }] })).toEqual([
      expect.stringMatching(/^accountTagOverrides\[0\]\.security\.emailAddress '.*' .* does not match the AWS pattern/),
    ]);
  });
});
