import { Token } from 'aws-cdk-lib';
import {
  POLICY_TARGET_ID_RULE,
  validateAccountId,
  validateField,
  validateOrganizationalUnitId,
  validateAlternateContact,
  validateAlternateContactType,
  validateContactInformation,
} from '../../src/contacts/validation';
import { PRIMARY, SECURITY } from '../support/contacts-fixtures';

const isUnresolved = (value: unknown) => Token.isUnresolved(value);

describe('alternate contact', () => {
  test('a complete contact has no problem', () => {
    expect(validateAlternateContact(SECURITY)).toEqual([]);
  });

  test.each([
    ['name', '', 'name is empty: it must be 1 to 64 characters long'],
    ['name', 'n'.repeat(65), "name 'n***' (65 characters, masked) is too long: it must be 1 to 64 characters long"],
    [
      'title',
      't'.repeat(51),
      "title 'ttttttttttttttttttttttttttttttttttttttttttttttttttt' (51 characters) is too long: it must be 1 to 50 characters long",
    ],
    [
      'emailAddress',
      'bob@',
      "emailAddress 'b***b@' (4 characters, masked) does not match the AWS pattern ^[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*$",
    ],
    ['emailAddress', 'security@example', 'does not match the AWS pattern'],
    ['emailAddress', `${'a'.repeat(250)}@example.com`, 'is too long: it must be 1 to 254 characters long'],
    [
      'phoneNumber',
      '+1 206 555 0100 ext. 7',
      "phoneNumber '+* *** *** ***0 ***. 7' (22 characters, masked) does not match the AWS pattern ^[\\s0-9()+-]+$",
    ],
    ['phoneNumber', '1'.repeat(26), 'is too long: it must be 1 to 25 characters long'],
  ])('%s %j is rejected with the rule', (field, value, expected) => {
    const problems = validateAlternateContact({ ...SECURITY, [field]: value }, { fieldPrefix: 'security.' });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(`security.${field}`);
    expect(problems[0].message).toContain(expected);
    expect(problems[0].message).toMatch(/\(Account Management API, AlternateContact\.\w+\)$/);
  });

  test('a missing field is reported as required', () => {
    const { title: _title, ...withoutTitle } = SECURITY;
    expect(validateAlternateContact(withoutTitle as never).map((problem) => problem.message)).toEqual([
      'title is required (Account Management API, AlternateContact.Title)',
    ]);
  });

  test('every problem is reported at once, not only the first', () => {
    const problems = validateAlternateContact({ name: '', title: '', emailAddress: 'nobody', phoneNumber: 'call me' });
    expect(problems.map((problem) => problem.field)).toEqual(['name', 'title', 'emailAddress', 'phoneNumber']);
  });

  test('a full email address never appears in a message', () => {
    const [problem] = validateAlternateContact({ ...SECURITY, emailAddress: 'jane.doe@example' });
    expect(problem.message).not.toContain('jane.doe');
  });

  test('tokens are not checked at synth time', () => {
    const token = Token.asString({ Ref: 'EmailParameter' });
    expect(validateAlternateContact({ ...SECURITY, emailAddress: token, phoneNumber: Token.asString({ Ref: 'Phone' }) }, { isUnresolved })).toEqual(
      [],
    );
  });

  test('code points, not UTF-16 units, are counted', () => {
    expect(validateAlternateContact({ ...SECURITY, name: '😀'.repeat(64) })).toEqual([]);
  });
});

describe('contact information', () => {
  test('a complete primary contact has no problem', () => {
    expect(validateContactInformation(PRIMARY)).toEqual([]);
  });

  test.each([
    ['fullName', 'f'.repeat(51), 'is too long: it must be 1 to 50 characters long (Account Management API, ContactInformation.FullName)'],
    ['addressLine1', 'a'.repeat(61), 'is too long: it must be 1 to 60 characters long (Account Management API, ContactInformation.AddressLine1)'],
    ['addressLine2', '', 'is empty: it must be 1 to 60 characters long (Account Management API, ContactInformation.AddressLine2)'],
    ['addressLine3', 'a'.repeat(61), 'ContactInformation.AddressLine3'],
    ['city', 'c'.repeat(51), 'ContactInformation.City'],
    ['stateOrRegion', 's'.repeat(51), 'ContactInformation.StateOrRegion'],
    ['districtOrCounty', 'd'.repeat(51), 'ContactInformation.DistrictOrCounty'],
    ['postalCode', '9'.repeat(21), 'ContactInformation.PostalCode'],
    ['countryCode', 'USA', "countryCode 'USA' (3 characters) is too long: it must be exactly 2 characters long"],
    ['countryCode', 'XX', "countryCode 'XX' is not an ISO 3166-1 alpha-2 country code"],
    ['countryCode', 'us', "countryCode 'us' is not an ISO 3166-1 alpha-2 country code in upper case"],
    ['phoneNumber', '206 555 0100', "phoneNumber '*** *** **00' (12 characters, masked) does not match the AWS pattern ^[+][\\s0-9()-]+$"],
    ['phoneNumber', `+${'1'.repeat(20)}`, 'is too long: it must be 1 to 20 characters long'],
    ['companyName', 'c'.repeat(51), 'ContactInformation.CompanyName'],
    ['websiteUrl', 'w'.repeat(257), 'is too long: it must be 1 to 256 characters long (Account Management API, ContactInformation.WebsiteUrl)'],
  ])('%s %j is rejected with the rule', (field, value, expected) => {
    const problems = validateContactInformation({ ...PRIMARY, [field]: value });
    expect(problems.map((problem) => problem.field)).toEqual([field]);
    expect(problems[0].message).toContain(expected);
  });

  test.each(['US', 'CA', 'GB', 'DE', 'JP', 'IN', 'BR'])('stateOrRegion is required for %s', (countryCode) => {
    const { stateOrRegion: _state, ...withoutState } = PRIMARY;
    const problems = validateContactInformation({ ...withoutState, countryCode });
    expect(problems.map((problem) => problem.message)).toEqual([
      `stateOrRegion is required when countryCode is '${countryCode}' (required for US, CA, GB, DE, JP, IN, BR; Account Management API, ContactInformation.StateOrRegion)`,
    ]);
  });

  test('stateOrRegion is optional elsewhere', () => {
    const { stateOrRegion: _state, ...withoutState } = PRIMARY;
    expect(validateContactInformation({ ...withoutState, countryCode: 'FR', postalCode: '75001', city: 'Paris' })).toEqual([]);
  });

  test('the required members of the API are required', () => {
    const problems = validateContactInformation({} as never);
    expect(problems.map((problem) => problem.field)).toEqual(['fullName', 'addressLine1', 'city', 'postalCode', 'countryCode', 'phoneNumber']);
  });

  test('tokens are not checked at synth time', () => {
    expect(
      validateContactInformation({ ...PRIMARY, countryCode: Token.asString({ Ref: 'Country' }), stateOrRegion: undefined }, { isUnresolved }),
    ).toEqual([]);
  });
});

describe('account id and type', () => {
  test.each(['12345678901', '1234567890123', '12345678901a', ' 123456789012'])('account id %j is rejected', (accountId) => {
    expect(validateAccountId(accountId)).toHaveLength(1);
    expect(validateAccountId(accountId)[0].message).toMatch(/^accountId '.*' /);
  });

  test('an unanchored match is not enough: 12 digits inside a longer string are rejected', () => {
    expect(validateAccountId('x123456789012x').length).toBeGreaterThan(0);
  });

  test('a 12-digit id and an absent id pass', () => {
    expect(validateAccountId('123456789012')).toEqual([]);
    expect(validateAccountId(undefined)).toEqual([]);
  });

  test('an unknown contact type is rejected with the enum', () => {
    expect(validateAlternateContactType('ABUSE')[0].message).toBe(
      "alternateContactType 'ABUSE' is not one of BILLING, OPERATIONS, SECURITY (Account Management API, AlternateContactType)",
    );
    expect(validateAlternateContactType('SECURITY')).toEqual([]);
  });
});

describe("text rules (this library's, on top of the API's): values AWS would store but nobody can use", () => {
  test.each([
    [
      'name',
      '   ',
      "security.name '' (3 characters, masked) is blank: it must hold a character other than white space (cdk-account-contacts text rule, for AlternateContact.Name)",
    ],
    ['title', ' \u2003 ', "security.title ' \u2003 ' (3 characters) is blank"],
    ['title', 'Security\u0000team', "security.title 'Security\\u0000team' (13 characters) holds a control character"],
    [
      'title',
      'Security\nteam',
      "security.title 'Security\\u000ateam' (13 characters) holds a control character (a line break, a tab, NUL or another): contacts are one line of printable text",
    ],
    ['name', '<b>SOC</b>', 'holds < or >: contacts hold no HTML or other markup'],
    [
      'title',
      '${AWS::Region} team',
      "security.title '${AWS::Region} team' (19 characters) holds ${: CloudFormation (E1029) and Terraform read ${...} as an expression",
    ],
    [
      'name',
      'SOC %{if true}x%{endif}',
      "security.name 'S***' (23 characters, masked) holds %{: Terraform reads %{...} as a template directive (if, for), not text",
    ],
    ['title', 'Team 100%{x}', "security.title 'Team 100%{x}' (12 characters) holds %{"],
    ['phoneNumber', '   ', 'is blank'],
    ['emailAddress', 'soc@example.com\n', 'holds a control character'],
  ])('%s %j is refused, naming the field and the rule', (field, value, expected) => {
    const messages = validateAlternateContact({ ...SECURITY, [field]: value }, { fieldPrefix: 'security.' }).map((problem) => problem.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  test.each([
    ['fullName', ' \u00a0 '],
    ['addressLine1', '1 Main St\r\n'],
    ['city', '<script>'],
    ['companyName', 'ACME ${var.name}'],
  ])('primary contact %s %j is refused', (field, value) => {
    expect(validateContactInformation({ ...PRIMARY, [field]: value }).map((problem) => problem.field)).toEqual([field]);
  });

  test('a $ that opens no expression, accents, emoji and punctuation pass', () => {
    expect(validateAlternateContact({ ...SECURITY, name: 'Équipe sécurité 🛡', title: 'Costs in $ & €' })).toEqual([]);
  });

  test('a long value is cut in the message (60 characters shown), whatever its length', () => {
    const [problem] = validateAlternateContact({ ...SECURITY, title: 't'.repeat(1_000_000) });
    expect(problem.message).toBe(
      `title '${'t'.repeat(60)}...' (1000000 characters) is too long: it must be 1 to 50 characters long (Account Management API, AlternateContact.Title)`,
    );
  });

  test.each([null, 'security@example.com', ['a'], 42])('a contact that is not an object (%j) is a problem, not a TypeError', (value) => {
    const problems = validateAlternateContact(value as never, { fieldPrefix: 'security.' });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(
      /^security must be an object with the fields of an alternate contact \(name, title, emailAddress, phoneNumber\), got /,
    );
    expect(validateContactInformation(value as never, { fieldPrefix: 'contactInformation.' })[0].message).toMatch(
      /^contactInformation must be an object/,
    );
  });

  test('an empty organizational unit id or policy target is refused (the rules have no minimum length)', () => {
    expect(validateOrganizationalUnitId('')[0].message).toBe(
      'organizationalUnitId is empty: it must match ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$ (Organizations API, OrganizationalUnit.Id)',
    );
    expect(validateField(POLICY_TARGET_ID_RULE, '', { field: 'contactLock.targetIds[0]' })[0].message).toMatch(
      /^contactLock\.targetIds\[0\] is empty: it must match \^r-/,
    );
  });
});
