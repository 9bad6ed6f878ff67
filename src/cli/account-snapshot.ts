/**
 * What AWS holds for one account: its three alternate contacts and its primary contact information.
 */
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';
import { AccountContactsApi, AccountTarget } from '../runtime/account-api';

/** One account to read: its id, and whether it is the caller's own (read without AccountId). */
export interface AccountToRead {
  readonly accountId: string;
  readonly name?: string;
  readonly own: boolean;
}

export interface AccountSnapshot {
  readonly account: AccountToRead;
  readonly alternateContacts: Partial<Record<AlternateContactType, AlternateContact>>;
  readonly contactInformation?: ContactInformation;
  /** Why the account could not be read: it is then reported as an error, never as passing. */
  readonly error?: string;
}

/** Reads an account's contacts (four calls); a failure of any call makes the whole account an error. */
export async function readAccountSnapshot(api: AccountContactsApi, account: AccountToRead): Promise<AccountSnapshot> {
  const target: AccountTarget = account.own ? {} : { memberAccountId: account.accountId };
  try {
    const [security, billing, operations, contactInformation] = await Promise.all([
      api.getAlternateContact(AlternateContactType.SECURITY, target),
      api.getAlternateContact(AlternateContactType.BILLING, target),
      api.getAlternateContact(AlternateContactType.OPERATIONS, target),
      api.getContactInformation(target),
    ]);
    const alternateContacts: Partial<Record<AlternateContactType, AlternateContact>> = {};
    if (security) alternateContacts.SECURITY = security;
    if (billing) alternateContacts.BILLING = billing;
    if (operations) alternateContacts.OPERATIONS = operations;
    return { account, alternateContacts, contactInformation };
  } catch (error) {
    return { account, alternateContacts: {}, error: error instanceof Error ? error.message : String(error) };
  }
}
