/**
 * The custom resources' types and properties: written by the constructs, read by the handler.
 * No AWS SDK import here, so that the constructs can share it.
 */

/** One alternate contact of one account. */
export const ALTERNATE_CONTACT_RESOURCE_TYPE = 'Custom::AccountAlternateContact';
/** The primary contact information of one account. */
export const CONTACT_INFORMATION_RESOURCE_TYPE = 'Custom::AccountContactInformation';

export interface AlternateContactResourceProperties {
  /** The construct path, so that errors at deploy time name the construct. */
  readonly ConstructPath: string;
  /** The member account; absent for the stack's own account. */
  readonly AccountId?: string;
  readonly AlternateContactType: string;
  /** The contact's values; absent when `ParameterName` holds them. */
  readonly Name?: string;
  readonly Title?: string;
  readonly EmailAddress?: string;
  readonly PhoneNumber?: string;
  /** The SSM parameter that holds the contact as JSON, read by the function: no value in the template. @default none */
  readonly ParameterName?: string;
  /**
   * `'false'` when the construct's removal policy keeps the contact: a Delete then only releases the resource's
   * claim. Absent in templates of earlier versions, which deleted. @default 'true'
   */
  readonly DeleteOnRemoval?: 'true' | 'false';
}

export interface ContactInformationResourceProperties {
  readonly ConstructPath: string;
  readonly AccountId?: string;
  /** The API's `ContactInformation` members (PascalCase); absent when `ParameterName` holds them. */
  readonly ContactInformation?: Record<string, string>;
  /** The SSM parameter that holds the primary contact as JSON, read by the function. @default none */
  readonly ParameterName?: string;
}

/**
 * What the rule on a contact parameter sends the custom resources' function when the parameter is created or
 * changed: the resource to apply again, as CloudFormation would name it in an Update (no personal data: the
 * properties hold the parameter's name, not its value).
 */
export interface ContactParameterChange {
  readonly kind: typeof CONTACT_PARAMETER_CHANGE_KIND;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ResourceProperties: AlternateContactResourceProperties | ContactInformationResourceProperties;
}

export const CONTACT_PARAMETER_CHANGE_KIND = 'cdk-account-contacts/contact-parameter-changed';

/** SSM Parameter Store's EventBridge event for a parameter (`source` aws.ssm). */
export const PARAMETER_CHANGE_DETAIL_TYPE = 'Parameter Store Change';
/** The operations after which a contact parameter is read again (a deleted parameter leaves the contact as it is). */
export const PARAMETER_CHANGE_OPERATIONS = ['Create', 'Update'];

/** The physical id of an alternate contact resource: account and type, no personal data. */
export function alternateContactPhysicalId(accountId: string, type: string): string {
  return `${accountId}/alternate-contact/${type}`;
}

/** The physical id of a contact information resource: the account, no personal data. */
export function contactInformationPhysicalId(accountId: string): string {
  return `${accountId}/contact-information`;
}

/**
 * Where the custom resources record which resources declare contacts (SSM Parameter Store, in the account and Region
 * of the stack): one parameter per resource, named `<path>/<stack name>.<logical id>`. A Delete removes its own claim
 * and deletes only when no other resource claims the same path, so a renamed or moved construct, or a second stack,
 * never loses contacts to a cleanup Delete. No personal data: account ids, contact types, stack names, logical ids.
 */
export const CLAIMS_PARAMETER_ROOT = '/cdk-account-contacts/claims';

/** The claims on one account's contact of one type (`SecurityContacts`, `AccountContactDetails`). */
export function claimsPath(accountId: string, type: string): string {
  return `${CLAIMS_PARAMETER_ROOT}/${accountId}/${type}`;
}

/** The claims of `OrganizationContacts` resources: each declares contacts across the organization. */
export const ORGANIZATION_CLAIMS_PATH = `${CLAIMS_PARAMETER_ROOT}/organization`;

/** The claim parameter of one resource under a claims path: `<path>/<stack name>.<logical id>`. */
export function claimParameterName(path: string, stackName: string, logicalId: string): string {
  return `${path}/${stackName}.${logicalId}`;
}
