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
  readonly Name: string;
  readonly Title: string;
  readonly EmailAddress: string;
  readonly PhoneNumber: string;
}

export interface ContactInformationResourceProperties {
  readonly ConstructPath: string;
  readonly AccountId?: string;
  /** The API's `ContactInformation` members (PascalCase). */
  readonly ContactInformation: Record<string, string>;
}

/** The physical id of an alternate contact resource: account and type, no personal data. */
export function alternateContactPhysicalId(accountId: string, type: string): string {
  return `${accountId}/alternate-contact/${type}`;
}

/** The physical id of a contact information resource: the account, no personal data. */
export function contactInformationPhysicalId(accountId: string): string {
  return `${accountId}/contact-information`;
}
