import { Construct } from 'constructs';
import { TerraformProvider, TerraformResource } from './framework';
import { primaryContactResource } from './private/aws-account-resources';
import { isUnresolved, registerProblems } from './private/construct-problems';
import { registerContactTarget } from './private/contact-ownership';
import { ContactInformation } from '../contacts/contact-information';
import { PRIMARY_CONTACT_TYPE } from '../contacts/contact-type';
import { CONTACT_INFORMATION_SHAPE, PROP_SHAPES, assertPropsShape, structShape } from '../contacts/props-shape';
import { validateAccountId, validateContactInformation } from '../contacts/validation';

/**
 * Properties of the CDK-for-Terraform {@link AccountContactDetails}.
 */
export interface AccountContactDetailsProps {
  /**
   * The primary contact information of the account (CIS AWS Foundations Benchmark 1.1).
   */
  readonly contactInformation: ContactInformation;

  /**
   * The 12-digit id of a member account; leave it out for the provider's own account.
   *
   * @default - the provider's own account (no `account_id`)
   */
  readonly accountId?: string;

  /**
   * The AWS provider to use.
   *
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The primary contact information of one AWS account, as an `aws_account_primary_contact` resource.
 *
 * The API cannot delete a primary contact: `terraform destroy` removes it from the state and leaves it in place.
 */
export class AccountContactDetails extends Construct {
  /** The `aws_account_primary_contact` resource. */
  public readonly primaryContact: TerraformResource;

  constructor(scope: Construct, id: string, props: AccountContactDetailsProps) {
    super(scope, id);
    assertPropsShape(this.node.path, props, PROPS_SHAPE);
    registerProblems(this, () => [
      ...validateAccountId(props.accountId, { isUnresolved }),
      ...validateContactInformation(props.contactInformation, { fieldPrefix: 'contactInformation.', isUnresolved }),
    ]);
    registerContactTarget(this, props.accountId, props.provider, PRIMARY_CONTACT_TYPE);
    this.primaryContact = primaryContactResource(this, 'primary', {
      provider: props.provider,
      accountId: props.accountId,
      contactInformation: props.contactInformation,
    });
  }
}

const PROPS_SHAPE = structShape<AccountContactDetailsProps>('AccountContactDetailsProps', {
  contactInformation: { ...CONTACT_INFORMATION_SHAPE, required: true },
  accountId: PROP_SHAPES.VALUE,
  provider: PROP_SHAPES.VALUE,
});
