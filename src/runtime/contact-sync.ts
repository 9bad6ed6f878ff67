/**
 * One read-compare-write per contact kind: read what the account holds, write only when it differs from what was
 * declared. The per-account custom resource and the organization function both apply contacts through these.
 */
import { AccountContactsApi, AccountTarget } from './account-api';
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { sameAlternateContact, sameContactInformation } from '../contacts/compare';
import { ContactInformation } from '../contacts/contact-information';
import { resetsVerification } from '../contacts/phone-verification';

/** What applying a declared contact did: `created` where the account held none, `updated` where it differed. */
export type SyncAction = 'created' | 'updated' | 'unchanged';

/** How to sync. */
export interface SyncOptions<T> {
  /** Say what would be done, write nothing. @default false */
  readonly dryRun?: boolean;
  /** Called with what the account holds just before a write (the restore snapshot). @default none */
  readonly beforeWrite?: (current: T | undefined) => Promise<void>;
  /** Called right after the write. @default none */
  readonly afterWrite?: () => Promise<void>;
  /** Called when the write (or, with `dryRun`, the write it stands for) changes the primary phone number, which resets its verification. @default none */
  readonly onVerificationReset?: () => void;
  /**
   * What the account holds, read just before by the caller (the command's plan): compared without a second read, so
   * that each contact is read once before its write. @default read here
   */
  readonly current?: { readonly value: T | undefined };
}

/**
 * Makes the account's alternate contact of `type` hold `declared`, writing only when it differs; with `dryRun`, says
 * what it would do and writes nothing.
 */
export async function syncAlternateContact(
  api: AccountContactsApi,
  type: AlternateContactType,
  declared: AlternateContact,
  target: AccountTarget,
  options: SyncOptions<AlternateContact> = {},
): Promise<SyncAction> {
  const current = options.current ? options.current.value : await api.getAlternateContact(type, target);
  if (current !== undefined && sameAlternateContact(current, declared)) {
    return 'unchanged';
  }
  if (!options.dryRun) {
    await options.beforeWrite?.(current);
    await api.putAlternateContact(type, declared, target);
    await options.afterWrite?.();
  }
  return current === undefined ? 'created' : 'updated';
}

/** Makes the account's primary contact information hold `declared`, writing only when it differs (never with `dryRun`). */
export async function syncContactInformation(
  api: AccountContactsApi,
  declared: ContactInformation,
  target: AccountTarget,
  options: SyncOptions<ContactInformation> = {},
): Promise<SyncAction> {
  const current = options.current ? options.current.value : await api.getContactInformation(target);
  if (current !== undefined && sameContactInformation(current, declared)) {
    return 'unchanged';
  }
  if (resetsVerification(current?.phoneNumber, declared.phoneNumber)) {
    options.onVerificationReset?.();
  }
  if (!options.dryRun) {
    await options.beforeWrite?.(current);
    await api.putContactInformation(declared, target);
    await options.afterWrite?.();
  }
  return current === undefined ? 'created' : 'updated';
}
