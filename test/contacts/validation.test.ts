import { Token } from 'aws-cdk-lib';
import {
  validateAccountId,
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
    ['title', 't'.repeat(51), "title 'ttttttttttttttttttttttttttttttttttttttttttttttttttt' (51 characters) is too long: it must be 1 to 50 characters long"],
    ['emailAddress', 'bob@', "emailAddress 'b***b@' (4 characters, masked) does not match the AWS pattern ^[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*$"],
    ['emailAddress', 'security@example', 'does not match the AWS pattern'],
    ['emailAddress', `${'a'.repeat(250)}@example.com`, 'is too long: it must be 1 to 254 characters long'],
    ['phoneNumber', '+1 206 555 0100 ext. 7', "phoneNumber '+* *** *** ***0 ***. 7' (22 characters, masked) does not match the AWS pattern ^[\\s0-9()+-]+$"],
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
    expect(validateAlternateContact(withoutTitle as never).map((problem) => problem.message))
      .toEqual(['title is required (Account Management API, AlternateContact.Title)']);
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
    expect(validateAlternateContact({ ...SECURITY, emailAddress: token, phoneNumber: Token.asString({ Ref: 'Phone' }) }, { isUnresolved })).toEqual([]);
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
    expect(validateContactInformation({ ...PRIMARY, countryCode: Token.asString({ Ref: 'Country' }), stateOrRegion: undefined }, { isUnresolved })).toEqual([]);
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
    expect(validateAlternateContactType('ABUSE')[0].message).toBe("alternateContactType 'ABUSE' is not one of BILLING, OPERATIONS, SECURITY (Account Management API, AlternateContactType)");
    expect(validateAlternateContactType('SECURITY')).toEqual([]);
  });
});
