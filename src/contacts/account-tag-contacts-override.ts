import { AccountTag } from './account-tag';
import { AlternateContact } from './alternate-contact';
import { ContactInformation } from './contact-information';

/**
 * Contacts of the accounts that carry a tag, wherever they sit in the organization. Precedence, for each contact
 * type on its own: an account override beats a tag override, which beats the organizational units' overrides,
 * which beat the defaults. When several tag overrides match one account, the one listed first wins.
 *
 * @example
 * const override: AccountTagContactsOverride = {
 *   tag: { key: 'data-classification', value: 'pci' },
 *   security: {
 *     name: 'PCI Security Office',
 *     title: 'Security team',
 *     emailAddress: 'pci-security@example.com',
 *     phoneNumber: '+1 206 555 0177',
 *   },
 * };
 */
export interface AccountTagContactsOverride {
  /**
   * The tag (key, and value unless any value will do) that an account must carry.
   */
  readonly tag: AccountTag;

  /**
   * The SECURITY alternate contact of the accounts with the tag.
   *
   * @default - the SECURITY contact of the account's units or the organization's default
   */
  readonly security?: AlternateContact;

  /**
   * The BILLING alternate contact of the accounts with the tag.
   *
   * @default - the BILLING contact of the account's units or the organization's default, if any
   */
  readonly billing?: AlternateContact;

  /**
   * The OPERATIONS alternate contact of the accounts with the tag.
   *
   * @default - the OPERATIONS contact of the account's units or the organization's default, if any
   */
  readonly operations?: AlternateContact;

  /**
   * The primary contact information of the accounts with the tag.
   *
   * @default - the primary contact of the account's units or the organization's default, if any
   */
  readonly contactInformation?: ContactInformation;
}
