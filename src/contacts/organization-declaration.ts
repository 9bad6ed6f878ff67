/**
 * What an organization-wide construct declares, as one JSON document: the default contacts, the scope
 * (accounts, organizational units, exclusions) and the overrides per organizational unit and per account.
 *
 * The CDK construct writes it (an S3 asset, so the template's size does not grow with the overrides), the
 * handler reads it, resolves each account's contacts and validates it again; the CDK-for-Terraform construct
 * and the command share its validation. Pure: no AWS or CDK imports.
 */
import { AccountContactsOverride } from './account-contacts-override';
import { AccountSelection } from './account-selection';
import { AccountTag } from './account-tag';
import { AccountTagContactsOverride } from './account-tag-contacts-override';
import { AlternateContact, AlternateContactType } from './alternate-contact';
import { ContactInformation } from './contact-information';
import { ParameterContactProperty } from './contact-parameters';
import { ContactsOverrides } from './contacts-overrides';
import { DeclaredAlternateContacts, declaredContacts, validateDeclaredAlternateContacts } from './declared-contacts';
import { OrganizationalUnitContactsOverride } from './organizational-unit-contacts-override';
import { validateTagConditions } from './tag-conditions';
import {
  ValidationOptions,
  ValidationProblem,
  validateAccountId,
  validateAlternateContact,
  validateContactInformation,
  validateOrganizationalUnitId,
} from './validation';

/** The contacts declared at one level (defaults, a unit, an account). */
export interface DeclaredContactsSet extends DeclaredAlternateContacts {
  readonly contactInformation?: ContactInformation;
}

/** The declaration document. */
export interface OrganizationDeclaration {
  /** The document's format. */
  readonly version: 1;
  /** The construct that declared it, for messages. */
  readonly constructPath: string;
  /** The defaults of every account in scope. */
  readonly defaults: DeclaredContactsSet;
  /** Only these accounts; `undefined` for every account of the organization. */
  readonly accountIds?: string[];
  /** Only the accounts in these units (nested units included); `undefined` for the whole organization. */
  readonly organizationalUnitIds?: string[];
  /** Accounts left alone. */
  readonly excludeAccountIds: string[];
  /** Accounts under these units, at any depth, are left alone. @default none */
  readonly excludeOrganizationalUnitIds?: string[];
  /** Overrides by organizational unit. */
  readonly organizationalUnitOverrides: OrganizationalUnitContactsOverride[];
  /** Overrides by account. */
  readonly accountOverrides: AccountContactsOverride[];
  /** Accounts carrying any of these tags are left alone. @default none */
  readonly excludeAccountTags?: AccountTag[];
  /** Overrides by account tag, first match first. @default none */
  readonly accountTagOverrides?: AccountTagContactsOverride[];
  /**
   * Default contacts whose values are held in SSM parameters (see `contact-parameters.ts`), read by the function
   * when it runs; the parameters' names are the function's, not the document's (they may be tokens at synth).
   * @default none
   */
  readonly defaultsFromParameters?: ParameterContactProperty[];
}

/** The contacts one account must end with. */
export interface ResolvedAccountContacts {
  /** The alternate contacts, by type; types absent here are not managed for the account. */
  readonly alternateContacts: Partial<Record<AlternateContactType, AlternateContact>>;
  /** The primary contact, when one is managed. */
  readonly contactInformation?: ContactInformation;
}

/** Where an account sits: its id and the ids of its organizational units, nearest first. */
export interface AccountPlacement {
  readonly accountId: string;
  /** The units that hold the account, from its parent up to (not including) the root. */
  readonly organizationalUnitIds: string[];
  /** The account's tags, when the declaration uses tags (see {@link usesAccountTags}). */
  readonly tags?: Record<string, string>;
}

/** Whether the declaration excludes or overrides by tag: then each account's tags must be read. */
export function usesAccountTags(declaration: OrganizationDeclaration): boolean {
  return (declaration.excludeAccountTags ?? []).length > 0 || (declaration.accountTagOverrides ?? []).length > 0;
}

/** Whether the tags satisfy the condition: the key, and the value when the condition gives one. */
export function hasAccountTag(tags: Record<string, string>, tag: AccountTag): boolean {
  return Object.prototype.hasOwnProperty.call(tags, tag.key) && (tag.value === undefined || tags[tag.key] === tag.value);
}

/** The first of `excludeAccountTags` that the account carries, or `undefined` when none excludes it. */
export function excludingAccountTag(declaration: OrganizationDeclaration, placement: AccountPlacement): AccountTag | undefined {
  const conditions = declaration.excludeAccountTags ?? [];
  if (conditions.length === 0) {
    return undefined;
  }
  return conditions.find((tag) => hasAccountTag(tagsOf(declaration, placement), tag));
}

function tagsOf(declaration: OrganizationDeclaration, placement: AccountPlacement): Record<string, string> {
  if (placement.tags === undefined) {
    // Never decide without the tags: an account would silently get the wrong contacts, or escape its exclusion.
    throw new Error(
      `${declaration.constructPath}: account ${placement.accountId}'s tags were not read, and the declaration excludes or overrides by tag`,
    );
  }
  return placement.tags;
}

/** Whether the declaration manages the account: in the listed accounts or units, and not excluded. */
export function isAccountInScope(
  declaration: Pick<OrganizationDeclaration, 'accountIds' | 'organizationalUnitIds' | 'excludeAccountIds' | 'excludeOrganizationalUnitIds'>,
  placement: AccountPlacement,
): boolean {
  if (declaration.excludeAccountIds.includes(placement.accountId)) {
    return false;
  }
  const excludedUnits = declaration.excludeOrganizationalUnitIds ?? [];
  if (placement.organizationalUnitIds.some((unit) => excludedUnits.includes(unit))) {
    return false;
  }
  if (declaration.accountIds !== undefined && !declaration.accountIds.includes(placement.accountId)) {
    return false;
  }
  if (declaration.organizationalUnitIds !== undefined) {
    return placement.organizationalUnitIds.some((unit) => declaration.organizationalUnitIds!.includes(unit));
  }
  return true;
}

/**
 * The scope and overrides of a declaration, from the grouped properties every organization construct takes
 * (`accountSelection`, `overrides`): one mapping for the AWS CDK and the Terraform constructs.
 */
export function scopeDeclaration(
  selection: AccountSelection,
  overrides: ContactsOverrides,
): Omit<OrganizationDeclaration, 'version' | 'constructPath' | 'defaults' | 'defaultsFromParameters'> {
  return {
    accountIds: selection.accountIds,
    organizationalUnitIds: selection.organizationalUnitIds,
    excludeAccountIds: selection.excludeAccountIds ?? [],
    ...(selection.excludeOrganizationalUnitIds !== undefined ? { excludeOrganizationalUnitIds: selection.excludeOrganizationalUnitIds } : {}),
    organizationalUnitOverrides: overrides.organizationalUnits ?? [],
    accountOverrides: overrides.accounts ?? [],
    excludeAccountTags: selection.excludeAccountTags,
    accountTagOverrides: overrides.accountTags,
  };
}

/**
 * The contacts of one account: for each contact type, the account's override, else the first matching tag
 * override, else the nearest unit's override, else an enclosing unit's, else the default.
 */
export function resolveAccountContacts(declaration: OrganizationDeclaration, placement: AccountPlacement): ResolvedAccountContacts {
  const levels: DeclaredContactsSet[] = [declaration.defaults];
  // Enclosing units first, so that nearer units come later and win.
  for (const unit of [...placement.organizationalUnitIds].reverse()) {
    const override = declaration.organizationalUnitOverrides.find((candidate) => candidate.organizationalUnitId === unit);
    if (override) {
      levels.push(override);
    }
  }
  const tagOverrides = declaration.accountTagOverrides ?? [];
  if (tagOverrides.length > 0) {
    const tags = tagsOf(declaration, placement);
    // Listed last wins below: push the matching ones in reverse, so that the first listed comes last.
    levels.push(...tagOverrides.filter((override) => hasAccountTag(tags, override.tag)).reverse());
  }
  const accountOverride = declaration.accountOverrides.find((candidate) => candidate.accountId === placement.accountId);
  if (accountOverride) {
    levels.push(accountOverride);
  }
  const alternateContacts: Partial<Record<AlternateContactType, AlternateContact>> = {};
  let contactInformation: ContactInformation | undefined;
  for (const level of levels) {
    for (const { type, contact } of declaredContacts(level)) {
      alternateContacts[type] = contact;
    }
    contactInformation = level.contactInformation ?? contactInformation;
  }
  return { alternateContacts, contactInformation };
}

/** The alternate contact types an account ends up with under any override: what the role must be allowed. */
export function managedAlternateContactTypes(declaration: OrganizationDeclaration): AlternateContactType[] {
  const types = new Set<AlternateContactType>();
  for (const level of allLevels(declaration)) {
    declaredContacts(level).forEach(({ type }) => types.add(type));
  }
  for (const property of declaration.defaultsFromParameters ?? []) {
    if (property !== 'contactInformation') {
      types.add(property.toUpperCase() as AlternateContactType);
    }
  }
  return [...types].sort();
}

/** Whether any level declares a primary contact. */
export function managesContactInformation(declaration: OrganizationDeclaration): boolean {
  return (
    allLevels(declaration).some((level) => level.contactInformation !== undefined) ||
    (declaration.defaultsFromParameters ?? []).includes('contactInformation')
  );
}

function allLevels(declaration: OrganizationDeclaration): DeclaredContactsSet[] {
  const { defaults, organizationalUnitOverrides, accountTagOverrides, accountOverrides } = declaration;
  return [defaults, ...organizationalUnitOverrides, ...(accountTagOverrides ?? []), ...accountOverrides];
}

/** The declaration's lists, by the name each has where the user wrote it: messages name that. */
export type DeclarationListNames = Readonly<
  Record<
    | 'accountIds'
    | 'organizationalUnitIds'
    | 'excludeAccountIds'
    | 'excludeOrganizationalUnitIds'
    | 'excludeAccountTags'
    | 'accountOverrides'
    | 'organizationalUnitOverrides'
    | 'accountTagOverrides',
    string
  >
>;

/** The declaration's own names, which the Terraform constructs' props share. */
export const DECLARATION_LIST_NAMES: DeclarationListNames = {
  accountIds: 'accountIds',
  organizationalUnitIds: 'organizationalUnitIds',
  excludeAccountIds: 'excludeAccountIds',
  excludeOrganizationalUnitIds: 'excludeOrganizationalUnitIds',
  excludeAccountTags: 'excludeAccountTags',
  accountOverrides: 'accountOverrides',
  organizationalUnitOverrides: 'organizationalUnitOverrides',
  accountTagOverrides: 'accountTagOverrides',
};

/** Where each list is in the AWS CDK `OrganizationContactsProps`, grouped by concern. */
export const ORGANIZATION_CONTACTS_LIST_NAMES: DeclarationListNames = {
  accountIds: 'accountSelection.accountIds',
  organizationalUnitIds: 'accountSelection.organizationalUnitIds',
  excludeAccountIds: 'accountSelection.excludeAccountIds',
  excludeOrganizationalUnitIds: 'accountSelection.excludeOrganizationalUnitIds',
  excludeAccountTags: 'accountSelection.excludeAccountTags',
  accountOverrides: 'overrides.accounts',
  organizationalUnitOverrides: 'overrides.organizationalUnits',
  accountTagOverrides: 'overrides.accountTags',
};

/**
 * Every problem of a declaration: the defaults (SECURITY required), each override's contacts, account and unit
 * ids, duplicates, and overrides that can never apply (an excluded account, an account outside `accountIds`).
 */
export function validateOrganizationDeclaration(
  declaration: Omit<OrganizationDeclaration, 'version' | 'constructPath'>,
  options: ValidationOptions = {},
  names: DeclarationListNames = DECLARATION_LIST_NAMES,
): ValidationProblem[] {
  const fromParameters = declaration.defaultsFromParameters;
  const problems = validateDeclaredAlternateContacts(declaration.defaults, undefined, { ...options, fromParameters });
  if (declaration.defaults.contactInformation) {
    problems.push(...validateContactInformation(declaration.defaults.contactInformation, { ...options, fieldPrefix: 'contactInformation.' }));
  }
  const checkIds = (property: string, ids: string[] | undefined, validate: typeof validateAccountId) => {
    const seen = new Set<string>();
    (ids ?? []).forEach((id, index) => {
      problems.push(...validate(id, { ...options, field: `${property}[${index}]` }));
      if (seen.has(id)) {
        problems.push({ field: `${property}[${index}]`, message: `${property}[${index}] '${id}' is listed twice` });
      }
      seen.add(id);
    });
  };
  checkIds(names.accountIds, declaration.accountIds, validateAccountId);
  if (declaration.accountIds !== undefined && declaration.accountIds.length === 0) {
    problems.push({ field: names.accountIds, message: `${names.accountIds} is empty: leave it out to cover every account of the organization` });
  }
  checkIds(names.organizationalUnitIds, declaration.organizationalUnitIds, validateOrganizationalUnitId);
  if (declaration.organizationalUnitIds !== undefined && declaration.organizationalUnitIds.length === 0) {
    problems.push({
      field: names.organizationalUnitIds,
      message: `${names.organizationalUnitIds} is empty: leave it out to cover the whole organization`,
    });
  }
  checkIds(names.excludeAccountIds, declaration.excludeAccountIds, validateAccountId);
  // Chosen and excluded at once: the exclusion would win silently, and the user meant one of the two.
  const chosen = declaration.accountIds ?? [];
  declaration.excludeAccountIds.forEach((id, index) => {
    const chosenIndex = typeof id === 'string' && !options.isUnresolved?.(id) ? chosen.indexOf(id) : -1;
    if (chosenIndex >= 0) {
      problems.push({
        field: `${names.excludeAccountIds}[${index}]`,
        message: `${names.excludeAccountIds}[${index}] '${id}' is also ${names.accountIds}[${chosenIndex}]: an account is either chosen or excluded, not both`,
      });
    }
  });

  checkIds(names.excludeOrganizationalUnitIds, declaration.excludeOrganizationalUnitIds, validateOrganizationalUnitId);
  const chosenUnits = declaration.organizationalUnitIds ?? [];
  const excludedUnits = declaration.excludeOrganizationalUnitIds ?? [];
  excludedUnits.forEach((id, index) => {
    const chosenIndex = typeof id === 'string' && !options.isUnresolved?.(id) ? chosenUnits.indexOf(id) : -1;
    if (chosenIndex >= 0) {
      problems.push({
        field: `${names.excludeOrganizationalUnitIds}[${index}]`,
        message:
          `${names.excludeOrganizationalUnitIds}[${index}] '${id}' is also ${names.organizationalUnitIds}[${chosenIndex}]: ` +
          'a unit is either chosen or excluded, not both (to leave out a unit nested in a chosen one, exclude the nested unit)',
      });
    }
  });

  const checkOverride = (prefix: string, override: DeclaredContactsSet) => {
    const declared = declaredContacts(override);
    if (declared.length === 0 && override.contactInformation === undefined) {
      problems.push({
        field: prefix.slice(0, -1),
        message: `${prefix.slice(0, -1)} declares no contact: give it security, billing, operations or contactInformation, or remove it`,
      });
    }
    for (const { property, contact } of declared) {
      problems.push(...validateAlternateContact(contact, { ...options, fieldPrefix: `${prefix}${property}.` }));
    }
    if (override.contactInformation) {
      problems.push(...validateContactInformation(override.contactInformation, { ...options, fieldPrefix: `${prefix}contactInformation.` }));
    }
  };
  const seenUnits = new Set<string>();
  declaration.organizationalUnitOverrides.forEach((override, index) => {
    const prefix = `${names.organizationalUnitOverrides}[${index}].`;
    problems.push(...validateOrganizationalUnitId(override.organizationalUnitId, { ...options, fieldPrefix: prefix }));
    if (seenUnits.has(override.organizationalUnitId)) {
      problems.push({
        field: `${prefix}organizationalUnitId`,
        message: `${prefix}organizationalUnitId '${override.organizationalUnitId}' has another override: give each unit one override`,
      });
    }
    seenUnits.add(override.organizationalUnitId);
    if (excludedUnits.includes(override.organizationalUnitId)) {
      problems.push({
        field: `${prefix}organizationalUnitId`,
        message: `${prefix}organizationalUnitId '${override.organizationalUnitId}' is also in ${names.excludeOrganizationalUnitIds}: the accounts of an excluded unit are left alone, so its override would never apply`,
      });
    }
    checkOverride(prefix, override);
  });
  const seenAccounts = new Set<string>();
  declaration.accountOverrides.forEach((override, index) => {
    const prefix = `${names.accountOverrides}[${index}].`;
    problems.push(...validateAccountId(override.accountId, { ...options, fieldPrefix: prefix }));
    if (seenAccounts.has(override.accountId)) {
      problems.push({
        field: `${prefix}accountId`,
        message: `${prefix}accountId '${override.accountId}' has another override: give each account one override`,
      });
    }
    seenAccounts.add(override.accountId);
    const known = typeof override.accountId === 'string' && !options.isUnresolved?.(override.accountId);
    if (known && declaration.excludeAccountIds.includes(override.accountId)) {
      problems.push({
        field: `${prefix}accountId`,
        message: `${prefix}accountId '${override.accountId}' is also in ${names.excludeAccountIds}: an excluded account is left alone, so its override would never apply`,
      });
    }
    if (known && declaration.accountIds !== undefined && !declaration.accountIds.includes(override.accountId)) {
      problems.push({
        field: `${prefix}accountId`,
        message: `${prefix}accountId '${override.accountId}' is not in ${names.accountIds}: its override would never apply`,
      });
    }
    checkOverride(prefix, override);
  });
  checkTags(declaration, problems, options, names);
  return problems;
}

/** Tag conditions: valid keys and values, one override per condition, no override on a tag that is excluded. */
function checkTags(
  declaration: Omit<OrganizationDeclaration, 'version' | 'constructPath'>,
  problems: ValidationProblem[],
  options: ValidationOptions,
  names: DeclarationListNames,
): void {
  const overrides = declaration.accountTagOverrides ?? [];
  const tagProblems = validateTagConditions(
    declaration.excludeAccountTags ?? [],
    overrides.map((override) => override.tag),
    options,
    names,
  );
  const ofOverride = (index: number) => (problem: ValidationProblem) =>
    problem.field === `${names.accountTagOverrides}[${index}]` || problem.field.startsWith(`${names.accountTagOverrides}[${index}].`);
  problems.push(...tagProblems.filter((problem) => !problem.field.startsWith(`${names.accountTagOverrides}[`)));
  overrides.forEach((override, index) => {
    // Each override's problems together, in the order of the overrides.
    problems.push(...tagProblems.filter(ofOverride(index)));
    const prefix = `${names.accountTagOverrides}[${index}].`;
    const declared = declaredContacts(override);
    if (declared.length === 0 && override.contactInformation === undefined) {
      problems.push({
        field: `${names.accountTagOverrides}[${index}]`,
        message: `${names.accountTagOverrides}[${index}] declares no contact: give it security, billing, operations or contactInformation, or remove it`,
      });
    }
    for (const { property, contact } of declared) {
      problems.push(...validateAlternateContact(contact, { ...options, fieldPrefix: `${prefix}${property}.` }));
    }
    if (override.contactInformation) {
      problems.push(...validateContactInformation(override.contactInformation, { ...options, fieldPrefix: `${prefix}contactInformation.` }));
    }
  });
}
