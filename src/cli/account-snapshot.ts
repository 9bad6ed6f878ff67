/**
 * What AWS holds for one account: its three alternate contacts, its primary contact information and its primary
 * email address.
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
  /**
   * The account's state in Organizations when it is not ACTIVE (SUSPENDED, PENDING_CLOSURE, CLOSED,
   * PENDING_ACTIVATION): its contacts are not read, and it is reported skipped with the state. @default ACTIVE
   */
  readonly inactiveState?: string;
  /**
   * Why the account is not read: a declared id that the caller's organization does not hold. It is an error
   * (never read, never written). @default a member, or the caller
   */
  readonly notMember?: string;
}

export interface AccountSnapshot {
  readonly account: AccountToRead;
  readonly alternateContacts: Partial<Record<AlternateContactType, AlternateContact>>;
  readonly contactInformation?: ContactInformation;
  /** The primary phone's verification status (PhoneVerificationStatus), when the API gave one. */
  readonly phoneVerification?: string;
  /** The account's primary email address (the root user's), when read. */
  readonly primaryEmail?: string;
  /**
   * Why no API can read this account's primary email address (the caller's own account when it is not the
   * organization's management account): the checks that need it are not run on it, and that is no error.
   */
  readonly primaryEmailUnreadable?: string;
  /** What was read (a read that failed is in `readErrors`, not here). */
  readonly reads: readonly ContactRead[];
  /** Why a read failed, naming the IAM action it needs; the checks that need it are then not checked. */
  readonly readErrors: Partial<Record<ContactRead, string>>;
  /** Why the account could not be read in full (every failed read): it is then never reported as passing. */
  readonly error?: string;
  /** The account is not ACTIVE (its state): nothing was read. */
  readonly skippedState?: string;
}

/** An account that is not ACTIVE, as read: nothing, and its state. */
export function skippedSnapshot(account: AccountToRead): AccountSnapshot {
  return { account, alternateContacts: {}, reads: [], readErrors: {}, skippedState: account.inactiveState };
}

/** A declared account that the organization does not hold: nothing read, and why (an error: exit 2). */
export function notMemberSnapshot(account: AccountToRead): AccountSnapshot {
  return { account, alternateContacts: {}, reads: [], readErrors: {}, error: account.notMember };
}

/** The caller's own primary email address, or why no API can read it. */
export type OwnPrimaryEmail = { readonly primaryEmail?: string } | { readonly unreadable: string };

/**
 * Reads what is asked of an account's contacts (by default all), each read on its own: a failed read is recorded
 * with the permission it needs, and the others still count. `ownPrimaryEmail` reads the caller's own primary email
 * (GetPrimaryEmail names members only).
 */
export async function readAccountSnapshot(
  api: AccountContactsApi,
  account: AccountToRead,
  reads: readonly ContactRead[] = Object.values(ContactRead),
  ownPrimaryEmail: () => Promise<OwnPrimaryEmail> = async () => ({ unreadable: 'no reader of the own account was given' }),
): Promise<AccountSnapshot> {
  const target: AccountTarget = account.own ? {} : { memberAccountId: account.accountId };
  const readOne = (read: ContactRead): Promise<unknown> => {
    switch (read) {
      case ContactRead.CONTACT_INFORMATION:
        return api.readContactInformation(target);
      case ContactRead.PRIMARY_EMAIL:
        return account.own ? ownPrimaryEmail() : api.getPrimaryEmail(account.accountId).then((primaryEmail) => ({ primaryEmail }));
      default:
        return api.getAlternateContact(read as string as AlternateContactType, target);
    }
  };
  const outcomes = await Promise.allSettled(reads.map(readOne));
  const alternateContacts: Partial<Record<AlternateContactType, AlternateContact>> = {};
  const readErrors: Partial<Record<ContactRead, string>> = {};
  let contactInformation: ContactInformation | undefined;
  let phoneVerification: string | undefined;
  let primaryEmail: OwnPrimaryEmail = {};
  reads.forEach((read, index) => {
    const outcome = outcomes[index];
    if (outcome.status === 'rejected') {
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      const typed = read === ContactRead.CONTACT_INFORMATION || read === ContactRead.PRIMARY_EMAIL ? '' : ` (${read})`;
      readErrors[read] = `needs ${permissionOf(read, account.own)}${typed}: ${reason}`;
    } else if (read === ContactRead.PRIMARY_EMAIL) {
      primaryEmail = outcome.value as OwnPrimaryEmail;
    } else if (read === ContactRead.CONTACT_INFORMATION) {
      ({ information: contactInformation, verificationStatus: phoneVerification } = outcome.value as ContactInformationRead);
    } else if (outcome.value) {
      alternateContacts[read as string as AlternateContactType] = outcome.value as AlternateContact;
    }
  });
  const email = primaryEmail as { readonly primaryEmail?: string; readonly unreadable?: string };
  const errors = [...new Set(Object.values(readErrors).map((message) => message.replace(/ \((SECURITY|BILLING|OPERATIONS)\)/, '')))];
  return {
    account,
    alternateContacts,
    contactInformation,
    ...(phoneVerification ? { phoneVerification } : {}),
    ...(email.primaryEmail !== undefined ? { primaryEmail: email.primaryEmail } : {}),
    ...(email.unreadable !== undefined ? { primaryEmailUnreadable: email.unreadable } : {}),
    reads: reads.filter((read) => !readErrors[read]),
    readErrors,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
}
