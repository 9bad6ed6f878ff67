/**
 * The contact types: the three alternate contacts of the API's AlternateContactType enum, and the primary contact
 * information, which results, claims, logs and outside-change events name PRIMARY. The one home of that name.
 */
import { AlternateContactType } from './alternate-contact';

/** The name of the primary contact information where a contact type is named. */
export const PRIMARY_CONTACT_TYPE = 'PRIMARY';

/** A contact type: an alternate contact's, or the primary contact information. */
export type ContactType = AlternateContactType | typeof PRIMARY_CONTACT_TYPE;
