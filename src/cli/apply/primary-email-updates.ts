/**
 * `apply`'s primary email changes: each needs the one-time passcode AWS sends to the new address, so they run one
 * account at a time, after the contacts are written, and only where a person can type the passcode (a terminal).
 * Elsewhere (a pipeline, even with `--yes`) nothing is started: each account is reported not changed, with the command
 * that changes it. One account's failure never stops the others; an interruption stops before the next account.
 */
import { PrimaryEmailChange } from './contacts-plan';
import { WriteInterruption } from './write-interruption';
import { maskPersonalDataInText } from '../../contacts/personal-data';
import { AccountContactsApi } from '../../runtime/account-api';
import { PasscodeTerminal } from '../passcode-terminal';
import { StatusClock, updatePrimaryEmail } from '../update-primary-email';

/** What became of one account's primary email change. */
export enum PrimaryEmailResult {
  /** AWS completed the change (or found the address already in place). */
  CHANGED = 'CHANGED',
  /** Not started: no terminal to type the passcode at, the caller's own account, or interrupted. */
  NOT_CHANGED = 'NOT_CHANGED',
  /** Started and refused, or not completed: the address may still be the old one. */
  FAILED = 'FAILED',
}

export interface PrimaryEmailOutcome {
  readonly accountId: string;
  readonly result: PrimaryEmailResult;
  /** Why it was not changed or failed; masked. @default none */
  readonly reason?: string;
}

/** How long apply follows one accepted update until AWS has completed it. */
const WAIT_SECONDS = 60;

/** Changes the plan's primary email addresses, one account at a time, with the passcode typed at the terminal. */
export async function applyPrimaryEmails(
  api: AccountContactsApi,
  changes: readonly PrimaryEmailChange[],
  terminal: PasscodeTerminal,
  callerAccountId: string,
  options: { readonly interruption?: WriteInterruption; readonly clock?: StatusClock } = {},
): Promise<PrimaryEmailOutcome[]> {
  const outcomes: PrimaryEmailOutcome[] = [];
  for (const change of [...changes].sort((a, b) => a.account.accountId.localeCompare(b.account.accountId))) {
    const accountId = change.account.accountId;
    const notChanged = (reason: string) => outcomes.push({ accountId, result: PrimaryEmailResult.NOT_CHANGED, reason });
    if (change.notPossible) {
      notChanged(change.notPossible);
    } else if (options.interruption?.stopped) {
      notChanged(`interrupted (${options.interruption.signal}) before this account: run apply again`);
    } else if (!terminal.askPasscode) {
      notChanged(
        `no terminal to type the passcode at (AWS sends it to the new address): run account-contacts update-primary-email --account-id ${accountId} --email <the declared address> at a terminal (or with --send-only, then --code)`,
      );
    } else {
      terminal.write(`Changing the primary email address of account ${accountId}:\n`);
      outcomes.push(await changeOne(api, change, terminal, callerAccountId, options.clock));
    }
  }
  return outcomes;
}

async function changeOne(
  api: AccountContactsApi,
  change: PrimaryEmailChange,
  terminal: PasscodeTerminal,
  callerAccountId: string,
  clock: StatusClock | undefined,
): Promise<PrimaryEmailOutcome> {
  const accountId = change.account.accountId;
  try {
    // The same steps as update-primary-email: the current address read again, started, the passcode, accepted, awaited.
    const exitCode = await updatePrimaryEmail(api, { accountId, email: change.email, waitSeconds: WAIT_SECONDS }, terminal, callerAccountId, clock);
    return exitCode === 0
      ? { accountId, result: PrimaryEmailResult.CHANGED }
      : { accountId, result: PrimaryEmailResult.FAILED, reason: 'AWS did not complete the update: run diff, then apply again' };
  } catch (error) {
    return { accountId, result: PrimaryEmailResult.FAILED, reason: maskPersonalDataInText(error instanceof Error ? error.message : String(error)) };
  }
}

/** One line per primary email not changed, then the counts. */
export function renderPrimaryEmailOutcomes(outcomes: readonly PrimaryEmailOutcome[]): string {
  if (outcomes.length === 0) {
    return '';
  }
  const lines = outcomes
    .filter((outcome) => outcome.result !== PrimaryEmailResult.CHANGED)
    .map(
      (outcome) => `${outcome.accountId} ${outcome.result === PrimaryEmailResult.FAILED ? 'FAILED' : 'NOT CHANGED'} primaryEmail: ${outcome.reason}`,
    );
  const count = (result: PrimaryEmailResult) => outcomes.filter((outcome) => outcome.result === result).length;
  lines.push(
    `Primary email addresses: ${count(PrimaryEmailResult.CHANGED)} changed, ${count(PrimaryEmailResult.NOT_CHANGED)} not changed, ${count(PrimaryEmailResult.FAILED)} failed.`,
  );
  return `${lines.join('\n')}\n`;
}
