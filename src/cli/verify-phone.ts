/**
 * `account-contacts verify-phone`: verifies the primary contact's phone number of an account. AWS sends a one-time
 * passcode by SMS to that phone (a member account's code goes to the member's phone, not the caller's); the user types
 * it at the prompt, or a script gives it with `--code` to a second run after `--send-only`.
 */
import { PasscodeTerminal, PasscodeUsageError, askForPasscode } from './passcode-terminal';
import { isOwnAccount } from '../contacts/own-account';
import { maskPhoneNumber } from '../contacts/personal-data';
import { PASSCODE_PATTERN, PhoneVerificationStatus, verifyPhoneCommand } from '../contacts/phone-verification';
import { validateAccountId } from '../contacts/validation';
import { AccountContactsApi, AccountTarget } from '../runtime/account-api';

export interface VerifyPhoneOptions {
  /** A member account (from the management account or the delegated administrator); the caller's own when absent. */
  readonly accountId?: string;
  /** The passcode received by SMS: submitted without sending a new one. */
  readonly code?: string;
  /** Send the passcode and stop (a script then runs again with --code). */
  readonly sendOnly?: boolean;
}

/** Checks the options before any call. */
export function checkVerifyPhoneOptions(options: VerifyPhoneOptions): void {
  const [accountProblem] = validateAccountId(options.accountId, { field: '--account-id' });
  if (accountProblem) {
    throw new PasscodeUsageError(accountProblem.message);
  }
  if (options.code !== undefined && !PASSCODE_PATTERN.test(options.code.trim())) {
    throw new PasscodeUsageError('--code must be the 6-character passcode from the SMS (letters and digits only)');
  }
  if (options.code !== undefined && options.sendOnly) {
    throw new PasscodeUsageError('--code and --send-only exclude each other: --send-only sends a passcode, --code submits one');
  }
}

/**
 * Runs the verification, its options already checked (checkVerifyPhoneOptions, before any call): the exit code (0
 * verified or already verified; 2 not verified). `--account-id` naming the caller's own account is the caller's own
 * account, called without `AccountId` (which the API refuses for it), as the constructs do.
 */
export async function verifyPhone(
  api: AccountContactsApi,
  options: VerifyPhoneOptions,
  terminal: PasscodeTerminal,
  callerAccountId?: string,
): Promise<number> {
  const own = options.accountId === undefined || (callerAccountId !== undefined && isOwnAccount(options.accountId, callerAccountId));
  const target: AccountTarget = own ? {} : { memberAccountId: options.accountId };
  const which = own ? 'your own account' : `account ${options.accountId}`;
  const memberAccountId = own ? undefined : options.accountId;
  const { information, verificationStatus } = await api.readContactInformation(target);
  if (!information) {
    terminal.write(`${which} has no primary contact information: set it first (AccountContactDetails, or aws account put-contact-information).\n`);
    return 2;
  }
  const phone = maskPhoneNumber(information.phoneNumber);
  if (verificationStatus === PhoneVerificationStatus.NOT_SUPPORTED) {
    terminal.write(`AWS does not support phone verification for ${which} (VerificationStatus NOT_SUPPORTED): nothing to do.\n`);
    return 2;
  }
  if (verificationStatus === PhoneVerificationStatus.VERIFIED && options.code === undefined) {
    terminal.write(`The primary contact's phone ${phone} of ${which} is already VERIFIED.\n`);
    return 0;
  }
  let code = options.code?.trim();
  if (code === undefined) {
    if (!options.sendOnly && !terminal.askPasscode) {
      throw new PasscodeUsageError(
        'no terminal to type the passcode at: run with --send-only, then again with --code <passcode> once the SMS arrived',
      );
    }
    await api.sendPhoneNumberVerification(target, { statusBefore: verificationStatus });
    terminal.write(`AWS sent a passcode by SMS to ${phone}, the primary contact's phone of ${which}. It is valid for 5 minutes.\n`);
    if (options.sendOnly) {
      terminal.write(`Then run: ${verifyPhoneCommand(memberAccountId)} --code <passcode>\n`);
      return 0;
    }
    code = await askForPasscode(terminal);
  }
  const status = await api.verifyPhoneNumber(code, target);
  terminal.write(`The primary contact's phone ${phone} of ${which} is ${status ?? 'submitted'}.\n`);
  return status === PhoneVerificationStatus.VERIFIED ? 0 : 2;
}
