import { AccountTag } from './account-tag';

/**
 * Which accounts of the organization an `OrganizationContacts` manages (its scope): the same structure for the AWS
 * CDK construct and the Terraform constructs. In the Terraform constructs, the units are read at plan time
 * (`aws_organizations_organizational_unit_descendant_accounts`), and account tags cannot be read for a whole
 * organization at plan time: `excludeAccountTags` is refused there.
 *
 * @example
 * const selection: AccountSelection = {
 *   organizationalUnitIds: ['ou-ab12-11111111'],
 *   excludeOrganizationalUnitIds: ['ou-ab12-22222222'],
 *   excludeAccountIds: ['999988887777'],
 * };
 */
export interface AccountSelection {
  /**
   * Only these accounts.
   *
   * @default - every ACTIVE account of the organization, including accounts that join later
   */
  readonly accountIds?: string[];

  /**
   * Only the accounts in these organizational units, and in the units nested in them.
   *
   * @default - the whole organization
   */
  readonly organizationalUnitIds?: string[];

  /**
   * Accounts left alone, whatever the other properties say.
   *
   * @default - none
   */
  readonly excludeAccountIds?: string[];

  /**
   * Accounts in these organizational units, and in the units nested in them, are left alone, whatever the other
   * properties say: a sandbox, a suspended or a quarantine unit. In the AWS CDK construct, IAM denies the role's
   * contact writes there (`account:AccountResourceOrgPaths`); an account moved into such a unit keeps its contacts
   * (see `removal`).
   *
   * @default - no unit is excluded
   */
  readonly excludeOrganizationalUnitIds?: string[];

  /**
   * Accounts carrying any of these tags (in AWS Organizations) are left alone, whatever the other properties say.
   * The AWS CDK construct reads each account's tags when it processes it (`organizations:ListTagsForResource`), and
   * tagging or untagging an account applies it again (see `triggers.accountTagEvents`). Refused by the Terraform
   * constructs.
   *
   * @default - no account is excluded by tag
   */
  readonly excludeAccountTags?: AccountTag[];
}
