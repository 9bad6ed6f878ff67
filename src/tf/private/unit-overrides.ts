/**
 * Organizational unit overrides of the Terraform `OrganizationContacts`, resolved at plan time as
 * `resolveAccountContacts` in `contacts/organization-declaration.ts` resolves them for the AWS CDK construct and the
 * command: for each contact type on its own, the nearest unit above the account that declares the type wins over
 * the units enclosing it. Each override unit is read twice, once per data source with `for_each`: the accounts
 * under it (`..._descendant_accounts`) and the units nested in it (`..._descendant_organizational_units`); of the
 * override units holding an account, the nearest is the one in which none of the others is nested.
 */
import { Construct } from 'constructs';
import { descendantAccountsData, descendantUnitsData } from './aws-account-resources';
import { TerraformIterator, TerraformLocal, TerraformProvider } from '../framework';

export class UnitOverrideReads {
  /** `local.<...>`: override unit id → the accounts under it. */
  private readonly accountsByUnit: string;
  /** `local.<...>`: override unit id → the units nested in it. */
  private readonly nestedByUnit: string;

  constructor(
    private readonly scope: Construct,
    unitIds: string[],
    provider?: TerraformProvider,
  ) {
    const units = new TerraformLocal(scope, 'override_organizational_unit_ids', unitIds);
    const accounts = descendantAccountsData(scope, 'override_unit_accounts', TerraformIterator.fromList(units.asList), provider);
    const nested = descendantUnitsData(scope, 'override_unit_descendants', TerraformIterator.fromList(units.asList), provider);
    this.accountsByUnit = `local.${
      new TerraformLocal(
        scope,
        'override_unit_account_ids',
        `\${{ for unit, read in data.aws_organizations_organizational_unit_descendant_accounts.${accounts.friendlyUniqueId} : unit => read.accounts[*].id }}`,
      ).friendlyUniqueId
    }`;
    this.nestedByUnit = `local.${
      new TerraformLocal(
        scope,
        'override_unit_nested_ids',
        `\${{ for unit, read in data.aws_organizations_organizational_unit_descendant_organizational_units.${nested.friendlyUniqueId} : unit => read.children[*].id }}`,
      ).friendlyUniqueId
    }`;
  }

  /**
   * `local.<name>_unit_contacts`: account id → the contact of the nearest override unit above it that declares this
   * type, for the accounts of `accountIds` (an HCL list expression) under one; `values` maps each such unit to its
   * contact.
   */
  public contacts(name: string, values: Record<string, Record<string, unknown>>, accountIds: string): string {
    const byUnit = new TerraformLocal(this.scope, `${name}_unit_overrides`, values);
    const candidates = new TerraformLocal(
      this.scope,
      `${name}_unit_candidates`,
      `\${{ for id in ${accountIds} : id => [for unit in keys(local.${byUnit.friendlyUniqueId}) : unit if contains(${this.accountsByUnit}[unit], id)] }}`,
    );
    const nearest = `[for unit in units : unit if alltrue([for other in units : other == unit || !contains(${this.nestedByUnit}[unit], other)])][0]`;
    const contacts = new TerraformLocal(
      this.scope,
      `${name}_unit_contacts`,
      `\${{ for id, units in local.${candidates.friendlyUniqueId} : id => local.${byUnit.friendlyUniqueId}[${nearest}] if length(units) > 0 }}`,
    );
    return `local.${contacts.friendlyUniqueId}`;
  }
}
