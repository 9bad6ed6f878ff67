import { AlternateContact } from './alternate-contact';
import { ContactInformation } from './contact-information';

/**
 * Contacts of every account in an organizational unit (and in the units nested in it) that differ from an
 * organization's defaults. The most specific declaration wins: an account override beats the nearest unit's
 * override, which beats an enclosing unit's, which beats the defaults; each contact type is decided on its own.
 *
 * @example
 * const override: OrganizationalUnitContactsOverride = {
 *   organizationalUnitId: 'ou-ab12-34cd56ef',
 *   operations: {
 *     name: 'Payments Operations',
 *     title: 'On-call engineer',
 *     emailAddress: 'payments-oncall@example.com',
 *     phoneNumber: '+1 206 555 0188',
 *   },
 * };
 */
export interface OrganizationalUnitContactsOverride {
  /**
   * The id of the organizational unit (`ou-` followed by the root id's suffix and 8 to 32 characters).
   */
  readonly organizationalUnitId: string;

  /**
   * The SECURITY alternate contact of the unit's accounts.
   *
   * @default - the enclosing unit's or the organization's default SECURITY contact
   */
  readonly security?: AlternateContact;

  /**
   * The BILLING alternate contact of the unit's accounts.
   *
   * @default - the enclosing unit's or the organization's default BILLING contact, if any
   */
  readonly billing?: AlternateContact;

  /**
   * The OPERATIONS alternate contact of the unit's accounts.
   *
   * @default - the enclosing unit's or the organization's default OPERATIONS contact, if any
   */
  readonly operations?: AlternateContact;

  /**
   * The primary contact information of the unit's accounts.
   *
   * @default - the enclosing unit's or the organization's default primary contact, if any
   */
  readonly contactInformation?: ContactInformation;
}
