/**
 * The scope of the Terraform `OrganizationContacts` in HCL, read at plan time: the organization's ACTIVE member
 * accounts (`aws_organizations_organization`) that its `accountSelection` keeps, as `isAccountInScope` in
 * `contacts/organization-declaration.ts` decides for the AWS CDK construct and the command: an excluded account or
 * an account under an excluded unit never; else, when accounts or units are chosen, only those (both must hold when
 * both are given). Units, nested ones included, are read with one
 * `aws_organizations_organizational_unit_descendant_accounts` per unit. The blocks keep the ids they had before
 * the grouped properties, so an existing state does not move.
 */
import { Construct } from 'constructs';
import { callerIdentityData, descendantAccountsData, organizationData } from './aws-account-resources';
import { AccountSelection } from '../../contacts/account-selection';
import { TerraformIterator, TerraformLocal, TerraformProvider } from '../framework';

export interface OrganizationScope {
  /** `local.<member accounts>`: member account id → name, for the members in scope (never the provider's own account). */
  readonly members: TerraformLocal;
  /** The provider's own account id (an HCL expression). */
  readonly callerAccountId: string;
  /** An HCL condition that the account id `id` (an expression) is in scope, membership aside. */
  readonly inScope: (id: string) => string;
}

export function organizationScope(scope: Construct, selection: AccountSelection, provider?: TerraformProvider): OrganizationScope {
  const organization = organizationData(scope, 'organization', provider);
  const caller = callerIdentityData(scope, 'caller', provider);
  // The excluded accounts: the listed ones, and (read at plan time) every account under an excluded unit.
  const listedExclusions = new TerraformLocal(scope, 'excluded_account_ids', selection.excludeAccountIds ?? []);
  let excludedIds = `local.${listedExclusions.friendlyUniqueId}`;
  if ((selection.excludeOrganizationalUnitIds ?? []).length > 0) {
    excludedIds = `concat(${excludedIds}, ${unitAccounts(scope, 'excluded', selection.excludeOrganizationalUnitIds!, provider)})`;
  }
  const conditions = [(id: string) => `!contains(${excludedIds}, ${id})`];
  if (selection.accountIds !== undefined) {
    const chosen = new TerraformLocal(scope, 'selected_account_ids', selection.accountIds);
    conditions.push((id) => `contains(local.${chosen.friendlyUniqueId}, ${id})`);
  }
  if (selection.organizationalUnitIds !== undefined) {
    const chosenUnitAccounts = unitAccounts(scope, 'selected', selection.organizationalUnitIds, provider);
    conditions.push((id) => `contains(${chosenUnitAccounts}, ${id})`);
  }
  const inScope = (id: string) => conditions.map((condition) => condition(id)).join(' && ');
  const callerAccountId = `data.aws_caller_identity.${caller.friendlyUniqueId}.account_id`;
  const organizationRead = `data.aws_organizations_organization.${organization.friendlyUniqueId}`;
  // Members: never the caller (managed without account_id), and never the management account, which the API lets
  // only the management account itself manage: from a delegated administrator it is out of reach, not a member.
  const members = new TerraformLocal(
    scope,
    'member_accounts',
    `\${{ for account in ${organizationRead}.accounts : account.id => account.name ` +
      `if account.status == "ACTIVE" && account.id != ${callerAccountId} && account.id != ${organizationRead}.master_account_id ` +
      `&& ${inScope('account.id')} }}`,
  );
  return { members, callerAccountId, inScope };
}

/** `local.<kind>_unit_account_ids`: every account under the units (nested ones included), read at plan time. */
function unitAccounts(scope: Construct, kind: 'excluded' | 'selected', unitIds: string[], provider?: TerraformProvider): string {
  const units = new TerraformLocal(scope, `${kind}_organizational_unit_ids`, unitIds);
  const descendants = descendantAccountsData(scope, `${kind}_unit_accounts`, TerraformIterator.fromList(units.asList), provider);
  const accounts = new TerraformLocal(
    scope,
    `${kind}_unit_account_ids`,
    `\${flatten([for unit in data.aws_organizations_organizational_unit_descendant_accounts.${descendants.friendlyUniqueId} : unit.accounts[*].id])}`,
  );
  return `local.${accounts.friendlyUniqueId}`;
}
