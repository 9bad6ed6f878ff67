import { CfnResource, CustomResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlternateContactParameters } from './contact-parameters';
import { adviseOnAlternateContacts } from './contacts/advice';
import { AlternateContact, AlternateContactType } from './contacts/alternate-contact';
import { validateContactParameterNames } from './contacts/contact-parameters';
import { DeclaredAlternateContacts, declaredContacts, validateDeclaredAlternateContacts } from './contacts/declared-contacts';
import { ALTERNATE_CONTACT_PARAMETERS_SHAPE, ALTERNATE_CONTACT_SHAPE, PROP_SHAPES, assertPropsShape, structShape } from './contacts/props-shape';
import { AccountContactsProvider } from './function-wiring/account-contacts-provider';
import { contactParameterName, contactParameterPlacementProblems, parameterNames } from './iam/contact-parameter-access';
import { ALTERNATE_CONTACT_RESOURCE_TYPE, AlternateContactResourceProperties } from './protocol/resource-properties';
import { isUnresolved, registerProblems, warnAbout } from './synth-checks/construct-problems';
import { registerContactTarget } from './synth-checks/contact-ownership';

/**
 * Properties of {@link SecurityContacts}.
 */
export interface SecurityContactsProps {
  /**
   * The SECURITY alternate contact (CIS AWS Foundations Benchmark 1.2). Required, here or as
   * `contactParameters.security`.
   *
   * @default - read from `contactParameters.security`
   */
  readonly security?: AlternateContact;

  /**
   * The BILLING alternate contact.
   *
   * @default - the BILLING contact is not managed: whatever the account has is left as it is
   */
  readonly billing?: AlternateContact;

  /**
   * The OPERATIONS alternate contact.
   *
   * @default - the OPERATIONS contact is not managed: whatever the account has is left as it is
   */
  readonly operations?: AlternateContact;

  /**
   * Contacts held in SSM Parameter Store instead of the code: the function reads each when it applies it, and a new
   * version of a parameter is applied again without a deployment. A contact is given here or as a value, not both.
   *
   * @default - every contact is given as a value
   */
  readonly contactParameters?: AlternateContactParameters;

  /**
   * The 12-digit id of the account whose contacts are set.
   *
   * Another account than the stack's is a member account managed from this one: the stack must be deployed in
   * the organization's management account, or in the delegated administrator account for AWS Account
   * Management, with trusted access for `account.amazonaws.com` enabled.
   *
   * @default - the stack's own account (the API is called without `AccountId`)
   */
  readonly accountId?: string;

  /**
   * What happens to the contacts when this construct is removed from the stack, or the stack is deleted.
   *
   * `RemovalPolicy.RETAIN` leaves them in place; `RemovalPolicy.DESTROY` deletes the alternate contacts that
   * this construct manages (and only those).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The SECURITY, and optionally BILLING and OPERATIONS, alternate contacts of one AWS account.
 *
 * Each declared contact is a `Custom::AccountAlternateContact` resource, applied by one Lambda function per
 * stack that reads before it writes: an unchanged contact causes no write.
 *
 * @example
 * new SecurityContacts(this, 'Contacts', {
 *   security: {
 *     name: 'Security Operations Center',
 *     title: 'Security team',
 *     emailAddress: 'security@example.com',
 *     phoneNumber: '+1 206 555 0100',
 *   },
 *   billing: {
 *     name: 'Cloud Finance',
 *     title: 'Accounts payable',
 *     emailAddress: 'aws-billing@example.com',
 *     phoneNumber: '+1 206 555 0101',
 *   },
 * });
 */
export class SecurityContacts extends Construct {
  /** The alternate contact types this construct manages. */
  public readonly contactTypes: AlternateContactType[];

  /** The managed account id, or `undefined` for the stack's own account. */
  public readonly accountId?: string;

  constructor(scope: Construct, id: string, props: SecurityContactsProps) {
    super(scope, id);
    assertPropsShape(this.node.path, props, PROPS_SHAPE);
    this.accountId = props.accountId;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const parameters = props.contactParameters ?? {};
    // SECURITY, BILLING, OPERATIONS (declaredContacts' order), each from its value or else from its parameter.
    const fromValues = new Map(declaredContacts(props).map((entry) => [entry.property, entry]));
    const either = {
      security: props.security ?? parameters.security,
      billing: props.billing ?? parameters.billing,
      operations: props.operations ?? parameters.operations,
    };
    const declared = declaredContacts(either as DeclaredAlternateContacts).map(({ type, property }) => ({
      type,
      contact: fromValues.get(property)?.contact,
      parameter: fromValues.has(property) ? undefined : parameters[property],
    }));
    this.contactTypes = declared.map((entry) => entry.type);

    registerProblems(this, () => {
      const fromParameters = Object.keys(parameters).filter((property) => parameters[property as keyof AlternateContactParameters] !== undefined);
      const problems = validateDeclaredAlternateContacts(props, props.accountId, { isUnresolved, fromParameters });
      problems.push(
        ...validateContactParameterNames(parameterNames(parameters), props, {
          fieldPrefix: 'contactParameters.',
          allowed: ['security', 'billing', 'operations'],
          isUnresolved,
        }),
        ...contactParameterPlacementProblems(Stack.of(this), parameters, (property) => `contactParameters.${property}`),
      );
      if (removalPolicy === RemovalPolicy.SNAPSHOT) {
        problems.push({
          field: 'removalPolicy',
          message: 'removalPolicy SNAPSHOT is not supported: contacts have no snapshot; use RETAIN or DESTROY',
        });
      }
      return problems;
    });
    warnAbout(this, adviseOnAlternateContacts(props, isUnresolved));

    const provider = AccountContactsProvider.getOrCreate(this);
    // RETAIN_ON_UPDATE_OR_DELETE still deletes when a create is rolled back: it needs the delete permission too.
    const mayDelete = removalPolicy === RemovalPolicy.DESTROY || removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    const resources = declared.map(({ type, contact, parameter }) => {
      registerContactTarget(this, props.accountId, type);
      const properties: AlternateContactResourceProperties = {
        ConstructPath: this.node.path,
        AccountId: props.accountId,
        AlternateContactType: type,
        // A contact held in a parameter is read by the function: only the parameter's name is in the template.
        ...(contact
          ? { Name: contact.name, Title: contact.title, EmailAddress: contact.emailAddress, PhoneNumber: contact.phoneNumber }
          : { ParameterName: contactParameterName(parameter!) }),
        // The handler deletes only what a removal policy lets CloudFormation delete (never for RETAIN, even when
        // CloudFormation deletes a replacement during a rollback).
        DeleteOnRemoval: mayDelete ? 'true' : 'false',
      };
      const resource = new CustomResource(this, pascalCase(type), {
        serviceToken: provider.serviceToken,
        serviceTimeout: AccountContactsProvider.SERVICE_TIMEOUT,
        resourceType: ALTERNATE_CONTACT_RESOURCE_TYPE,
        properties: { ...properties },
        removalPolicy: cloudFormationRemovalPolicy(removalPolicy),
      });
      const cfnResource = resource.node.defaultChild as CfnResource;
      if (parameter) {
        provider.applyOnParameterChange(this, `${pascalCase(type)}ParameterChanged`, parameter, cfnResource, properties);
      }
      return { type, resource: cfnResource };
    });
    provider.grantAlternateContacts({ accountId: props.accountId, resources, allowDelete: mayDelete });
  }
}

const PROPS_SHAPE = structShape<SecurityContactsProps>('SecurityContactsProps', {
  security: ALTERNATE_CONTACT_SHAPE,
  billing: ALTERNATE_CONTACT_SHAPE,
  operations: ALTERNATE_CONTACT_SHAPE,
  contactParameters: ALTERNATE_CONTACT_PARAMETERS_SHAPE,
  accountId: PROP_SHAPES.VALUE,
  removalPolicy: PROP_SHAPES.VALUE,
});

/**
 * What CloudFormation is told. RETAIN is kept by the function (told by `DeleteOnRemoval`, and its role holds no delete
 * permission), so CloudFormation still sends the Delete: the resource's claim is released, and a contact that this
 * resource no longer declares does not keep another resource from deleting it later. The other policies are
 * CloudFormation's own.
 */
function cloudFormationRemovalPolicy(removalPolicy: RemovalPolicy): RemovalPolicy {
  return removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.DESTROY : removalPolicy;
}

function pascalCase(type: string): string {
  return `${type[0]}${type.slice(1).toLowerCase()}`;
}
