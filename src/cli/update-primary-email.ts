/**
 * `account-contacts update-primary-email`: changes a member account's primary email address (the root user's). AWS
 * sends a one-time passcode to the new address; the user types it at the prompt, or a script gives it with `--code` to
 * a second run after `--send-only`; the update is accepted and followed until AWS has completed it.
 */
import { PasscodeTerminal, PasscodeUsageError, askForPasscode } from './passcode-terminal';
import { isOwnAccount } from '../contacts/own-account';
import { maskEmailAddress } from '../contacts/personal-data';
import { PASSCODE_PATTERN } from '../contacts/phone-verification';
import { PrimaryEmailUpdateStatus, samePrimaryEmail, validatePrimaryEmail } from '../contacts/primary-email-update';
import { validateAccountId } from '../contacts/validation';
import { AccountContactsApi } from '../runtime/account-api';

export interface UpdatePrimaryEmailOptions {
  /** The member account (from the management account or the delegated administrator). */
  readonly accountId: string;
  /** The new primary email address: a team alias. */
  readonly email: string;
  /** The passcode sent to the new address by an earlier `--send-only` run: accepted without a new start. */
  readonly code?: string;
  /** Start the update (the passcode goes to the new address) and stop: a script then runs again with --code. */
  readonly sendOnly?: boolean;
  /** Accept an address that looks like one person's mailbox. */
  readonly allowPersonal?: boolean;
  /** How long to follow an accepted update until AWS has completed it. */
  readonly waitSeconds: number;
}

/** How the command waits between two reads of the update's status. */
export interface StatusClock {
  readonly sleep: (milliseconds: number) => Promise<void>;
  readonly now: () => number;
}

const SYSTEM_CLOCK: StatusClock = { sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)), now: Date.now };
const STATUS_POLL_MILLISECONDS = 1_000;

/** Checks the options before any call: a usage error (exit 64) names the option and the rule. */
export function checkUpdatePrimaryEmailOptions(options: UpdatePrimaryEmailOptions): void {
  const [accountProblem] = validateAccountId(options.accountId, { field: '--account-id' });
  if (accountProblem) {
    throw new PasscodeUsageError(accountProblem.message);
  }
  const [emailProblem] = validatePrimaryEmail(options.email.trim(), {
    field: '--email',
    allowPersonal: options.allowPersonal,
    personalRemedy: 'or --allow-personal to use it anyway',
  });
  if (emailProblem) {
    throw new PasscodeUsageError(emailProblem.message);
  }
  if (options.code !== undefined && !PASSCODE_PATTERN.test(options.code.trim())) {
    throw new PasscodeUsageError('--code must be the 6-character passcode from the email (letters and digits only)');
  }
  if (options.code !== undefined && options.sendOnly) {
    throw new PasscodeUsageError('--code and --send-only exclude each other: --send-only starts the update, --code accepts it');
  }
}

/**
 * Runs the update, its options already checked: the exit code (0 completed, or the address already in place; 2 not
 * completed). The caller's own account is refused before any call: no API changes its own primary email.
 */
export async function updatePrimaryEmail(
  api: AccountContactsApi,
  options: UpdatePrimaryEmailOptions,
  terminal: PasscodeTerminal,
  callerAccountId: string,
  clock: StatusClock = SYSTEM_CLOCK,
): Promise<number> {
  if (isOwnAccount(options.accountId, callerAccountId)) {
    throw new PasscodeUsageError(
      `--account-id ${options.accountId} is the caller's own account: no API changes an account's primary email from itself (a member's is changed from the management account or the delegated administrator; the management account's by its root user, in the console)`,
    );
  }
  const email = options.email.trim();
  const shown = maskEmailAddress(email);
  const which = `account ${options.accountId}`;
  const current = await api.getPrimaryEmail(options.accountId);
  if (options.code === undefined && current !== undefined && samePrimaryEmail(current, email)) {
    terminal.write(`The primary email address of ${which} is already ${shown}: nothing to do.\n`);
    return 0;
  }
  let code = options.code?.trim();
  if (code === undefined) {
    if (!options.sendOnly && !terminal.askPasscode) {
      throw new PasscodeUsageError(
        'no terminal to type the passcode at: run with --send-only, then again with --code <passcode> once the email arrived',
      );
    }
    await api.startPrimaryEmailUpdate(options.accountId, email);
    terminal.write(`AWS sent a passcode to ${shown}, the new primary email address of ${which}.\n`);
    if (options.sendOnly) {
      terminal.write(
        `Then run: account-contacts update-primary-email --account-id ${options.accountId} --email <the same address> --code <passcode>\n`,
      );
      return 0;
    }
    code = await askForPasscode(terminal);
  }
  await api.acceptPrimaryEmailUpdate(options.accountId, email, code);
  terminal.write(`The passcode was accepted: AWS is changing the primary email address of ${which} to ${shown}.\n`);
  const status = await untilSettled(api, options.accountId, options.waitSeconds, clock);
  if (status === PrimaryEmailUpdateStatus.COMPLETED) {
    terminal.write(`The primary email address of ${which} is now ${shown} (COMPLETED).\n`);
    return 0;
  }
  terminal.write(
    status === PrimaryEmailUpdateStatus.FAILED
      ? `AWS could not complete the update of ${which} (FAILED): its primary email address is unchanged; run update-primary-email again.\n`
      : `AWS has not completed the update of ${which} after ${options.waitSeconds} s (${status ?? 'no status'}): check later with account-contacts audit --account-ids ${options.accountId}.\n`,
  );
  return 2;
}

/** The update's status once COMPLETED or FAILED, or the last one read when the wait ends. */
async function untilSettled(api: AccountContactsApi, accountId: string, waitSeconds: number, clock: StatusClock): Promise<string | undefined> {
  const deadline = clock.now() + waitSeconds * 1000;
  for (;;) {
    const status = await api.getPrimaryEmailUpdateStatus(accountId);
    if (status === PrimaryEmailUpdateStatus.COMPLETED || status === PrimaryEmailUpdateStatus.FAILED || clock.now() >= deadline) {
      return status;
    }
    await clock.sleep(STATUS_POLL_MILLISECONDS);
  }
}
