/**
 * Contact values held in SSM parameters (src/contacts/contact-parameters.ts): the parameter name's rules, and the
 * value checked by the one rule table, tried on generated values (fast-check, fixed seed).
 */
import * as fc from 'fast-check';
import { AlternateContact } from '../../src';
import {
  parseContactParameter,
  readContactParameters,
  validateContactParameterNames,
  validateParameterName,
} from '../../src/contacts/contact-parameters';
import { validateAlternateContact, validateContactInformation } from '../../src/contacts/validation';
import { PRIMARY, SECURITY } from '../support/contacts-fixtures';

const SEED = 20261204;

describe('parameter names (SSM Parameter Store, PutParameter Name)', () => {
  test.each([
    '/contacts/security',
    'contacts-security',
    'a.b_c-d',
    `/${Array.from({ length: 15 }, (_, index) => `l${index}`).join('/')}`,
    `/${'a'.repeat(1010)}`,
  ])('%s is accepted', (name) => {
    expect(validateParameterName(name, 'contactParameters.security')).toEqual([]);
  });

  test.each([
    ['', 'is empty: it must name an SSM parameter'],
    ['contacts/security', "'contacts/security' has levels but does not begin with '/'"],
    ['/aws/contacts', "'/aws/contacts' begins with 'aws' or 'ssm', which Parameter Store reserves"],
    ['SSM-contacts', "begins with 'aws' or 'ssm'"],
    ['/contacts//security', 'has an empty level'],
    ['/contacts/', 'has an empty level'],
    ['/contacts/security contact', 'does not match ^[a-zA-Z0-9_.\\-/]+$: letters, digits and _ . - / only (give the name, not the ARN)'],
    ['arn:aws:ssm:us-east-1:111122223333:parameter/contacts', 'does not match'],
    [`/${Array.from({ length: 16 }, (_, index) => `l${index}`).join('/')}`, 'has 16 levels: a hierarchy has at most 15'],
    [`/${'a'.repeat(1011)}`, 'is too long (1012 characters): a parameter name is at most 1011 characters'],
  ])('%j is refused: %s', (name, expected) => {
    const problems = validateParameterName(name, 'contactParameters.security');
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('contactParameters.security');
    expect(problems[0].message).toContain(expected);
    expect(problems[0].message).toMatch(/^contactParameters\.security .*\(SSM Parameter Store, PutParameter Name\)$/);
  });

  test('a token is left to SSM; a value that is not a string is refused', () => {
    expect(validateParameterName('${Token[TOKEN.1]}', 'f', { isUnresolved: () => true })).toEqual([]);
    expect(validateParameterName(42, 'f')[0].message).toBe(
      'f must be the name of an SSM parameter (a string), got number (SSM Parameter Store, PutParameter Name)',
    );
  });

  test('a contact given as a value and as a parameter is refused; a contact the construct does not take is named', () => {
    expect(validateContactParameterNames({ security: '/contacts/security' }, { security: SECURITY }, { fieldPrefix: 'contactParameters.' })).toEqual([
      {
        field: 'contactParameters.security',
        message: 'security is given twice, as a value and as contactParameters.security: give one of the two',
      },
    ]);
    expect(
      validateContactParameterNames({ contactInformation: '/p' }, {}, { fieldPrefix: 'contactParameters.', allowed: ['security'] })[0].message,
    ).toBe('contactParameters.contactInformation is not a contact of this construct: it takes security');
    expect(validateContactParameterNames(undefined, { security: SECURITY }, { fieldPrefix: 'x.' })).toEqual([]);
  });
});

describe('parameter values', () => {
  test('a valid contact is returned as written', () => {
    expect(parseContactParameter('security', '/s', JSON.stringify(SECURITY))).toEqual({ contact: SECURITY });
    expect(parseContactParameter('contactInformation', '/p', JSON.stringify(PRIMARY))).toEqual({ contact: PRIMARY });
  });

  test.each([
    ['not JSON', 'security@example.com', 'security is not JSON (value of SSM parameter /s): write the contact as a JSON object, e.g. {"name": '],
    ['a JSON string', '"security@example.com"', 'security must be a JSON object, got a string (value of SSM parameter /s)'],
    ['a list', JSON.stringify([SECURITY]), 'security must be a JSON object, got a list (value of SSM parameter /s)'],
    ['null', 'null', 'security must be a JSON object, got null (value of SSM parameter /s)'],
    [
      'an unknown field',
      JSON.stringify({ ...SECURITY, email: 'x' }),
      'security.email is not a field of an alternate contact (value of SSM parameter /s): it takes name, title, emailAddress, phoneNumber',
    ],
    [
      'a missing field',
      JSON.stringify({ ...SECURITY, title: undefined }),
      'security.title is required (Account Management API, AlternateContact.Title) (value of SSM parameter /s)',
    ],
  ])('%s is refused with the reason, never quoting the value', (_case, value, expected) => {
    const parsed = parseContactParameter('security', '/s', value);
    expect(parsed.contact).toBeUndefined();
    expect(parsed.problems?.map((problem) => problem.message).join('\n')).toContain(expected);
    expect(parsed.problems?.map((problem) => problem.message).join('\n')).not.toContain('security@example.com');
  });

  test('generated contacts: the same problems as the same value written in the code, followed by the parameter; never a throw', () => {
    const field = fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.constantFrom('', ' ', 'Security team', 'security@example.com', '+1 206 555 0100', '=cmd()'),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.record({ name: field, title: field, emailAddress: field, phoneNumber: field }, { requiredKeys: [] }), (contact) => {
        const parsed = parseContactParameter('billing', '/contacts/billing', JSON.stringify(contact));
        const inCode = validateAlternateContact(contact as unknown as AlternateContact, { fieldPrefix: 'billing.' });
        if (inCode.length === 0) {
          expect(parsed).toEqual({ contact: JSON.parse(JSON.stringify(contact)) });
        } else {
          expect(parsed.problems).toEqual(
            inCode.map((problem) => ({ ...problem, message: `${problem.message} (value of SSM parameter /contacts/billing)` })),
          );
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('generated text that is not a contact object: refused with a reason that holds none of it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseContactParameter('contactInformation', '/p', text);
        const isObject = (() => {
          try {
            const value = JSON.parse(text);
            return typeof value === 'object' && value !== null && !Array.isArray(value);
          } catch {
            return false;
          }
        })();
        if (!isObject) {
          expect(parsed.problems).toHaveLength(1);
          if (text.length >= 8) {
            expect(parsed.problems![0].message).not.toContain(text);
          }
        } else {
          expect(parsed.problems ?? validateContactInformation(parsed.contact as never)).not.toHaveLength(0);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('reading', () => {
  test('each parameter is read once, every problem reported at once, an unreadable parameter named', async () => {
    const reads: string[] = [];
    const values: Record<string, string> = { '/shared': JSON.stringify(SECURITY), '/bad': JSON.stringify({ ...SECURITY, phoneNumber: 'x' }) };
    const read = async (name: string) => {
      reads.push(name);
      if (!(name in values)) {
        throw new Error('it does not exist in this account and Region (ParameterNotFound): Parameter /missing not found.');
      }
      return values[name];
    };
    const { contacts, problems } = await readContactParameters(
      { security: '/shared', billing: '/shared', operations: '/bad', contactInformation: '/missing' },
      read,
    );
    expect(reads).toEqual(['/shared', '/bad', '/missing']);
    expect(contacts).toEqual({ security: SECURITY, billing: SECURITY });
    expect(problems.map((problem) => problem.field)).toEqual(['operations.phoneNumber', 'contactInformation']);
    expect(problems[1].message).toBe(
      'contactInformation: SSM parameter /missing cannot be read: it does not exist in this account and Region (ParameterNotFound): Parameter /missing not found.',
    );
  });
});
