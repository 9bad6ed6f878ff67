/**
 * The declaration file's published JSON Schema (schema/declaration.schema.json, for editors and other tools) says
 * what the command's own check says: the committed file is the generated one, and on generated documents (fast-check,
 * fixed seed) a standard JSON Schema 2020-12 validator (ajv) accepts a document exactly when the command finds no
 * problem, except for the rules the schema cannot express (RULES_BEYOND_THE_SCHEMA, kept out of the generated
 * documents by drawing distinct account ids).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import * as fc from 'fast-check';
import { validateDeclarationDocument } from '../../src/contacts/declaration-file';
import { declarationFileSchema, declarationFileSchemaText } from '../../src/contacts/declaration-file-schema';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';

const SEED = 20261204;
const RUNS = 2_000;
const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema', 'declaration.schema.json');

test('the committed schema is the generated one (npx projen schema writes it)', () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(declarationFileSchemaText());
});

// unicodeRegExp: the patterns are ECMAScript patterns with \p{...} classes, as the command applies them.
// strictRequired off: `anyOf: [{ required: [...] }]` is standard JSON Schema that ajv's own strict mode frowns on.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, unicodeRegExp: true, allowUnionTypes: true });
const schemaAccepts = ajv.compile(declarationFileSchema());

test("ajv compiles the schema in strict mode, and accepts the README's kind of declaration", () => {
  const document = {
    organization: { security: SECURITY, excludeAccountIds: ['111122223333'] },
    accounts: [{ accountId: '444455556666', billing: BILLING }],
  };
  expect(validateDeclarationDocument(document)).toEqual([]);
  expect(schemaAccepts(document)).toBe(true);
});

/** Field values: valid ones and each kind of wrong one (blank, control character, markup, expression, length, type). */
const text = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom('Security Operations', 'Cloud Finance', 'Jos\u00e9 \u00c1lvarez', 'Team 24/7') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '   ', 'line\nbreak', 'tab\there', '<b>bold</b>', '${aws:username}', 'x'.repeat(65), 5, null, ['a'], true),
  },
);
const email = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom('security@example.com', 'soc+aws@example.co.uk') },
  { weight: 1, arbitrary: fc.constantFrom('not-an-email', '', 'a@b', ' security@example.com', `${'a'.repeat(250)}@example.com`, 7) },
);
const phone = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom('+1 206 555 0100', '+44 20 7946 0000') },
  { weight: 1, arbitrary: fc.constantFrom('call me', '', '+1 206 555 0100\n', 12065550100) },
);
/** Mostly there: absent once in `weight` + 1 draws. */
const optional = <T>(arbitrary: fc.Arbitrary<T>, weight = 60) => fc.oneof({ weight, arbitrary }, { weight: 1, arbitrary: fc.constant(undefined) });
/** Mostly absent: there once in `weight` + 1 draws. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, weight = 20) => fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
const contact = fc.oneof(
  { weight: 40, arbitrary: fc.record({ name: optional(text), title: optional(text), emailAddress: optional(email), phoneNumber: optional(phone) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('security@example.com', [SECURITY], null, { ...SECURITY, email: 'a@example.com' }) },
);
const contactInformation = fc.oneof(
  { weight: 20, arbitrary: fc.constant<unknown>(PRIMARY) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      { ...PRIMARY, countryCode: 'XX' },
      { ...PRIMARY, stateOrRegion: undefined },
      { ...PRIMARY, city: '' },
      { ...PRIMARY, fax: '1' },
    ),
  },
);
const accountIds = fc.uniqueArray(fc.constantFrom('111111111111', '222222222222', '333333333333', '444444444444', '012345678901'), { maxLength: 4 });
const contacts = fc
  .record({
    security: optional(contact, 3),
    billing: optional(contact, 1),
    operations: optional(contact, 1),
    contactInformation: fc.option(contactInformation, { nil: undefined, freq: 2 }),
  })
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));

const badAccountId = fc.constantFrom<unknown>('12345678901', '1234567890123', 123456789012, '', 'abcdefghijkl', null);
const unitIds = fc.uniqueArray(fc.constantFrom('ou-ab12-11111111', 'ou-ab12-22222222', 'ou-ab12-33333333'), { maxLength: 3 });
const badUnitId = fc.constantFrom<unknown>('r-ab12', 'ou-AB12-11111111', `ou-ab12-${'1'.repeat(61)}`, '', 7);
/** A scope (chosen accounts and units), drawn apart from the exclusions: "chosen and excluded" is beyond the schema. */
const scope = fc
  .record({
    accountIds: rarely(fc.uniqueArray(fc.constantFrom('555555555555', '666666666666'), { maxLength: 2 }), 6),
    organizationalUnitIds: rarely(
      fc.tuple(unitIds, rarely(badUnitId)).map(([ids, bad]) => (bad === undefined ? ids : [...ids, bad])),
      6,
    ),
  })
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));
/** Unit overrides: distinct units (a unit twice is beyond the schema), each with contacts, now and then a bad id. */
const unitOverrides = fc
  .tuple(unitIds, rarely(badUnitId, 10))
  .chain(([ids, bad]) =>
    fc.tuple(...ids.map((id, index) => contacts.map((values) => ({ organizationalUnitId: index === 0 && bad !== undefined ? bad : id, ...values })))),
  );

/** Tag exclusions, on a key no override uses ("covered by an exclusion" is beyond the schema), now and then a bad one. */
const excludeAccountTags = fc.constantFrom<unknown>(
  [{ key: 'environment', value: 'sandbox' }],
  [{ key: 'environment' }],
  [{ key: '' }],
  [{ key: 'environment', colour: 'red' }],
  [{ value: 'x' }],
);
/** Tag overrides on distinct tags ("a tag twice" is beyond the schema), now and then a bad tag. */
const tagOverrides = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }),
    rarely(fc.constantFrom<unknown>({ key: 'x'.repeat(129) }, 'team', { key: 'team', value: 7 }), 10),
  )
  .chain(([values, bad]) =>
    fc.tuple(
      ...values.map((value, index) =>
        contacts.map((declared) => ({ tag: index === 0 && bad !== undefined ? bad : { key: 'team', value }, ...declared })),
      ),
    ),
  );

/**
 * Now and then an account's primary email: an alias made from its id (one address for two accounts, and a personal
 * one, are beyond the schema), or a malformed one.
 */
const primaryEmailOf = (accountId: string) =>
  rarely(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant<unknown>(`aws-${accountId}@example.com`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<unknown>(
          'aws-team',
          'aws team@example.com',
          `aws-${'x'.repeat(60)}@example.com`,
          'aws@',
          7,
          null,
          'aws-\u001b[31m@example.com',
        ),
      },
    ),
    3,
  );

const documents = fc
  .tuple(accountIds, accountIds, fc.boolean(), fc.boolean(), rarely(unitOverrides, 5), rarely(tagOverrides, 5))
  .chain(([declared, excluded, withOrganization, withAccounts, units, tags]) => {
    // Excluded ids are drawn apart from declared ones: "declared and excluded" is beyond the schema.
    const excludedOnly = excluded.filter((id) => !declared.includes(id));
    return fc
      .record({
        organization: withOrganization
          ? fc
              .tuple(contacts, rarely(badAccountId), scope, rarely(excludeAccountTags, 6), rarely(fc.constant('aws-all@example.com'), 30))
              .map(([values, bad, chosen, excludedTags, misplacedEmail]) => ({
                ...values,
                ...chosen,
                ...(misplacedEmail === undefined ? {} : { primaryEmail: misplacedEmail }),
                ...(excludedTags === undefined ? {} : { excludeAccountTags: excludedTags }),
                ...(excludedOnly.length > 0 || bad !== undefined
                  ? { excludeAccountIds: [...excludedOnly, ...(bad === undefined ? [] : [bad])] }
                  : {}),
              }))
          : fc.constant(undefined),
        accounts: withAccounts
          ? fc.tuple(
              ...declared.map((id) =>
                fc.tuple(contacts, rarely(badAccountId, 30), primaryEmailOf(id)).map(([values, bad, primaryEmail]) => ({
                  accountId: bad ?? id,
                  ...values,
                  ...(primaryEmail === undefined ? {} : { primaryEmail }),
                })),
              ),
            )
          : fc.constant(undefined),
        extra: rarely(fc.constantFrom('acounts', 'version', 'organisation', 'organisationalUnits'), 30),
      })
      .map(({ organization, accounts, extra }) => ({
        ...(organization === undefined ? {} : { organization }),
        ...(units === undefined ? {} : { organizationalUnits: units }),
        ...(tags === undefined ? {} : { accountTags: tags }),
        ...(accounts === undefined ? {} : { accounts }),
        ...(extra === undefined ? {} : { [extra]: {} }),
      }));
  });

test(`ajv and the command agree on ${RUNS} generated documents (seed ${SEED})`, () => {
  let accepted = 0;
  fc.assert(
    fc.property(documents, (document) => {
      // A bad account id may repeat another bad one: that duplicate is beyond the schema, so the pair is skipped.
      const ids = (document.accounts ?? []).map((account: { accountId: unknown }) => JSON.stringify(account.accountId));
      fc.pre(new Set(ids).size === ids.length);
      const problems = validateDeclarationDocument(document);
      const valid = schemaAccepts(document);
      if (valid !== (problems.length === 0)) {
        throw new Error(
          `ajv says ${valid}, the command says ${JSON.stringify(problems.map((problem) => problem.message))}, ` +
            `ajv's errors ${JSON.stringify(schemaAccepts.errors?.slice(0, 3))}, for ${JSON.stringify(document)}`,
        );
      }
      accepted += valid ? 1 : 0;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  process.stdout.write(`schema agreement: ${accepted} of ${RUNS} generated documents accepted by both, the rest refused by both\n`);
  // Both kinds must have been tried, or the agreement says little.
  expect(accepted).toBeGreaterThan(RUNS / 20);
  expect(accepted).toBeLessThan(RUNS * 0.95);
});
