/**
 * The work on one account: read each declared contact, write only what differs (or delete, when the construct
 * is removed with RemovalPolicy.DESTROY), and report each contact type's outcome. Errors are caught per contact
 * type, so that one denied type does not hide what happened to the others.
 */
import { AccountContactsApi, AccountTarget } from './account-api';
import { apiErrorName } from './account-api-error';
import { syncAlternateContact, syncContactInformation } from './contact-sync';
import { isRetryableError } from './retry';
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';
import { PRIMARY_CONTACT_TYPE } from '../contacts/contact-type';
import { ResolvedAccountContacts } from '../contacts/organization-declaration';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { verifyPhoneCommand } from '../contacts/phone-verification';

/** How one contact type of one account failed. */
export interface ContactTypeFailure {
  readonly contactType: string;
  /** Masked, explained reason. */
  readonly reason: string;
  /** The API error name, e.g. `AccessDeniedException`. */
  readonly errorName: string;
  /** Throttling or a server fault that outlasted the retries: worth another delivery later. */
  readonly transient: boolean;
}

export interface AccountWorkResult {
  /** Contact types written or deleted. */
  readonly changed: string[];
  /** Contact types that already held the declared values (or were already deleted). */
  readonly unchanged: string[];
  readonly failures: ContactTypeFailure[];
  /** What the writes also do, for the account's log line and result (masked): a new primary phone loses its verification. */
  readonly warnings: string[];
}

/** How to apply one account's contacts. */
export interface ApplyOptions {
  /** Read and compare only (`changed`: the types that would change). @default false */
  readonly dryRun?: boolean;
  /**
   * Called just before a contact type is written, with what it holds (the restore snapshot, the write lease). An
   * error it throws is that contact type's failure, and the type is not written. @default none
   */
  readonly beforeWrite?: (contactType: string, current: AlternateContact | ContactInformation | undefined) => Promise<void>;
  /** Called right after a contact type was written. @default none */
  readonly afterWrite?: (contactType: string) => Promise<void>;
  /**
   * What the account holds, read just before (the command's plan): each declared kind is compared with it, not read
   * again. A kind absent here is read as usual. @default every kind read here
   */
  readonly current?: KnownContacts;
}

/** Contacts an account was found to hold, by kind; a kind whose value is `undefined` was read and is not set. */
export interface KnownContacts {
  readonly alternateContacts: Partial<Record<AlternateContactType, { readonly value: AlternateContact | undefined }>>;
  readonly contactInformation?: { readonly value: ContactInformation | undefined };
}

/** Applies the resolved contacts to one account. */
export async function applyAccountContacts(
  api: AccountContactsApi,
  contacts: ResolvedAccountContacts,
  target: AccountTarget,
  options: ApplyOptions = {},
): Promise<AccountWorkResult> {
  const result: AccountWorkResult = { changed: [], unchanged: [], failures: [], warnings: [] };
  const { beforeWrite, afterWrite } = options;
  const sync = (contactType: string) => ({
    dryRun: options.dryRun,
    beforeWrite: beforeWrite ? (current: AlternateContact | ContactInformation | undefined) => beforeWrite(contactType, current) : undefined,
    afterWrite: afterWrite ? () => afterWrite(contactType) : undefined,
  });
  const types = Object.keys(contacts.alternateContacts).sort() as AlternateContactType[];
  await Promise.all(
    types.map((type) =>
      attempt(
        result,
        type,
        async () =>
          (await syncAlternateContact(api, type, contacts.alternateContacts[type]!, target, {
            ...sync(type),
            current: options.current?.alternateContacts[type],
          })) !== 'unchanged',
      ),
    ),
  );
  const contactInformation = contacts.contactInformation;
  if (contactInformation) {
    const onVerificationReset = () =>
      result.warnings.push(
        `${PRIMARY_CONTACT_TYPE}: the declared phone number differs from the one AWS holds: ` +
          `writing it resets the phone's verification to UNVERIFIED (then run ${verifyPhoneCommand(target.memberAccountId)})`,
      );
    await attempt(
      result,
      PRIMARY_CONTACT_TYPE,
      async () =>
        (await syncContactInformation(api, contactInformation, target, {
          ...sync(PRIMARY_CONTACT_TYPE),
          onVerificationReset,
          current: options.current?.contactInformation,
        })) !== 'unchanged',
    );
  }
  return result;
}

/**
 * Writes back what the account held before the first write, type by type: the snapshot's contact, or a delete where
 * the account held none (a primary contact cannot be deleted: it stays). `restored` is called after each type.
 */
export async function restoreAccountContacts(
  api: AccountContactsApi,
  snapshots: ReadonlyArray<{ readonly contactType: string; readonly contact?: AlternateContact | ContactInformation }>,
  target: AccountTarget,
  restored: (contactType: string) => Promise<void>,
): Promise<AccountWorkResult> {
  const result: AccountWorkResult = { changed: [], unchanged: [], failures: [], warnings: [] };
  for (const { contactType, contact } of snapshots) {
    await attempt(result, contactType, async () => {
      let changed = true;
      if (contactType === PRIMARY_CONTACT_TYPE) {
        changed = contact ? (await syncContactInformation(api, contact as ContactInformation, target)) !== 'unchanged' : false;
      } else if (contact) {
        changed = (await syncAlternateContact(api, contactType as AlternateContactType, contact as AlternateContact, target)) !== 'unchanged';
      } else {
        changed = await api.deleteAlternateContact(contactType as AlternateContactType, target);
      }
      await restored(contactType);
      return changed;
    });
  }
  return result;
}

/**
 * Deletes the declared alternate contacts of one account. The primary contact cannot be deleted through the API
 * and is left in place.
 */
export async function deleteAccountContacts(
  api: AccountContactsApi,
  contacts: ResolvedAccountContacts,
  target: AccountTarget,
): Promise<AccountWorkResult> {
  const result: AccountWorkResult = { changed: [], unchanged: [], failures: [], warnings: [] };
  const types = Object.keys(contacts.alternateContacts).sort() as AlternateContactType[];
  for (const type of types) {
    // One at a time: DeleteAlternateContact's quota is 1 call per second.
    await attempt(result, type, () => api.deleteAlternateContact(type, target));
  }
  return result;
}

async function attempt(result: AccountWorkResult, contactType: string, work: () => Promise<boolean>): Promise<void> {
  try {
    if (await work()) {
      result.changed.push(contactType);
    } else {
      result.unchanged.push(contactType);
    }
  } catch (error) {
    const errorName = apiErrorName(error);
    result.failures.push({
      contactType,
      reason: maskPersonalDataInText(error instanceof Error ? error.message : String(error)),
      errorName,
      // AccountApiError wraps the SDK error: judge the API error's name by the same rule as the retries.
      transient: isRetryableError(error) || isRetryableError({ name: errorName }),
    });
  }
}
