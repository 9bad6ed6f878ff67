/**
 * The primary contact information of an AWS account (Account Management API `ContactInformation`).
 *
 * @example
 * const primary: ContactInformation = {
 *   fullName: 'Example Corp Cloud Platform Team',
 *   companyName: 'Example Corp',
 *   addressLine1: '123 Any Street',
 *   city: 'Seattle',
 *   stateOrRegion: 'WA',
 *   postalCode: '98101',
 *   countryCode: 'US',
 *   phoneNumber: '+1 206 555 0100',
 *   websiteUrl: 'https://www.example.com',
 * };
 */
export interface ContactInformation {
  /**
   * The full name of the primary contact, 1 to 50 characters.
   */
  readonly fullName: string;

  /**
   * The first line of the primary contact address, 1 to 60 characters.
   */
  readonly addressLine1: string;

  /**
   * The second line of the primary contact address, 1 to 60 characters.
   *
   * @default - no second address line
   */
  readonly addressLine2?: string;

  /**
   * The third line of the primary contact address, 1 to 60 characters.
   *
   * @default - no third address line
   */
  readonly addressLine3?: string;

  /**
   * The city of the primary contact address, 1 to 50 characters.
   */
  readonly city: string;

  /**
   * The state or region of the primary contact address, 1 to 50 characters.
   *
   * Required when `countryCode` is one of US, CA, GB, DE, JP, IN or BR.
   *
   * @default - no state or region
   */
  readonly stateOrRegion?: string;

  /**
   * The district or county of the primary contact address, 1 to 50 characters.
   *
   * @default - no district or county
   */
  readonly districtOrCounty?: string;

  /**
   * The postal code of the primary contact address, 1 to 20 characters.
   */
  readonly postalCode: string;

  /**
   * The ISO 3166-1 alpha-2 code of the country of the primary contact address, such as `US`.
   */
  readonly countryCode: string;

  /**
   * The phone number of the primary contact, 1 to 20 characters, starting with `+`.
   */
  readonly phoneNumber: string;

  /**
   * The name of the company associated with the account, 1 to 50 characters.
   *
   * @default - no company name
   */
  readonly companyName?: string;

  /**
   * The URL of the website associated with the account, 1 to 256 characters.
   *
   * @default - no website
   */
  readonly websiteUrl?: string;
}
