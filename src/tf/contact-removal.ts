/**
 * What happens to the alternate contacts that a Terraform {@link OrganizationContacts} set in an account when the
 * account leaves the scope (excluded, closed, or gone from the organization) and on `terraform destroy`. The names
 * are those of the AWS CDK package's `ContactRemoval`; Terraform has no per-instance way to forget a resource, so
 * RETAIN is `lifecycle { prevent_destroy = true }` on the alternate-contact resources: a plan that would delete a
 * contact fails instead, naming the account, and nothing is deleted.
 *
 * @example
 * new OrganizationContacts(this, 'Contacts', {
 *   security: {
 *     name: 'Security Operations Center',
 *     title: 'Security team',
 *     emailAddress: 'security@example.com',
 *     phoneNumber: '+1 206 555 0100',
 *   },
 *   removal: ContactRemoval.DESTROY,
 * });
 */
export class ContactRemoval {
  /**
   * Nothing is deleted. A plan that would delete an account's alternate contact (the account excluded, closed or
   * gone from the organization, or `terraform destroy`) fails with Terraform's "Instance cannot be destroyed", naming
   * the instance by account id; `terraform state rm '<address>["<account id>"]'` lets the configuration forget that
   * account and leaves its contacts as they are. A primary contact cannot be deleted by the API: it is forgotten
   * without error.
   */
  public static readonly RETAIN = new ContactRemoval('RETAIN', true);

  /**
   * An account that leaves the scope has its declared alternate contacts deleted at the next apply, and
   * `terraform destroy` deletes every one (the AWS provider's behaviour). A primary contact stays.
   */
  public static readonly DESTROY = new ContactRemoval('DESTROY', false);

  /**
   * @param name the choice's name, as messages spell it
   * @param preventsDestroy whether the alternate-contact resources carry `lifecycle { prevent_destroy = true }`
   */
  private constructor(
    public readonly name: string,
    public readonly preventsDestroy: boolean,
  ) {}
}
