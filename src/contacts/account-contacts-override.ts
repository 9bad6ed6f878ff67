import { AlternateContact } from './alternate-contact';
import { ContactInformation } from './contact-information';

/**
 * Contacts of one account that differ from an organization's defaults. The most specific declaration wins:
 * an account override replaces the default of each contact type it declares, and leaves the others as they are.
 *
 * @example
 * const override: AccountContactsOverride = {
 *   accountId: '222233334444',
 *   security: {
 *     name: 'Payments Security',
 *     title: 'PCI security team',
 *     emailAddress: 'payments-security@example.com',
 *     phoneNumber: '+1 206 555 0199',
 *   },
 * };
 */
export interface AccountContactsOverride {
  /**
   * The 12-digit id of the account.
   */
  readonly accountId: string;

  /**
   * The SECURITY alternate contact of this account.
   *
   * @default - the organization's default SECURITY contact
   */
  readonly security?: AlternateContact;

  /**
   * The BILLING alternate contact of this account.
   *
   * @default - the organization's default BILLING contact, if any
   */
  readonly billing?: AlternateContact;

  /**
   * The OPERATIONS alternate contact of this account.
   *
   * @default - the organization's default OPERATIONS contact, if any
   */
  readonly operations?: AlternateContact;

  /**
   * The primary contact information of this account.
   *
   * @default - the organization's default primary contact, if any
   */
  readonly contactInformation?: ContactInformation;
}
