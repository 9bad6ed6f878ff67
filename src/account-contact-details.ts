import { CfnResource, CustomResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { contactInformationToApiMembers } from './contacts/api-members';
import { ContactInformation } from './contacts/contact-information';
import { validateParameterName } from './contacts/contact-parameters';
import { PRIMARY_CONTACT_TYPE } from './contacts/contact-type';
import { CONTACT_INFORMATION_SHAPE, PROP_SHAPES, assertPropsShape, structShape } from './contacts/props-shape';
import { ValidationProblem, validateAccountId, validateContactInformation } from './contacts/validation';
import { AccountContactsProvider } from './function-wiring/account-contacts-provider';
import { contactParameterName, contactParameterPlacementProblems } from './iam/contact-parameter-access';
import { CONTACT_INFORMATION_RESOURCE_TYPE, ContactInformationResourceProperties } from './protocol/resource-properties';
import { isUnresolved, registerProblems } from './synth-checks/construct-problems';
import { registerContactTarget } from './synth-checks/contact-ownership';

/**
 * Properties of {@link AccountContactDetails}.
 */
export interface AccountContactDetailsProps {
  /**
   * The primary contact information of the account (CIS AWS Foundations Benchmark 1.1). Required, here or as
   * `contactInformationParameter`.
   *
   * @default - read from `contactInformationParameter`
   */
  readonly contactInformation?: ContactInformation;

  /**
   * The SSM parameter that holds the primary contact information instead of the code, as a JSON object with the
   * fields of {@link ContactInformation}. The function reads it when it applies the contact, with the same rules and
   * messages as a value in the code, and a new version is applied again without a deployment. A `SecureString` is
   * decrypted: give it with its key (`ssm.StringParameter.fromSecureStringParameterAttributes`).
   *
   * @default - the primary contact is given as a value
   */
  readonly contactInformationParameter?: ssm.IParameter;

  /**
   * The 12-digit id of the account whose primary contact is set.
   *
   * Another account than the stack's is a member account managed from this one (management account or
   * delegated administrator for AWS Account Management, with trusted access enabled).
   *
   * @default - the stack's own account (the API is called without `AccountId`)
   */
  readonly accountId?: string;
}

/**
 * The primary contact information of one AWS account.
 *
 * The Account Management API cannot delete a primary contact: removing this construct leaves it in place.
 *
 * @example
 * new AccountContactDetails(this, 'PrimaryContact', {
 *   contactInformation: {
 *     fullName: 'Example Corp Cloud Platform Team',
 *     companyName: 'Example Corp',
 *     addressLine1: '123 Any Street',
 *     city: 'Seattle',
 *     stateOrRegion: 'WA',
 *     postalCode: '98101',
 *     countryCode: 'US',
 *     phoneNumber: '+1 206 555 0100',
 *   },
 * });
 */
export class AccountContactDetails extends Construct {
  /** The managed account id, or `undefined` for the stack's own account. */
  public readonly accountId?: string;

  constructor(scope: Construct, id: string, props: AccountContactDetailsProps) {
    super(scope, id);
    assertPropsShape(this.node.path, props, PROPS_SHAPE);
    this.accountId = props.accountId;
    const parameter = props.contactInformationParameter;
    registerProblems(this, () => [...validateAccountId(props.accountId, { isUnresolved }), ...contactInformationProblems(Stack.of(this), props)]);

    registerContactTarget(this, props.accountId, PRIMARY_CONTACT_TYPE);
    const provider = AccountContactsProvider.getOrCreate(this);
    const properties: ContactInformationResourceProperties = {
      ConstructPath: this.node.path,
      AccountId: props.accountId,
      // A contact held in a parameter is read by the function: only the parameter's name is in the template.
      ...(props.contactInformation !== undefined
        ? { ContactInformation: contactInformationToApiMembers(props.contactInformation) }
        : { ParameterName: parameter ? contactParameterName(parameter) : undefined }),
    };
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      serviceTimeout: AccountContactsProvider.SERVICE_TIMEOUT,
      resourceType: CONTACT_INFORMATION_RESOURCE_TYPE,
      properties: { ...properties },
      // The primary contact cannot be deleted: CloudFormation keeps it and does not call the handler.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    provider.grantContactInformation(props.accountId, resource.node.defaultChild as CfnResource);
    if (parameter !== undefined && props.contactInformation === undefined) {
      provider.applyOnParameterChange(this, 'ParameterChanged', parameter, resource.node.defaultChild as CfnResource, properties);
    }
  }
}

const PROPS_SHAPE = structShape<AccountContactDetailsProps>('AccountContactDetailsProps', {
  contactInformation: CONTACT_INFORMATION_SHAPE,
  contactInformationParameter: PROP_SHAPES.VALUE,
  accountId: PROP_SHAPES.VALUE,
});

/** The primary contact: given once, as a value (checked now) or as a parameter (checked when the function reads it). */
function contactInformationProblems(stack: Stack, props: AccountContactDetailsProps): ValidationProblem[] {
  const parameter = props.contactInformationParameter;
  if (props.contactInformation === undefined && parameter === undefined) {
    return [
      {
        field: 'contactInformation',
        message: 'contactInformation is required: give it as a value, or as contactInformationParameter (an SSM parameter that holds it)',
      },
    ];
  }
  if (props.contactInformation !== undefined && parameter !== undefined) {
    return [
      {
        field: 'contactInformationParameter',
        message: 'contactInformation is given twice, as a value and as contactInformationParameter: give one of the two',
      },
    ];
  }
  return parameter !== undefined
    ? [
        ...validateParameterName(contactParameterName(parameter), 'contactInformationParameter', { isUnresolved }),
        ...contactParameterPlacementProblems(stack, { contactInformation: parameter }, () => 'contactInformationParameter'),
      ]
    : validateContactInformation(props.contactInformation!, { fieldPrefix: 'contactInformation.', isUnresolved });
}
