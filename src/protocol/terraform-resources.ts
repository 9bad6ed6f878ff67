/**
 * The Terraform AWS provider's resource types that the Terraform constructs emit and the command reads back from
 * `cdk.tf.json`.
 */

/** One alternate contact of one account (`account_id` absent: the provider's own account). */
export const TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE = 'aws_account_alternate_contact';
/** The primary contact information of one account. */
export const TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE = 'aws_account_primary_contact';
