/**
 * One owner per contact: which accounts and contact types a declaration owns, whether two owners meet, and the
 * message that says so. Shared by the synth-time check (constructs of one app) and the deployment-time check (the
 * claims of other stacks); dependency-free.
 */
import { PRIMARY_CONTACT_TYPE } from './contact-type';
import {
  AccountPlacement,
  OrganizationDeclaration,
  isAccountInScope,
  managedAlternateContactTypes,
  managesContactInformation,
} from './organization-declaration';

/** What an `OrganizationContacts` owns: its scope, and the contact types it declares there. */
export interface OwnedScope {
  /** Only these accounts. @default every account (of the units, if given) */
  readonly accountIds?: string[];
  /** Only accounts under these units, at any depth. @default every unit */
  readonly organizationalUnitIds?: string[];
  readonly excludeAccountIds: string[];
  /** Accounts under these units, at any depth, are left alone. @default none */
  readonly excludeOrganizationalUnitIds?: string[];
  /** SECURITY, BILLING, OPERATIONS and PRIMARY (the primary contact information). */
  readonly contactTypes: string[];
}

/** The scope a declaration owns. */
export function ownedScope(declaration: OrganizationDeclaration): OwnedScope {
  return {
    ...(declaration.accountIds !== undefined ? { accountIds: [...declaration.accountIds] } : {}),
    ...(declaration.organizationalUnitIds !== undefined ? { organizationalUnitIds: [...declaration.organizationalUnitIds] } : {}),
    excludeAccountIds: [...declaration.excludeAccountIds],
    ...((declaration.excludeOrganizationalUnitIds ?? []).length > 0
      ? { excludeOrganizationalUnitIds: [...declaration.excludeOrganizationalUnitIds!] }
      : {}),
    contactTypes: [...managedAlternateContactTypes(declaration), ...(managesContactInformation(declaration) ? [PRIMARY_CONTACT_TYPE] : [])],
  };
}

/** Whether the scope owns the account (placed in its units, nearest first) and the contact type. */
export function ownsContact(scope: OwnedScope, placement: AccountPlacement, contactType: string): boolean {
  return scope.contactTypes.includes(contactType) && isAccountInScope(scope, placement);
}

/** The contact types both scopes declare. */
export function sharedContactTypes(first: OwnedScope, second: OwnedScope): string[] {
  return first.contactTypes.filter((type) => second.contactTypes.includes(type));
}

/**
 * Where two scopes certainly meet without knowing the organization: a named account both cover, or both covering
 * every account, or one covering every account and the other a unit, or a unit both name. `undefined` when they
 * cannot meet or it depends on where accounts sit (a unit nested in another, an account in a unit): the deployment
 * checks that with the organization in hand.
 */
export function certainOverlap(first: OwnedScope, second: OwnedScope): string | undefined {
  if (sharedContactTypes(first, second).length === 0) {
    return undefined;
  }
  const excluded = new Set([...first.excludeAccountIds, ...second.excludeAccountIds]);
  const everywhere = (scope: OwnedScope) => scope.accountIds === undefined && scope.organizationalUnitIds === undefined;
  const listedOnly = (scope: OwnedScope) => scope.accountIds !== undefined && scope.organizationalUnitIds === undefined;
  if (everywhere(first) && everywhere(second)) {
    // The management account sits at the root, under no unit: no unit exclusion can leave it out of both.
    return 'every account of the organization';
  }
  if (excludesUnits(first) || excludesUnits(second)) {
    // Where an account or a named unit sits relative to an excluded unit is known only with the organization in hand.
    return undefined;
  }
  const named = (scope: OwnedScope, other: OwnedScope) =>
    (scope.accountIds ?? []).filter(
      (accountId) => !excluded.has(accountId) && (everywhere(other) || (listedOnly(other) && other.accountIds!.includes(accountId))),
    );
  const accounts = listedOnly(first) ? named(first, second) : listedOnly(second) ? named(second, first) : [];
  if (accounts.length > 0) {
    return `account ${accounts[0]}${accounts.length > 1 ? ` (and ${accounts.length - 1} more)` : ''}`;
  }
  const units = (scope: OwnedScope) => (scope.accountIds === undefined ? (scope.organizationalUnitIds ?? []) : []);
  const unit = everywhere(first) ? units(second)[0] : everywhere(second) ? units(first)[0] : units(first).find((id) => units(second).includes(id));
  return unit !== undefined ? `the accounts of unit ${unit}` : undefined;
}

/**
 * Where two scopes may meet, depending on where accounts sit, which synth cannot know: an account one lists under a
 * unit the other names, or two units of which one may be nested in the other. `undefined` when they certainly meet
 * (see `certainOverlap`) or cannot.
 */
export function possibleOverlap(first: OwnedScope, second: OwnedScope): string | undefined {
  if (sharedContactTypes(first, second).length === 0 || certainOverlap(first, second) !== undefined) {
    return undefined;
  }
  if (excludesUnits(first) || excludesUnits(second)) {
    const unitExcluded = [first, second].find(excludesUnits)!;
    const other = unitExcluded === first ? second : first;
    const namedUnits = other.accountIds === undefined ? (other.organizationalUnitIds ?? []) : [];
    if (namedUnits.length > 0 && namedUnits.every((unit) => unitExcluded.excludeOrganizationalUnitIds!.includes(unit))) {
      return undefined;
    }
    return `the accounts not under the excluded units ${unitExcluded.excludeOrganizationalUnitIds!.join(', ')}, depending on where accounts sit`;
  }
  const excluded = new Set([...first.excludeAccountIds, ...second.excludeAccountIds]);
  const more = (list: string[], noun: string) => (list.length > 1 ? ` (or ${list.length - 1} more ${noun})` : '');
  for (const [lists, names] of [
    [first, second],
    [second, first],
  ]) {
    const accounts = (lists.accountIds ?? []).filter(
      (accountId) => !excluded.has(accountId) && (names.accountIds ?? [accountId]).includes(accountId),
    );
    const units = names.organizationalUnitIds ?? [];
    if (accounts.length > 0 && units.length > 0) {
      return `account ${accounts[0]}${more(accounts, 'accounts')}, if it sits under unit ${units[0]}${more(units, 'units')}`;
    }
  }
  const [firstUnits, secondUnits] = [first, second].map((scope) => (scope.accountIds === undefined ? (scope.organizationalUnitIds ?? []) : []));
  if (firstUnits.length > 0 && secondUnits.length > 0) {
    return `units ${firstUnits[0]} and ${secondUnits[0]}, if one is nested in the other`;
  }
  return undefined;
}

function excludesUnits(scope: OwnedScope): boolean {
  return (scope.excludeOrganizationalUnitIds ?? []).length > 0;
}

/** What to do about two owners, said once for every place that finds them. */
export const ONE_OWNER_WAY_OUT =
  'one owner per contact: narrow one scope (accountIds, organizationalUnitIds) or exclude the accounts there (excludeAccountIds, excludeOrganizationalUnitIds)';
