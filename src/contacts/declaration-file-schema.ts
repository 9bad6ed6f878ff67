/**
 * The JSON Schema of declaration files (`schema/declaration.schema.json`), for editors
 * (`# yaml-language-server: $schema=...`) and other tools: derived from the same rule table (`validation.ts`) and key
 * lists as the command's own check (`declaration-file.ts`), so that both accept the same documents, except for what
 * a schema cannot say ({@link RULES_BEYOND_THE_SCHEMA}).
 */
import { ISO_3166_ALPHA2_COUNTRY_CODES } from './country-codes';
import {
  ALTERNATE_CONTACT_KEYS,
  CONTACT_KEYS,
  DECLARATION_FILE_MAX_ACCOUNTS,
  DECLARATION_FILE_MAX_BYTES,
  PRIMARY_EMAIL_KEY,
  RULES_BEYOND_THE_SCHEMA,
  SELF_ACCOUNT,
} from './declaration-file';
import { PRIMARY_EMAIL_RULE, PRIMARY_EMAIL_SHAPE } from './primary-email-update';
import {
  ACCOUNT_ID_RULE,
  ALTERNATE_CONTACT_RULES,
  CONTACT_INFORMATION_RULES,
  FieldRule,
  ORGANIZATIONAL_UNIT_ID_RULE,
  STATE_OR_REGION_REQUIRED_COUNTRIES,
  TAG_KEY_RULE,
  TAG_VALUE_RULE,
  TEXT_RULES,
} from './validation';

function stringSchema(rule: FieldRule, pattern = rule.pattern): Record<string, unknown> {
  return {
    type: 'string',
    description: `${rule.apiShape}.${rule.apiMember} (${rule.api ?? 'Account Management API'})`,
    ...(rule.minLength !== undefined ? { minLength: rule.minLength } : {}),
    ...(rule.maxLength !== undefined ? { maxLength: rule.maxLength } : {}),
    ...(pattern ? { pattern: `^(?:${pattern})$` } : {}),
    ...(rule.text
      ? {
          allOf: TEXT_RULES.map((textRule) => ({
            pattern: textRule.pattern,
            description: `${textRule.problem}: ${textRule.rule}`.replace(/^is /, 'refused when it is ').replace(/^holds /, 'refused when it holds '),
          })),
        }
      : {}),
  };
}

function objectSchema(rules: readonly FieldRule[], description: string): Record<string, unknown> {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: rules.filter((rule) => rule.required).map((rule) => rule.field),
    properties: Object.fromEntries(rules.map((rule) => [rule.field, stringSchema(rule)])),
  };
}

function contactsProperties(): Record<string, unknown> {
  return {
    ...Object.fromEntries(
      Object.entries(ALTERNATE_CONTACT_KEYS).map(([key, type]) => [
        key,
        { $ref: '#/$defs/alternateContact', description: `The ${type} alternate contact` },
      ]),
    ),
    contactInformation: { $ref: '#/$defs/contactInformation' },
  };
}

const AT_LEAST_ONE_CONTACT = { anyOf: CONTACT_KEYS.map((key) => ({ required: [key] })) };

/** A list of distinct ids; `minItems: 1` for a scope, where an empty list is refused (leave it out instead). */
function idList(definition: string, description: string, minItems?: number): Record<string, unknown> {
  return { type: 'array', uniqueItems: true, ...(minItems ? { minItems } : {}), items: { $ref: `#/$defs/${definition}` }, description };
}

/**
 * The JSON Schema (draft 2020-12) of declaration files, for editors (`# yaml-language-server: $schema=...`) and
 * other tools. What it cannot express is listed in {@link RULES_BEYOND_THE_SCHEMA}.
 */
export function declarationFileSchema(): Record<string, unknown> {
  const accountId = { ...stringSchema({ ...ACCOUNT_ID_RULE, required: true }), description: 'A 12-digit AWS account id, as a string' };
  const organizationalUnitId = { ...stringSchema(ORGANIZATIONAL_UNIT_ID_RULE), description: 'An organizational unit id (ou-...)' };
  const contactInformation = objectSchema(CONTACT_INFORMATION_RULES, 'The primary contact (PutContactInformation)');
  (contactInformation.properties as Record<string, Record<string, unknown>>).countryCode.enum = [...ISO_3166_ALPHA2_COUNTRY_CODES].sort();
  contactInformation.if = { properties: { countryCode: { enum: [...STATE_OR_REGION_REQUIRED_COUNTRIES] } }, required: ['countryCode'] };
  contactInformation.then = { required: ['stateOrRegion'] };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/cdk-account-contacts/cdk-account-contacts/schema/declaration.schema.json',
    title: 'cdk-account-contacts declaration file',
    description: `The contacts that account-contacts diff and apply compare and write. Also refused, beyond this schema: ${RULES_BEYOND_THE_SCHEMA.join('; ')}. Files larger than ${DECLARATION_FILE_MAX_BYTES} bytes are refused.`,
    type: 'object',
    additionalProperties: false,
    anyOf: [{ required: ['organization'] }, { required: ['accounts'] }],
    // Unit overrides override the organization's defaults: without them they would apply to nothing.
    dependentRequired: { organizationalUnits: ['organization'], accountTags: ['organization'] },
    properties: {
      $schema: { type: 'string' },
      organization: {
        type: 'object',
        description: 'Defaults for every ACTIVE account of the organization, or of its scope (accountIds, organizationalUnitIds)',
        additionalProperties: false,
        ...AT_LEAST_ONE_CONTACT,
        properties: {
          ...contactsProperties(),
          accountIds: idList('accountId', 'Only these accounts', 1),
          organizationalUnitIds: idList('organizationalUnitId', 'Only the accounts under these organizational units, nested units included', 1),
          excludeAccountIds: idList('accountId', 'Accounts left alone'),
          excludeOrganizationalUnitIds: idList(
            'organizationalUnitId',
            'Accounts under these organizational units, nested units included, are left alone',
          ),
          excludeAccountTags: {
            type: 'array',
            items: { $ref: '#/$defs/accountTag' },
            description: 'Accounts carrying any of these tags (in AWS Organizations) are left alone',
          },
        },
      },
      accountTags: {
        type: 'array',
        description: "Contacts of the accounts carrying a tag, over their units' and the organization's defaults: the first matching tag wins",
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['tag'],
          ...AT_LEAST_ONE_CONTACT,
          properties: { tag: { $ref: '#/$defs/accountTag' }, ...contactsProperties() },
        },
      },
      organizationalUnits: {
        type: 'array',
        description: "Contacts of the accounts under a unit, over the organization's defaults: the nearest unit wins, per contact type",
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['organizationalUnitId'],
          ...AT_LEAST_ONE_CONTACT,
          properties: { organizationalUnitId: { $ref: '#/$defs/organizationalUnitId' }, ...contactsProperties() },
        },
      },
      accounts: {
        type: 'array',
        maxItems: DECLARATION_FILE_MAX_ACCOUNTS,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['accountId'],
          anyOf: [...CONTACT_KEYS, PRIMARY_EMAIL_KEY].map((key) => ({ required: [key] })),
          properties: {
            accountId: { anyOf: [{ $ref: '#/$defs/accountId' }, { const: SELF_ACCOUNT, description: "The caller's own account" }] },
            ...contactsProperties(),
            [PRIMARY_EMAIL_KEY]: {
              ...stringSchema(PRIMARY_EMAIL_RULE, PRIMARY_EMAIL_SHAPE),
              description: `The account's primary email address, the root user's (${PRIMARY_EMAIL_RULE.apiShape}.${PRIMARY_EMAIL_RULE.apiMember}): a mail alias`,
            },
          },
        },
      },
    },
    $defs: {
      accountId,
      organizationalUnitId,
      accountTag: {
        type: 'object',
        description: 'An account tag in AWS Organizations: the key, and the value unless any value will do',
        additionalProperties: false,
        required: ['key'],
        properties: { key: stringSchema({ ...TAG_KEY_RULE, required: true }), value: stringSchema(TAG_VALUE_RULE) },
      },
      alternateContact: objectSchema(ALTERNATE_CONTACT_RULES, 'An alternate contact (PutAlternateContact)'),
      contactInformation,
    },
  };
}

/** The schema as the committed `schema/declaration.schema.json` holds it: two-space indented, one final newline. */
export function declarationFileSchemaText(): string {
  return `${JSON.stringify(declarationFileSchema(), null, 2)}\n`;
}
