/**
 * The declaration file (YAML or JSON) that the command's `diff` and `apply` read: its shape, every refusal, and the
 * JSON Schema that editors check it with. Both are derived from the one rule table (`validation.ts`), so that a
 * value refused by a construct at synth is refused here with the same words.
 *
 * ```yaml
 * organization:              # optional: defaults for every ACTIVE account of the organization (or of its scope)
 *   security: { name: ..., title: ..., emailAddress: ..., phoneNumber: ... }
 *   billing: { ... }          # optional, as operations and contactInformation
 *   organizationalUnitIds: ["ou-ab12-workloads"]          # optional scope: only these units, nested units included
 *   accountIds: ["222233334444"]                           # optional scope: only these accounts
 *   excludeAccountIds: ["999988887777"]
 *   excludeOrganizationalUnitIds: ["ou-ab12-sandboxes"]   # nested units included
 *   excludeAccountTags: [{ key: "environment", value: "sandbox" }]
 * accountTags:                # optional: per account tag, over the units (the first matching tag wins)
 *   - tag: { key: "team", value: "payments" }
 *     operations: { ... }
 * organizationalUnits:        # optional: per unit, over the defaults (the nearest unit wins, per contact type)
 *   - organizationalUnitId: "ou-ab12-payments"
 *     operations: { ... }
 * accounts:                   # optional: per account, over the defaults ("self" is the caller's account)
 *   - accountId: "222233334444"
 *     security: { ... }
 * ```
 */
import { AccountTag } from './account-tag';
import { nearestKey } from './nearest-key';
import { maskEmailAddress } from './personal-data';
import { validatePrimaryEmail } from './primary-email-update';
import { validateTagConditions } from './tag-conditions';
import {
  ALTERNATE_CONTACT_RULES,
  CONTACT_INFORMATION_RULES,
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

/** The contact keys of an account entry, a unit entry and the organization defaults. */
export const CONTACT_KEYS: readonly string[] = [...Object.keys(ALTERNATE_CONTACT_KEYS), 'contactInformation'];
const TOP_LEVEL_KEYS = ['organization', 'organizationalUnits', 'accountTags', 'accounts', '$schema'];
/** The organization section's scope and exclusions: the names of the constructs' `accountSelection`. */
const SELECTION_KEYS = ['accountIds', 'organizationalUnitIds', 'excludeAccountIds', 'excludeOrganizationalUnitIds'] as const;
const ORGANIZATION_KEYS = [...CONTACT_KEYS, ...SELECTION_KEYS, 'excludeAccountTags'];
const UNIT_KEYS = ['organizationalUnitId', ...CONTACT_KEYS];
const TAG_OVERRIDE_KEYS = ['tag', ...CONTACT_KEYS];
/** The keys of a tag condition: the key, and a value unless any value will do. */
export const TAG_KEYS: readonly string[] = ['key', 'value'];
/** The tag lists by their names in a declaration file, for the shared tag rule's messages. */
const TAG_LIST_NAMES = { excludeAccountTags: 'organization.excludeAccountTags', accountTagOverrides: 'accountTags' };
/** An account's own primary email address (the root user's): one account's, so never a default of many. */
export const PRIMARY_EMAIL_KEY = 'primaryEmail';
const ACCOUNT_KEYS = ['accountId', ...CONTACT_KEYS, PRIMARY_EMAIL_KEY];
const ALTERNATE_CONTACT_FIELDS = ALTERNATE_CONTACT_RULES.map((rule) => rule.field);
const CONTACT_INFORMATION_FIELDS = CONTACT_INFORMATION_RULES.map((rule) => rule.field);

/** What the JSON Schema cannot say, and only {@link validateDeclarationDocument} checks. */
export const RULES_BEYOND_THE_SCHEMA: readonly string[] = [
  'an account id listed twice in accounts',
  'an account both in accounts and in organization.excludeAccountIds',
  'an account both in organization.accountIds and organization.excludeAccountIds',
  'a unit both in organization.organizationalUnitIds and organization.excludeOrganizationalUnitIds',
  'a unit listed twice in organizationalUnits, or also in organization.excludeOrganizationalUnitIds',
  'a tag given twice in accountTags, or covered by organization.excludeAccountTags',
  '"self" and the caller\'s own account id both in accounts (checked once the caller is known)',
  "a primaryEmail that looks like one person's mailbox (the audit's primaryEmailLooksPersonal)",
  'one primaryEmail declared for two accounts (AWS gives each address to one account)',
];

type Problems = ValidationProblem[];

/** A value's kind in YAML's words: the file's readers write mappings, not objects. */
function yamlTypeName(value: unknown): string {
  return typeName(value, 'a mapping');
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], where: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) {
      continue;
    }
    const field = where ? `${where}.${key}` : key;
    if (key === PRIMARY_EMAIL_KEY) {
      problems.push({
        field,
        message: `${field}: a primary email address belongs to one account (AWS gives each address to one account), so it is declared per account, under accounts[].${PRIMARY_EMAIL_KEY}`,
      });
      continue;
    }
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

/** Where each valid id of a list is, by id; duplicates, bad ids and (for a scope) an empty list are problems. */
function checkIdList(
  value: unknown,
  field: string,
  checkId: (id: unknown, field: string, problems: Problems) => void,
  problems: Problems,
  scope: boolean,
): Map<string, number> {
  const positions = new Map<string, number>();
  if (value === undefined || !checkList(value, field, problems)) {
    return positions;
  }
  if (scope && value.length === 0) {
    problems.push({ field, message: `${field} is empty: leave it out to cover every account of the organization` });
  }
  value.forEach((id, index) => {
    const where = `${field}[${index}]`;
    checkId(id, where, problems);
    if (typeof id !== 'string') {
      return;
    }
    if (positions.has(id)) {
      problems.push({ field: where, message: `${where} '${printableText(id)}' is listed twice (first at ${field}[${positions.get(id)}])` });
    } else {
      positions.set(id, index);
    }
  });
  return positions;
}

const checkUnitIdValue = (value: unknown, field: string, problems: Problems) => problems.push(...validateOrganizationalUnitId(value, { field }));

/** An id both chosen and excluded: the exclusion would win silently, and the user meant one of the two. */
function chosenAndExcluded(chosen: Map<string, number>, excluded: Map<string, number>, kind: 'account' | 'unit', problems: Problems): void {
  const [chosenName, excludedName] =
    kind === 'account' ? ['accountIds', 'excludeAccountIds'] : ['organizationalUnitIds', 'excludeOrganizationalUnitIds'];
  excluded.forEach((index, id) => {
    if (chosen.has(id)) {
      const field = `organization.${excludedName}[${index}]`;
      problems.push({
        field,
        message: `${field} '${id}' is also organization.${chosenName}[${chosen.get(id)}]: a${kind === 'unit' ? ' unit' : 'n account'} is either chosen or excluded, not both`,
      });
    }
  });
}

/** The organization section: its contacts, scope and exclusions. Returns the excluded account and unit ids. */
function checkOrganization(organization: unknown, problems: Problems): { excludedAccounts: Map<string, number>; excludedUnits: Map<string, number> } {
  const none = { excludedAccounts: new Map<string, number>(), excludedUnits: new Map<string, number>() };
  if (!isPlainObject(organization)) {
    problems.push({
      field: 'organization',
      message: `organization must be a mapping of contacts, ${SELECTION_KEYS.join(', ')}, got ${yamlTypeName(organization)}`,
    });
    return none;
  }
  unknownKeys(organization, ORGANIZATION_KEYS, 'organization', problems);
  if (checkContacts(organization, 'organization', problems) === 0) {
    problems.push({
      field: 'organization',
      message: 'organization declares no contact: give it security, billing, operations or contactInformation',
    });
  }
  const list = (key: (typeof SELECTION_KEYS)[number], checkId: typeof checkAccountIdValue, scope: boolean) =>
    checkIdList(organization[key], `organization.${key}`, checkId, problems, scope);
  const chosenAccounts = list('accountIds', checkAccountIdValue, true);
  const chosenUnits = list('organizationalUnitIds', checkUnitIdValue, true);
  const excludedAccounts = list('excludeAccountIds', checkAccountIdValue, false);
  const excludedUnits = list('excludeOrganizationalUnitIds', checkUnitIdValue, false);
  chosenAndExcluded(chosenAccounts, excludedAccounts, 'account', problems);
  chosenAndExcluded(chosenUnits, excludedUnits, 'unit', problems);
  return { excludedAccounts, excludedUnits };
}

/** The unit overrides: each a known unit, once, not excluded, with at least one contact. */
function checkUnitOverrides(units: unknown, excludedUnits: Map<string, number>, problems: Problems): void {
  if (!checkList(units, 'organizationalUnits', problems)) {
    return;
  }
  const seen = new Map<string, number>();
  units.forEach((unit, index) => {
    const where = `organizationalUnits[${index}]`;
    if (!isPlainObject(unit)) {
      problems.push({ field: where, message: `${where} must be a mapping with organizationalUnitId and contacts, got ${yamlTypeName(unit)}` });
      return;
    }
    unknownKeys(unit, UNIT_KEYS, where, problems);
    const field = `${where}.organizationalUnitId`;
    problems.push(...validateOrganizationalUnitId(unit.organizationalUnitId, { field }));
    if (checkContacts(unit, where, problems) === 0) {
      problems.push({
        field: where,
        message: `${where} declares no contact: give it security, billing, operations or contactInformation, or remove it`,
      });
    }
    const id = unit.organizationalUnitId;
    if (typeof id !== 'string') {
      return;
    }
    if (seen.has(id)) {
      problems.push({
        field,
        message: `${field} '${printableText(id)}' is declared twice (first at organizationalUnits[${seen.get(id)}]): declare each unit once`,
      });
    }
    seen.set(id, index);
    if (excludedUnits.has(id)) {
      problems.push({
        field,
        message: `${field} '${id}' is also in organization.excludeOrganizationalUnitIds[${excludedUnits.get(id)}]: the accounts of an excluded unit are left alone, so its contacts would never apply`,
      });
    }
  });
}

/**
 * Every problem of a parsed declaration file: unknown keys (with the nearest known one), values of the wrong type,
 * every contact field against the rule table, account and unit ids, duplicates, an account or unit both chosen (or
 * declared) and excluded, and sizes. Empty when the declaration can be used as it is: nothing is skipped or guessed.
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
  const { excludedAccounts: excluded, excludedUnits } =
    document.organization === undefined
      ? { excludedAccounts: new Map<string, number>(), excludedUnits: new Map<string, number>() }
      : checkOrganization(document.organization, problems);
  if (document.organizationalUnits !== undefined) {
    if (document.organization === undefined) {
      problems.push({
        field: 'organizationalUnits',
        message: "organizationalUnits overrides the organization's defaults by unit: declare organization too (its contacts and scope)",
      });
    }
    checkUnitOverrides(document.organizationalUnits, excludedUnits, problems);
  }
  checkTagConditions(document, problems);
  if (document.accounts !== undefined && checkList(document.accounts, 'accounts', problems)) {
    checkAccounts(document.accounts, excluded, problems);
  }
  return problems;
}

/** The tag conditions (`organization.excludeAccountTags`, `accountTags`): shapes here, the rule in tag-conditions.ts. */
function checkTagConditions(document: Record<string, unknown>, problems: Problems): void {
  const organization = isPlainObject(document.organization) ? document.organization : {};
  const excludeTags: unknown[] = [];
  if (organization.excludeAccountTags !== undefined && checkList(organization.excludeAccountTags, 'organization.excludeAccountTags', problems)) {
    organization.excludeAccountTags.forEach((tag, index) => {
      if (isPlainObject(tag)) {
        unknownKeys(tag, TAG_KEYS, `organization.excludeAccountTags[${index}]`, problems);
      }
      excludeTags.push(tag);
    });
  }
  const overrideTags: unknown[] = [];
  if (document.accountTags !== undefined) {
    if (document.organization === undefined) {
      problems.push({
        field: 'accountTags',
        message: "accountTags overrides the organization's defaults by account tag: declare organization too (its contacts and scope)",
      });
    }
    if (checkList(document.accountTags, 'accountTags', problems)) {
      document.accountTags.forEach((override, index) => {
        const where = `accountTags[${index}]`;
        if (!isPlainObject(override)) {
          problems.push({ field: where, message: `${where} must be a mapping with tag and contacts, got ${yamlTypeName(override)}` });
          overrideTags.push(undefined);
          return;
        }
        unknownKeys(override, TAG_OVERRIDE_KEYS, where, problems);
        if (isPlainObject(override.tag)) {
          unknownKeys(override.tag, TAG_KEYS, `${where}.tag`, problems);
        }
        if (checkContacts(override, where, problems) === 0) {
          problems.push({
            field: where,
            message: `${where} declares no contact: give it security, billing, operations or contactInformation, or remove it`,
          });
        }
        overrideTags.push(override.tag);
      });
    }
  }
  problems.push(...validateTagConditions(excludeTags as AccountTag[], overrideTags as AccountTag[], {}, TAG_LIST_NAMES));
}

function checkAccounts(accounts: unknown[], excluded: Map<string, number>, problems: Problems): void {
  if (accounts.length > DECLARATION_FILE_MAX_ACCOUNTS) {
    problems.push({
      field: 'accounts',
      message: `accounts lists ${accounts.length} accounts: at most ${DECLARATION_FILE_MAX_ACCOUNTS} in one declaration file`,
    });
  }
  const seen = new Map<string, number>();
  const primaryEmails = new Map<string, number>();
  accounts.slice(0, DECLARATION_FILE_MAX_ACCOUNTS).forEach((account, index) => {
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
    const primaryEmail = checkPrimaryEmail(account.primaryEmail, index, primaryEmails, problems);
    if (checkContacts(account, where, problems) + primaryEmail === 0) {
      problems.push({
        field: where,
        message: `${where} declares no contact: give it security, billing, operations, contactInformation or primaryEmail, or remove it`,
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

/** An account's primary email, when declared (1, else 0): the shared rule, and each address for one account only. */
function checkPrimaryEmail(value: unknown, index: number, seen: Map<string, number>, problems: Problems): number {
  if (value === undefined) {
    return 0;
  }
  const field = `accounts[${index}].${PRIMARY_EMAIL_KEY}`;
  const found = validatePrimaryEmail(value, {
    field,
    personalRemedy: 'or set it once with account-contacts update-primary-email --allow-personal (a declaration keeps to the rule)',
  });
  problems.push(...found);
  if (found.length === 0 && typeof value === 'string') {
    const address = value.trim().toLowerCase();
    const first = seen.get(address);
    if (first !== undefined) {
      problems.push({
        field,
        message: `${field} '${maskEmailAddress(value.trim())}' is also accounts[${first}].${PRIMARY_EMAIL_KEY}: AWS gives each address to one account`,
      });
    } else {
      seen.set(address, index);
    }
  }
  return 1;
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
