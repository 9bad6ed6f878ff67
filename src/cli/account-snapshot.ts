/**
 * What AWS holds for one account: its three alternate contacts and its primary contact information.
 */
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';
import { ContactRead, permissionOf } from './audit/checks';
import { AccountContactsApi, AccountTarget, ContactInformationRead } from '../runtime/account-api';

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
  /** The primary phone's verification status (PhoneVerificationStatus), when the API gave one. */
  readonly phoneVerification?: string;
  /** What was read (a read that failed is in `readErrors`, not here). */
  readonly reads: readonly ContactRead[];
  /** Why a read failed, naming the IAM action it needs; the checks that need it are then not checked. */
  readonly readErrors: Partial<Record<ContactRead, string>>;
  /** Why the account could not be read in full (every failed read): it is then never reported as passing. */
  readonly error?: string;
}

/**
 * Reads what is asked of an account's contacts (by default all four), each read on its own: a failed read is
 * recorded with the permission it needs, and the others still count.
 */
export async function readAccountSnapshot(
  api: AccountContactsApi,
  account: AccountToRead,
  reads: readonly ContactRead[] = Object.values(ContactRead),
): Promise<AccountSnapshot> {
  const target: AccountTarget = account.own ? {} : { memberAccountId: account.accountId };
  const outcomes = await Promise.allSettled(
    reads.map((read) =>
      read === ContactRead.CONTACT_INFORMATION
        ? api.readContactInformation(target)
        : api.getAlternateContact(read as string as AlternateContactType, target),
    ),
  );
  const alternateContacts: Partial<Record<AlternateContactType, AlternateContact>> = {};
  const readErrors: Partial<Record<ContactRead, string>> = {};
  let contactInformation: ContactInformation | undefined;
  let phoneVerification: string | undefined;
  reads.forEach((read, index) => {
    const outcome = outcomes[index];
    if (outcome.status === 'rejected') {
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      readErrors[read] = `needs ${permissionOf(read)}${read === ContactRead.CONTACT_INFORMATION ? '' : ` (${read})`}: ${reason}`;
    } else if (read === ContactRead.CONTACT_INFORMATION) {
      ({ information: contactInformation, verificationStatus: phoneVerification } = outcome.value as ContactInformationRead);
    } else if (outcome.value) {
      alternateContacts[read as string as AlternateContactType] = outcome.value as AlternateContact;
    }
  });
  const errors = [...new Set(Object.values(readErrors).map((message) => message.replace(/ \((SECURITY|BILLING|OPERATIONS)\)/, '')))];
  return {
    account,
    alternateContacts,
    contactInformation,
    ...(phoneVerification ? { phoneVerification } : {}),
    reads: reads.filter((read) => !readErrors[read]),
    readErrors,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
}
