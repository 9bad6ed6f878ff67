/**
 * What a declared change does to the primary phone's verification: a new number is UNVERIFIED until someone types
 * the passcode AWS sends to it. `diff` and `apply` (its plan, dry run included) say so before anything is written.
 */
import { PhoneVerificationStatus, resetsVerification, verifyPhoneCommand } from '../../contacts/phone-verification';
import { AccountSnapshot } from '../account-snapshot';
import { ExpectedContacts, expectedFor } from './expected-contacts';

/** One line per account whose declared primary phone number differs from the one AWS holds. */
export function verificationWarnings(expected: ExpectedContacts, snapshots: readonly AccountSnapshot[]): string[] {
  const warnings: string[] = [];
  for (const snapshot of snapshots) {
    const declared = expectedFor(expected, snapshot.account.accountId, snapshot.account.own)?.contactInformation;
    if (!declared || snapshot.error || !resetsVerification(snapshot.contactInformation?.phoneNumber, declared.phoneNumber)) {
      continue;
    }
    const now = snapshot.phoneVerification === PhoneVerificationStatus.VERIFIED ? ' (VERIFIED now)' : '';
    warnings.push(
      `${snapshot.account.accountId}: the new primary phone number resets its verification${now} to UNVERIFIED: ` +
        `run ${verifyPhoneCommand(snapshot.account.own ? undefined : snapshot.account.accountId)} after the change (the passcode goes by SMS to the new number)`,
    );
  }
  return warnings;
}
