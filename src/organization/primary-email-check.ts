/**
 * The primary email check of an organization run (`runs.checkPrimaryEmail`): each account's primary email (the root
 * user's address) is read once the account is applied or planned, a member's with `GetPrimaryEmail` and the stack's
 * own (the management account, or the delegated administrator) from Organizations (`DescribeAccount`), which is the
 * only API that reads it; one that looks like one person's mailbox is reported by the audit's rule
 * (`adviseOnPrimaryEmail`), masked. Nothing is written, and a read that fails is said, never a failed account: the
 * contacts the run applies matter more than the report.
 */
import { adviseOnPrimaryEmail } from '../contacts/advice';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { AccountContactsApi, AccountTarget } from '../runtime/account-api';
import { apiErrorName } from '../runtime/account-api-error';

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
 * Reads and judges an account's primary email: a member's through the Account Management API, the caller's own with
 * `ownEmail` (Organizations' DescribeAccount: the Account Management API reads no account's own address).
 */
export async function checkPrimaryEmail(
  api: AccountContactsApi,
  target: AccountTarget,
  ownEmail: () => Promise<string | undefined>,
): Promise<PrimaryEmailCheck> {
  const member = target.memberAccountId;
  let primaryEmail: string | undefined;
  try {
    primaryEmail = member === undefined ? await ownEmail() : await api.getPrimaryEmail(member);
  } catch (error) {
    const name = apiErrorName(error);
    const detail = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    const action = member === undefined ? 'organizations:DescribeAccount' : 'account:GetPrimaryEmail';
    return {
      looksPersonal: false,
      warning: `${PRIMARY_EMAIL_WARNING_PREFIX}not checked: the primary email could not be read (${action}, ${name}: ${detail})`,
    };
  }
  const [advice] = adviseOnPrimaryEmail(primaryEmail ?? '');
  return advice ? { looksPersonal: true, warning: `${PRIMARY_EMAIL_WARNING_PREFIX}${advice.message}` } : { looksPersonal: false };
}
