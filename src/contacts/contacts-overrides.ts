import { AccountContactsOverride } from './account-contacts-override';
import { AccountTagContactsOverride } from './account-tag-contacts-override';
import { OrganizationalUnitContactsOverride } from './organizational-unit-contacts-override';

/**
 * Contacts that differ from the defaults, for single accounts, organizational units and tagged accounts: the same
 * structure for the AWS CDK construct and the Terraform constructs (which refuse `accountTags`: an organization's
 * account tags cannot be read at plan time).
 *
 * @example
 * const overrides: ContactsOverrides = {
 *   organizationalUnits: [
 *     {
 *       organizationalUnitId: 'ou-ab12-33333333',
 *       operations: {
 *         name: 'Payments Operations',
 *         title: 'On-call engineer',
 *         emailAddress: 'payments-oncall@example.com',
 *         phoneNumber: '+1 206 555 0188',
 *       },
 *     },
 *   ],
 * };
 */
export interface ContactsOverrides {
  /**
   * Contacts of single accounts that differ from the defaults and from their units' overrides.
   *
   * @default - none
   */
  readonly accounts?: AccountContactsOverride[];

  /**
   * Contacts of the accounts in an organizational unit (nested units included) that differ from the defaults.
   * The nearest unit's override wins; an account override beats them all.
   *
   * @default - none
   */
  readonly organizationalUnits?: OrganizationalUnitContactsOverride[];

  /**
   * Contacts of the accounts that carry a tag. Precedence, per contact type: account override, then the first
   * matching tag override, then the nearest unit's override, then enclosing units', then the defaults. Refused by
   * the Terraform constructs.
   *
   * @default - none
   */
  readonly accountTags?: AccountTagContactsOverride[];
}
