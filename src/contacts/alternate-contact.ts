/**
 * The kinds of alternate contact an AWS account can have (Account Management API `AlternateContactType`).
 */
export enum AlternateContactType {
  /** Receives security notifications: abuse reports, compromise and vulnerability notices (CIS 1.2). */
  SECURITY = 'SECURITY',
  /** Receives billing notifications. */
  BILLING = 'BILLING',
  /** Receives operational notifications: service events and health. */
  OPERATIONS = 'OPERATIONS',
}

/**
 * One alternate contact of an AWS account.
 *
 * Point it at a mail alias and a hunt group that a team answers, not at one person: AWS calls this contact
 * when it sees abuse or a compromise, and may throttle the account when nobody answers.
 *
 * @example
 * const security: AlternateContact = {
 *   name: 'Security Operations Center',
 *   title: 'Security team',
 *   emailAddress: 'security@example.com',
 *   phoneNumber: '+1 206 555 0100',
 * };
 */
export interface AlternateContact {
  /**
   * The name of the contact: a team or function, 1 to 64 characters.
   */
  readonly name: string;

  /**
   * The title of the contact, 1 to 50 characters.
   */
  readonly title: string;

  /**
   * The email address of the contact, 1 to 254 characters, matching the Account Management API's pattern.
   */
  readonly emailAddress: string;

  /**
   * The phone number of the contact, 1 to 25 characters of digits, spaces, `+`, `-`, `(` and `)`.
   */
  readonly phoneNumber: string;
}
