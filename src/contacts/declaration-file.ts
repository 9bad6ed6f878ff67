/**
 * The declaration file (YAML or JSON) that the command's `diff` and `apply` read: its shape, every refusal, and the
 * JSON Schema that editors check it with. Both are derived from the one rule table (`validation.ts`), so that a
 * value refused by a construct at synth is refused here with the same words.
 *
 * ```yaml
 * organization:              # optional: defaults for every ACTIVE account of the organization
 *   security: { name: ..., title: ..., emailAddress: ..., phoneNumber: ... }
 *   billing: { ... }          # optional, as operations and contactInformation
 *   excludeAccountIds: ["999988887777"]
 *   excludeOrganizationalUnitIds: ["ou-ab12-sandboxes"]   # nested units included
 * accounts:                   # optional: per account, over the defaults ("self" is the caller's account)
 *   - accountId: "222233334444"
 *     security: { ... }
 * ```
 */
import { ISO_3166_ALPHA2_COUNTRY_CODES } from './country-codes';
import {
  ACCOUNT_ID_RULE,
  ALTERNATE_CONTACT_RULES,
  CONTACT_INFORMATION_RULES,
  FieldRule,
  STATE_OR_REGION_REQUIRED_COUNTRIES,
  TEXT_RULES,
  ValidationProblem,
  validateAccountId,
  validateAlternateContact,
  validateContactInformation,
  validateOrganizationalUnitId,
  printableText,
} from './validation';
import { isPlainObject, typeName } from './value-kind';

/** The largest declaration file read, in bytes: a larger one is refused before it is read whole. */
export const DECLARATION_FILE_MAX_BYTES = 1_048_576;

/** The most accounts one declaration file may list (each is read, and perhaps written, by one run). */
export const DECLARATION_FILE_MAX_ACCOUNTS = 10_000;

/** The account id that means the caller's own account. */
export const SELF_ACCOUNT = 'self';

/** The contact keys of an account entry and of the organization defaults, by alternate contact type. */
export const ALTERNATE_CONTACT_KEYS = { security: 'SECURITY', billing: 'BILLING', operations: 'OPERATIONS' } as const;

const CONTACT_KEYS = [...Object.keys(ALTERNATE_CONTACT_KEYS), 'contactInformation'];
const TOP_LEVEL_KEYS = ['organization', 'accounts', '$schema'];
const ORGANIZATION_KEYS = [...CONTACT_KEYS, 'excludeAccountIds', 'excludeOrganizationalUnitIds'];
const ACCOUNT_KEYS = ['accountId', ...CONTACT_KEYS];
const ALTERNATE_CONTACT_FIELDS = ALTERNATE_CONTACT_RULES.map((rule) => rule.field);
const CONTACT_INFORMATION_FIELDS = CONTACT_INFORMATION_RULES.map((rule) => rule.field);

/** Organizations' pattern of an organizational unit id (OrganizationalUnit.Id). */
const ORGANIZATIONAL_UNIT_ID_PATTERN = '^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$';

/** What the JSON Schema cannot say, and only {@link validateDeclarationDocument} checks. */
export const RULES_BEYOND_THE_SCHEMA: readonly string[] = [
  'an account id listed twice in accounts',
  'an account both in accounts and in organization.excludeAccountIds',
  '"self" and the caller\'s own account id both in accounts (checked once the caller is known)',
];

type Problems = ValidationProblem[];

/** A value's kind in YAML's words: the file's readers write mappings, not objects. */
function yamlTypeName(value: unknown): string {
  return typeName(value, 'a mapping');
}

/** Edit distance, for the nearest known key of a misspelt one. */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** The known key nearest to an unknown one, when it is near enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  // Never the opposite meaning: `excludeUnitIds` is not `organizationalUnitIds`, nor the other way round.
  const sameMeaning = known.filter((candidate) => excludes(candidate) === excludes(key));
  return nearestOf(key, sameMeaning);
}

/** Whether a key's first word is `exclude` (or a misspelling of it): a list of what is left out. */
function excludes(key: string): boolean {
  const firstWord = key.match(/^[a-z]+/)?.[0] ?? key.toLowerCase();
  return distance(firstWord.slice(0, 12), 'exclude') <= 2;
}

function nearestOf(key: string, known: readonly string[]): string | undefined {
  const ranked = known.map((candidate) => ({ candidate, distance: distance(key.slice(0, 64), candidate) })).sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  if (best && best.distance <= Math.max(2, Math.floor(best.candidate.length / 3))) {
    return best.candidate;
  }
  // A shortened name (`email` for `emailAddress`): the one known key that it begins, case aside.
  const lower = key.toLowerCase();
  const extended = lower.length >= 4 ? known.filter((candidate) => candidate.toLowerCase().startsWith(lower)) : [];
  return extended.length === 1 ? extended[0] : undefined;
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], where: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) {
      continue;
    }
    const field = where ? `${where}.${key}` : key;
    const near = nearestKey(key, known);
    const shown = printableText(key.length > 60 ? `${key.slice(0, 60)}...` : key);
    problems.push({
      field,
      message: `${where ? `${where}.` : ''}${shown} is not a key of ${where || 'a declaration file'}${near ? `: did you mean ${near}?` : ''} (known keys: ${known.join(', ')}); an unknown key is refused, never ignored`,
    });
  }
}

function checkAccountIdValue(value: unknown, field: string, problems: Problems): void {
  if (typeof value === 'number') {
    problems.push({
      field,
      message: `${field} ${value} is a number: write account ids as strings ('012345678901' in quotes), a number loses its leading zeros`,
    });
    return;
  }
  problems.push(...validateAccountId(value, { field }));
}

function checkContacts(value: Record<string, unknown>, where: string, problems: Problems): number {
  let declared = 0;
  for (const key of Object.keys(ALTERNATE_CONTACT_KEYS)) {
    if (value[key] === undefined) {
      continue;
    }
    declared += 1;
    const contact = value[key];
    problems.push(...validateAlternateContact(contact as never, { fieldPrefix: `${where}.${key}.` }));
    if (isPlainObject(contact)) {
      unknownKeys(contact, ALTERNATE_CONTACT_FIELDS, `${where}.${key}`, problems);
    }
  }
  if (value.contactInformation !== undefined) {
    declared += 1;
    problems.push(...validateContactInformation(value.contactInformation as never, { fieldPrefix: `${where}.contactInformation.` }));
    if (isPlainObject(value.contactInformation)) {
      unknownKeys(value.contactInformation, CONTACT_INFORMATION_FIELDS, `${where}.contactInformation`, problems);
    }
  }
  return declared;
}

function checkList(value: unknown, field: string, problems: Problems): value is unknown[] {
  if (!Array.isArray(value)) {
    problems.push({ field, message: `${field} must be a list, got ${yamlTypeName(value)}` });
    return false;
  }
  return true;
}

/**
 * Every problem of a parsed declaration file: unknown keys (with the nearest known one), values of the wrong type,
 * every contact field against the rule table, account ids, duplicates, an account both declared and excluded, and
 * sizes. Empty when the declaration can be used as it is: nothing is skipped or guessed.
 */
export function validateDeclarationDocument(document: unknown): ValidationProblem[] {
  const problems: Problems = [];
  if (!isPlainObject(document)) {
    return [{ field: '', message: `a declaration file must be a mapping with organization or accounts, got ${yamlTypeName(document)}` }];
  }
  unknownKeys(document, TOP_LEVEL_KEYS, '', problems);
  if (document.organization === undefined && document.accounts === undefined) {
    problems.push({
      field: '',
      message: 'a declaration file declares organization (defaults for every account), accounts (per account), or both: it has neither',
    });
  }
  const excluded = new Map<string, number>();
  if (document.organization !== undefined) {
    const organization = document.organization;
    if (!isPlainObject(organization)) {
      problems.push({
        field: 'organization',
        message: `organization must be a mapping of contacts, excludeAccountIds and excludeOrganizationalUnitIds, got ${yamlTypeName(organization)}`,
      });
    } else {
      unknownKeys(organization, ORGANIZATION_KEYS, 'organization', problems);
      if (checkContacts(organization, 'organization', problems) === 0) {
        problems.push({
          field: 'organization',
          message: 'organization declares no contact: give it security, billing, operations or contactInformation',
        });
      }
      if (organization.excludeAccountIds !== undefined && checkList(organization.excludeAccountIds, 'organization.excludeAccountIds', problems)) {
        organization.excludeAccountIds.forEach((accountId, index) => {
          const field = `organization.excludeAccountIds[${index}]`;
          checkAccountIdValue(accountId, field, problems);
          if (typeof accountId === 'string' && excluded.has(accountId)) {
            problems.push({ field, message: `${field} '${accountId}' is listed twice (first at excludeAccountIds[${excluded.get(accountId)}])` });
          } else if (typeof accountId === 'string') {
            excluded.set(accountId, index);
          }
        });
      }
    }
  }
  if (isPlainObject(document.organization) && document.organization.excludeOrganizationalUnitIds !== undefined) {
    const units = document.organization.excludeOrganizationalUnitIds;
    if (checkList(units, 'organization.excludeOrganizationalUnitIds', problems)) {
      const seenUnits = new Map<unknown, number>();
      units.forEach((unit, index) => {
        const field = `organization.excludeOrganizationalUnitIds[${index}]`;
        problems.push(...validateOrganizationalUnitId(unit, { field }));
        if (seenUnits.has(unit)) {
          problems.push({
            field,
            message: `${field} '${String(unit)}' is listed twice (first at excludeOrganizationalUnitIds[${seenUnits.get(unit)}])`,
          });
        }
        seenUnits.set(unit, index);
      });
    }
  }
  if (document.accounts !== undefined && checkList(document.accounts, 'accounts', problems)) {
    if (document.accounts.length > DECLARATION_FILE_MAX_ACCOUNTS) {
      problems.push({
        field: 'accounts',
        message: `accounts lists ${document.accounts.length} accounts: at most ${DECLARATION_FILE_MAX_ACCOUNTS} in one declaration file`,
      });
    }
    const seen = new Map<string, number>();
    document.accounts.slice(0, DECLARATION_FILE_MAX_ACCOUNTS).forEach((account, index) => {
      const where = `accounts[${index}]`;
      if (!isPlainObject(account)) {
        problems.push({ field: where, message: `${where} must be a mapping with accountId and contacts, got ${yamlTypeName(account)}` });
        return;
      }
      unknownKeys(account, ACCOUNT_KEYS, where, problems);
      const accountId = account.accountId;
      if (accountId === undefined) {
        problems.push({
          field: `${where}.accountId`,
          message: `${where}.accountId is required: a 12-digit account id, or '${SELF_ACCOUNT}' for the caller's own account`,
        });
      } else if (accountId !== SELF_ACCOUNT) {
        checkAccountIdValue(accountId, `${where}.accountId`, problems);
      }
      if (checkContacts(account, where, problems) === 0) {
        problems.push({
          field: where,
          message: `${where} declares no contact: give it security, billing, operations or contactInformation, or remove it`,
        });
      }
      if (typeof accountId !== 'string') {
        return;
      }
      if (seen.has(accountId)) {
        problems.push({
          field: `${where}.accountId`,
          message: `${where}.accountId '${accountId}' is declared twice (first at accounts[${seen.get(accountId)}]): declare each account once`,
        });
      }
      seen.set(accountId, index);
      if (excluded.has(accountId)) {
        problems.push({
          field: `${where}.accountId`,
          message: `${where}.accountId '${accountId}' is also in organization.excludeAccountIds[${excluded.get(accountId)}]: an account is either declared or excluded, not both`,
        });
      }
    });
  }
  return problems;
}

/** The problem of a declaration whose `self` entry and an entry with the caller's own id both declare one account. */
export function selfDeclaredTwice(accountIds: readonly string[], callerAccountId: string): ValidationProblem | undefined {
  const own = accountIds.indexOf(callerAccountId);
  const self = accountIds.indexOf(SELF_ACCOUNT);
  if (own < 0 || self < 0) {
    return undefined;
  }
  return {
    field: `accounts[${Math.max(own, self)}].accountId`,
    message: `accounts[${self}] ('${SELF_ACCOUNT}') and accounts[${own}] ('${callerAccountId}') declare the same account, the caller's own: declare it once`,
  };
}

// The JSON Schema, derived from the same tables.

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

/**
 * The JSON Schema (draft 2020-12) of declaration files, for editors (`# yaml-language-server: $schema=...`) and
 * other tools. What it cannot express is listed in {@link RULES_BEYOND_THE_SCHEMA}.
 */
export function declarationFileSchema(): Record<string, unknown> {
  const accountId = { ...stringSchema({ ...ACCOUNT_ID_RULE, required: true }), description: 'A 12-digit AWS account id, as a string' };
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
    properties: {
      $schema: { type: 'string' },
      organization: {
        type: 'object',
        description: 'Defaults for every ACTIVE account of the organization',
        additionalProperties: false,
        ...AT_LEAST_ONE_CONTACT,
        properties: {
          ...contactsProperties(),
          excludeAccountIds: { type: 'array', uniqueItems: true, items: { $ref: '#/$defs/accountId' }, description: 'Accounts left alone' },
          excludeOrganizationalUnitIds: {
            type: 'array',
            uniqueItems: true,
            items: { type: 'string', pattern: ORGANIZATIONAL_UNIT_ID_PATTERN },
            description: 'Accounts under these organizational units, nested units included, are left alone',
          },
        },
      },
      accounts: {
        type: 'array',
        maxItems: DECLARATION_FILE_MAX_ACCOUNTS,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['accountId'],
          ...AT_LEAST_ONE_CONTACT,
          properties: {
            accountId: { anyOf: [{ $ref: '#/$defs/accountId' }, { const: SELF_ACCOUNT, description: "The caller's own account" }] },
            ...contactsProperties(),
          },
        },
      },
    },
    $defs: {
      accountId,
      alternateContact: objectSchema(ALTERNATE_CONTACT_RULES, 'An alternate contact (PutAlternateContact)'),
      contactInformation,
    },
  };
}

/** The schema as the committed `schema/declaration.schema.json` holds it: two-space indented, one final newline. */
export function declarationFileSchemaText(): string {
  return `${JSON.stringify(declarationFileSchema(), null, 2)}\n`;
}
