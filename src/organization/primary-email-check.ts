/**
 * The primary email check of an organization run (`runs.checkPrimaryEmail`): each member account's primary email
 * (the root user's address, `GetPrimaryEmail`) is read once the account is applied or planned, and one that looks
 * like one person's mailbox is reported by the audit's rule (`adviseOnPrimaryEmail`), masked. Nothing is written, and
 * a read that fails is said, never a failed account: the contacts the run applies matter more than the report.
 */
import { adviseOnPrimaryEmail } from '../contacts/advice';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { AccountContactsApi, AccountTarget } from '../runtime/account-api';
import { AccountApiError } from '../runtime/account-api-error';

/** What the check found for one account. */
export interface PrimaryEmailCheck {
  /** The address was read and looks like one person's mailbox. */
  readonly looksPersonal: boolean;
  /** The masked advice, or why the address could not be read; absent when it is a team alias. */
  readonly warning?: string;
}

/** The check's prefix in an account's warnings. */
export const PRIMARY_EMAIL_WARNING_PREFIX = 'PRIMARY_EMAIL: ';

/**
 * Reads and judges a member account's primary email. The caller's own account is not checked: the API reads no
 * account's own address (and the management account's only through Organizations, which the command's audit does).
 */
export async function checkPrimaryEmail(api: AccountContactsApi, target: AccountTarget): Promise<PrimaryEmailCheck | undefined> {
  if (target.memberAccountId === undefined) {
    return undefined;
  }
  let primaryEmail: string | undefined;
  try {
    primaryEmail = await api.getPrimaryEmail(target.memberAccountId);
  } catch (error) {
    const name = error instanceof AccountApiError ? error.errorName : ((error as { name?: string })?.name ?? 'Error');
    const detail = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    return {
      looksPersonal: false,
      warning: `${PRIMARY_EMAIL_WARNING_PREFIX}not checked: the primary email could not be read (account:GetPrimaryEmail, ${name}: ${detail})`,
    };
  }
  const [advice] = adviseOnPrimaryEmail(primaryEmail ?? '');
  return advice ? { looksPersonal: true, warning: `${PRIMARY_EMAIL_WARNING_PREFIX}${advice.message}` } : { looksPersonal: false };
}
