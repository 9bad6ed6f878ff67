/**
 * What an organization-wide construct declares, as one JSON document: the default contacts, the scope
 * (accounts, organizational units, exclusions) and the overrides per organizational unit and per account.
 *
 * The CDK construct writes it (an S3 asset, so the template's size does not grow with the overrides), the
 * handler reads it, resolves each account's contacts and validates it again; the CDK-for-Terraform construct
 * and the command share its validation. Pure: no AWS or CDK imports.
 */
import { AccountContactsOverride } from './account-contacts-override';
import { AlternateContact, AlternateContactType } from './alternate-contact';
import { ContactInformation } from './contact-information';
import { DeclaredAlternateContacts, declaredContacts, validateDeclaredAlternateContacts } from './declared-contacts';
import { OrganizationalUnitContactsOverride } from './organizational-unit-contacts-override';
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
  /** Overrides by organizational unit. */
  readonly organizationalUnitOverrides: OrganizationalUnitContactsOverride[];
  /** Overrides by account. */
  readonly accountOverrides: AccountContactsOverride[];
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
}

/** Whether the declaration manages the account: in the listed accounts or units, and not excluded. */
export function isAccountInScope(declaration: OrganizationDeclaration, placement: AccountPlacement): boolean {
  if (declaration.excludeAccountIds.includes(placement.accountId)) {
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
 * The contacts of one account: for each contact type, the account's override, else the nearest unit's override,
 * else an enclosing unit's, else the default.
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
  for (const level of [declaration.defaults, ...declaration.organizationalUnitOverrides, ...declaration.accountOverrides]) {
    declaredContacts(level).forEach(({ type }) => types.add(type));
  }
  return [...types].sort();
}

/** Whether any level declares a primary contact. */
export function managesContactInformation(declaration: OrganizationDeclaration): boolean {
  return [declaration.defaults, ...declaration.organizationalUnitOverrides, ...declaration.accountOverrides]
    .some((level) => level.contactInformation !== undefined);
}

/**
 * Every problem of a declaration: the defaults (SECURITY required), each override's contacts, account and unit
 * ids, duplicates, and overrides that can never apply (an excluded account, an account outside `accountIds`).
 */
export function validateOrganizationDeclaration(declaration: Omit<OrganizationDeclaration, 'version' | 'constructPath'>, options: ValidationOptions = {}): ValidationProblem[] {
  const problems = validateDeclaredAlternateContacts(declaration.defaults, undefined, options);
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
  checkIds('accountIds', declaration.accountIds, validateAccountId);
  if (declaration.accountIds !== undefined && declaration.accountIds.length === 0) {
    problems.push({ field: 'accountIds', message: 'accountIds is empty: leave it out to cover every account of the organization' });
  }
  checkIds('organizationalUnitIds', declaration.organizationalUnitIds, validateOrganizationalUnitId);
  if (declaration.organizationalUnitIds !== undefined && declaration.organizationalUnitIds.length === 0) {
    problems.push({ field: 'organizationalUnitIds', message: 'organizationalUnitIds is empty: leave it out to cover the whole organization' });
  }
  checkIds('excludeAccountIds', declaration.excludeAccountIds, validateAccountId);

  const checkOverride = (prefix: string, override: DeclaredContactsSet) => {
    const declared = declaredContacts(override);
    if (declared.length === 0 && override.contactInformation === undefined) {
      problems.push({ field: prefix.slice(0, -1), message: `${prefix.slice(0, -1)} declares no contact: give it security, billing, operations or contactInformation, or remove it` });
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
    const prefix = `organizationalUnitOverrides[${index}].`;
    problems.push(...validateOrganizationalUnitId(override.organizationalUnitId, { ...options, fieldPrefix: prefix }));
    if (seenUnits.has(override.organizationalUnitId)) {
      problems.push({ field: `${prefix}organizationalUnitId`, message: `${prefix}organizationalUnitId '${override.organizationalUnitId}' has another override: give each unit one override` });
    }
    seenUnits.add(override.organizationalUnitId);
    checkOverride(prefix, override);
  });
  const seenAccounts = new Set<string>();
  declaration.accountOverrides.forEach((override, index) => {
    const prefix = `accountOverrides[${index}].`;
    problems.push(...validateAccountId(override.accountId, { ...options, fieldPrefix: prefix }));
    if (seenAccounts.has(override.accountId)) {
      problems.push({ field: `${prefix}accountId`, message: `${prefix}accountId '${override.accountId}' has another override: give each account one override` });
    }
    seenAccounts.add(override.accountId);
    const known = typeof override.accountId === 'string' && !options.isUnresolved?.(override.accountId);
    if (known && declaration.excludeAccountIds.includes(override.accountId)) {
      problems.push({ field: `${prefix}accountId`, message: `${prefix}accountId '${override.accountId}' is also in excludeAccountIds: an excluded account is left alone, so its override would never apply` });
    }
    if (known && declaration.accountIds !== undefined && !declaration.accountIds.includes(override.accountId)) {
      problems.push({ field: `${prefix}accountId`, message: `${prefix}accountId '${override.accountId}' is not in accountIds: its override would never apply` });
    }
    checkOverride(prefix, override);
  });
  return problems;
}
