import { Construct } from 'constructs';
import { TerraformProvider, TerraformResource } from './framework';
import { alternateContactResource } from './private/aws-account-resources';
import { isUnresolved, registerProblems, warnAbout } from './private/construct-problems';
import { registerContactTarget } from './private/contact-ownership';
import { adviseOnAlternateContacts } from '../contacts/advice';
import { AlternateContact } from '../contacts/alternate-contact';
import { declaredContacts, validateDeclaredAlternateContacts } from '../contacts/declared-contacts';
import { ALTERNATE_CONTACT_SHAPE, PROP_SHAPES, assertPropsShape, structShape } from '../contacts/props-shape';

/**
 * Properties of the CDK-for-Terraform {@link SecurityContacts}.
 */
export interface SecurityContactsProps {
  /**
   * The SECURITY alternate contact (CIS AWS Foundations Benchmark 1.2).
   */
  readonly security: AlternateContact;

  /**
   * The BILLING alternate contact.
   *
   * @default - the BILLING contact is not managed
   */
  readonly billing?: AlternateContact;

  /**
   * The OPERATIONS alternate contact.
   *
   * @default - the OPERATIONS contact is not managed
   */
  readonly operations?: AlternateContact;

  /**
   * The 12-digit id of a member account managed from the organization's management account or the delegated
   * administrator for AWS Account Management. Leave it out for the account the provider's credentials belong
   * to: the API rejects the caller's own id.
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
 * The alternate contacts of one AWS account, as `aws_account_alternate_contact` resources (one per declared type).
 *
 * `terraform destroy` deletes them (the AWS provider's behaviour).
 *
 * @example
 * new SecurityContacts(this, 'Contacts', {
 *   security: {
 *     name: 'Security Operations Center',
 *     title: 'Security team',
 *     emailAddress: 'security@example.com',
 *     phoneNumber: '+1 206 555 0100',
 *   },
 * });
 */
export class SecurityContacts extends Construct {
  /** The `aws_account_alternate_contact` resources, SECURITY first. */
  public readonly alternateContacts: TerraformResource[];

  constructor(scope: Construct, id: string, props: SecurityContactsProps) {
    super(scope, id);
    assertPropsShape(this.node.path, props, PROPS_SHAPE);
    registerProblems(this, () => validateDeclaredAlternateContacts(props, props.accountId, { isUnresolved }));
    warnAbout(this, adviseOnAlternateContacts(props, isUnresolved));
    this.alternateContacts = declaredContacts(props).map(({ type, contact }) => {
      registerContactTarget(this, props.accountId, props.provider, type);
      return alternateContactResource(this, type.toLowerCase(), {
        provider: props.provider,
        accountId: props.accountId,
        alternateContactType: type,
        name: contact.name,
        title: contact.title,
        emailAddress: contact.emailAddress,
        phoneNumber: contact.phoneNumber,
      });
    });
  }
}

const PROPS_SHAPE = structShape<SecurityContactsProps>('SecurityContactsProps', {
  security: ALTERNATE_CONTACT_SHAPE,
  billing: ALTERNATE_CONTACT_SHAPE,
  operations: ALTERNATE_CONTACT_SHAPE,
  accountId: PROP_SHAPES.VALUE,
  provider: PROP_SHAPES.VALUE,
});
