/**
 * What a declaration file (the YAML/JSON form) declares, for `diff` and `apply`. The file is checked whole first
 * (`validateDeclarationDocument`): every problem is reported, nothing skipped.
 *
 * An organization section without a scope or overrides gives every ACTIVE account its defaults. One with a scope
 * (`accountIds`, `organizationalUnitIds`), tag exclusions, `organizationalUnits` or `accountTags` becomes an
 * organization declaration, the model the AWS CDK and Terraform `OrganizationContacts` share, resolved against the
 * organization with its rules (the units' accounts, nested units included; for each contact type the account's tag
 * override, else the nearest unit's, else the defaults; each account's tags read when the declaration uses them). The `accounts` entries are
 * each account's own declaration, over whatever the organization section gives it.
 */
import { DeclarationError, DeclaredAccountContacts, ExpectedContacts, declaredSet } from './expected-contacts-model';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { ALTERNATE_CONTACT_KEYS, PRIMARY_EMAIL_KEY, validateDeclarationDocument } from '../../contacts/declaration-file';
import { OrganizationDeclaration } from '../../contacts/organization-declaration';

/** The most problems listed in one refusal (the count is always given). */
const PROBLEMS_SHOWN = 50;

/** The contacts an organization section, a unit entry or an account entry declares. */
function declaredFrom(value: any): DeclaredAccountContacts {
  const declared: DeclaredAccountContacts = { alternateContacts: {} };
  for (const [key, type] of Object.entries(ALTERNATE_CONTACT_KEYS)) {
    if (value[key] !== undefined) {
      declared.alternateContacts[type as AlternateContactType] = value[key];
    }
  }
  if (value.contactInformation !== undefined) {
    declared.contactInformation = value.contactInformation;
  }
  return declared;
}

/** Whether the organization section is more than defaults for every account: a scope or unit overrides. */
function isScoped(document: any): boolean {
  const organization = document.organization ?? {};
  return [
    organization.accountIds,
    organization.organizationalUnitIds,
    organization.excludeAccountTags,
    document.organizationalUnits,
    document.accountTags,
  ].some((value) => value !== undefined);
}

/** A parsed declaration file, as the command compares and writes it. Throws a DeclarationError listing every problem. */
export function fromDeclarationFile(document: any, source: string): ExpectedContacts {
  const problems = validateDeclarationDocument(document);
  if (problems.length > 0) {
    const shown = problems
      .slice(0, PROBLEMS_SHOWN)
      .map((problem) => `\n  ${problem.message}`)
      .join('');
    const more = problems.length > PROBLEMS_SHOWN ? `\n  ... and ${problems.length - PROBLEMS_SHOWN} more` : '';
    throw new DeclarationError(
      `${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing was read or written:${shown}${more}`,
    );
  }
  const accounts = new Map<string, DeclaredAccountContacts>();
  for (const account of document.accounts ?? []) {
    const declared = declaredFrom(account);
    if (account[PRIMARY_EMAIL_KEY] !== undefined) {
      declared.primaryEmail = account[PRIMARY_EMAIL_KEY];
    }
    accounts.set(account.accountId, declared);
  }
  const organization = document.organization;
  // Exclusions hold for the accounts entries too: an account under an excluded unit is left alone.
  const exclusions = {
    excludeAccountIds: organization?.excludeAccountIds ?? [],
    ...(organization?.excludeOrganizationalUnitIds ? { excludeOrganizationalUnitIds: organization.excludeOrganizationalUnitIds } : {}),
  };
  if (!isScoped(document)) {
    return { source, organizationDefaults: organization ? declaredFrom(organization) : undefined, ...exclusions, accounts, skipped: [] };
  }
  const declaration: OrganizationDeclaration = {
    version: 1,
    constructPath: `${source} organization`,
    defaults: declaredSet(declaredFrom(organization)),
    ...(organization.accountIds !== undefined ? { accountIds: organization.accountIds } : {}),
    ...(organization.organizationalUnitIds !== undefined ? { organizationalUnitIds: organization.organizationalUnitIds } : {}),
    ...exclusions,
    organizationalUnitOverrides: (document.organizationalUnits ?? []).map((unit: any) => ({
      organizationalUnitId: unit.organizationalUnitId,
      ...declaredSet(declaredFrom(unit)),
    })),
    ...(organization.excludeAccountTags !== undefined ? { excludeAccountTags: organization.excludeAccountTags } : {}),
    ...(document.accountTags !== undefined
      ? { accountTagOverrides: document.accountTags.map((override: any) => ({ tag: override.tag, ...declaredSet(declaredFrom(override)) })) }
      : {}),
    accountOverrides: [],
  };
  return { source, ...exclusions, accounts, skipped: [], organizationDeclarations: [{ source: `${source} organization`, declaration }] };
}
