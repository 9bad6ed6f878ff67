/**
 * What a declaration expects, whatever it was read from (expected-contacts.ts reads files, assemblies and templates;
 * terraform-expected-contacts.ts a cdktf or cdktn synthesis), and the small helpers both readers use.
 */
import { AssemblyOrganizationDeclaration } from './organization-declarations';
import { AlternateContact, AlternateContactType } from '../../contacts/alternate-contact';
import { ContactInformation } from '../../contacts/contact-information';
import { ParameterContactProperty } from '../../contacts/contact-parameters';
import { SELF_ACCOUNT } from '../../contacts/declaration-file';
import { DeclaredContactsSet, ResolvedAccountContacts } from '../../contacts/organization-declaration';

/** The contacts declared for one account, or as defaults. */
export interface DeclaredAccountContacts {
  alternateContacts: Partial<Record<AlternateContactType, AlternateContact>>;
  contactInformation?: ContactInformation;
  /** The account's primary email address (the root user's): declared per account only. @default not declared */
  primaryEmail?: string;
}

export interface ExpectedContacts {
  /** Where it was read from, and as what. */
  readonly source: string;
  /** Defaults for every ACTIVE account of the organization, when declared. */
  readonly organizationDefaults?: DeclaredAccountContacts;
  readonly excludeAccountIds: string[];
  /** Accounts under these units, nested units included, are left alone. @default none */
  readonly excludeOrganizationalUnitIds?: string[];
  /** The accounts under `excludeOrganizationalUnitIds`, once the organization was listed. @default none */
  readonly excludedUnitAccountIds?: ReadonlySet<string>;
  /** Per account id, or `self` for the caller's own account. */
  readonly accounts: Map<string, DeclaredAccountContacts>;
  /** Declarations that could not be read (values known only at deploy time). */
  readonly skipped: string[];
  /** `OrganizationContacts` declarations of a cloud assembly: resolved against the organization before comparing. */
  readonly organizationDeclarations?: AssemblyOrganizationDeclaration[];
  /** The ACTIVE accounts of the organization, when it was listed for this declaration: their membership is known. */
  readonly listedMembers?: ReadonlySet<string>;
  /** What the organization declarations resolve to, per account id (set once the organization was listed). */
  readonly organizationAccounts?: Map<string, ResolvedAccountContacts>;
  /**
   * Stacks whose own-account (`self`) declarations are pinned to an account by the stack's environment: compared only
   * with credentials of that account.
   */
  readonly pinnedAccounts?: ReadonlyArray<{ readonly accountId: string; readonly stack: string }>;
  /**
   * Contacts the assembly holds in SSM parameters (`ParameterName`): read by the command (`withParameterContacts`)
   * before comparing, as the function reads them. @default none
   */
  readonly parameterContacts?: ParameterContactRead[];
}

/** One contact of a template that an SSM parameter holds. */
export interface ParameterContactRead {
  /** A 12-digit account id, or `self`. */
  readonly accountId: string;
  readonly property: ParameterContactProperty;
  readonly parameterName: string;
  /** `<template file> <logical id>`, for messages. */
  readonly source: string;
}

export const SELF = SELF_ACCOUNT;

export function entry(accounts: Map<string, DeclaredAccountContacts>, accountId: string): DeclaredAccountContacts {
  let declared = accounts.get(accountId);
  if (!declared) {
    declared = { alternateContacts: {} };
    accounts.set(accountId, declared);
  }
  return declared;
}

export const isLiteral = (value: unknown): value is string => typeof value === 'string' && !value.includes('${');

/** A declaration that cannot be used as written: the command exits 2 before any AWS call. */
export class DeclarationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeclarationError';
  }
}

/** Declared contacts in the model's shape (`security`, `billing`, `operations`, `contactInformation`). */
export function declaredSet(declared: DeclaredAccountContacts): DeclaredContactsSet {
  const { SECURITY: security, BILLING: billing, OPERATIONS: operations } = declared.alternateContacts;
  return {
    ...(security ? { security } : {}),
    ...(billing ? { billing } : {}),
    ...(operations ? { operations } : {}),
    ...(declared.contactInformation ? { contactInformation: declared.contactInformation } : {}),
  };
}
