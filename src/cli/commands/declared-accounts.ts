/**
 * The accounts a declaration covers, for `diff` and `apply`: which to read, and the accounts an
 * `OrganizationContacts` or a declaration file's organization section manages, resolved against the organization.
 */
import { isAccountInScope, usesAccountTags } from '../../contacts/organization-declaration';
import { ExpectedContacts, SELF, checkDeclaredForCaller, expectedFor } from '../diff/expected-contacts';
import { resolveOrganizationDeclarations } from '../diff/organization-declarations';
import { GlobalOptions, Selection, listOrganizationPlacements } from '../read-accounts';

/**
 * The accounts to read: those chosen, else the organization when it has defaults, else the declared accounts. An
 * organization's accounts that are not ACTIVE are listed too, to be reported skipped with their state.
 */
export function declaredSelection(expected: ExpectedContacts, options: Selection): Selection {
  const checkCaller = (callerAccountId: string) => checkDeclaredForCaller(expected, callerAccountId);
  // An account the declaration does not cover (excluded, or outside its scope) is not read: it is left alone.
  const covers = (accountId: string, own: boolean) => expectedFor(expected, accountId, own) !== undefined;
  if (options.accountIds !== undefined || options.organization) {
    return {
      ...options,
      checkCaller,
      includeInactive: true,
      checkMembership: true,
      covers,
      ...(expected.listedMembers ? { listedMembers: expected.listedMembers } : {}),
    };
  }
  return expected.organizationDefaults
    ? { organization: true, checkCaller, includeInactive: true, covers }
    : {
        accountIds: [...expected.accounts.keys(), ...(expected.organizationAccounts?.keys() ?? [])].filter((id) => id !== SELF),
        includeCaller: expected.accounts.has(SELF),
        checkCaller,
        checkMembership: true,
        ...(expected.listedMembers ? { listedMembers: expected.listedMembers } : {}),
      };
}

/**
 * The accounts that a cloud assembly's OrganizationContacts manage, resolved against the organization as listed now;
 * declarations that manage no ACTIVE account are an error (exit 2), never "no drift".
 */
export async function withOrganizationAccounts(expected: ExpectedContacts, global: GlobalOptions): Promise<ExpectedContacts> {
  const declarations = expected.organizationDeclarations ?? [];
  const excludedUnits = expected.excludeOrganizationalUnitIds ?? [];
  if (excludedUnits.length === 0 && declarations.length === 0) {
    return expected;
  }
  // Listed once, as the organization function lists it (with each account's tags when a declaration uses them), for
  // the excluded units and the declarations alike: at 5,000 accounts a listing is about 25 s of Organizations' quota.
  const withTags = declarations.some(({ declaration }) => usesAccountTags(declaration));
  const placements = await listOrganizationPlacements(global, withTags);
  const listedMembers = new Set(placements.map((placement) => placement.accountId));
  if (excludedUnits.length > 0) {
    // The accounts under an excluded unit, at any depth, are left alone.
    const unitsOnly = { excludeAccountIds: [], excludeOrganizationalUnitIds: excludedUnits };
    const excludedUnitAccountIds = new Set(
      placements.filter((placement) => !isAccountInScope(unitsOnly, placement)).map((placement) => placement.accountId),
    );
    expected = { ...expected, excludedUnitAccountIds };
  }
  if (declarations.length === 0) {
    return { ...expected, listedMembers };
  }
  const { resolved, overlaps } = resolveOrganizationDeclarations(declarations, placements);
  if (resolved.size === 0 && expected.accounts.size === 0 && !expected.organizationDefaults) {
    throw new Error(
      `${expected.source}: ${declarations.map((declaration) => declaration.source).join(', ')} manage no ACTIVE account of the organization (scope, organizational units and exclusions applied): nothing to compare`,
    );
  }
  return { ...expected, organizationAccounts: resolved, skipped: [...expected.skipped, ...overlaps], listedMembers };
}
