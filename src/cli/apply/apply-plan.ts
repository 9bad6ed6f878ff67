/**
 * `apply`'s writes: each account of the plan through the organization function's own per-account code
 * (read-compare-write per contact kind, errors caught per kind), rate-limited by the Account API client,
 * with bounded concurrency and a progress bar on a terminal. One account's failure never stops the others.
 */
import { AccountChange, ContactsPlan } from './contacts-plan';
import { WriteInterruption } from './write-interruption';
import { maskPersonalDataInText } from '../../contacts/personal-data';
import { AccountContactsApi } from '../../runtime/account-api';
import { AccountWorkResult, applyAccountContacts } from '../../runtime/account-work';
import { withProgress } from '../read-accounts';

export interface AccountOutcome extends Omit<AccountWorkResult, 'failures'> {
  readonly accountId: string;
  /** `unknown`: the write's answer never came and the account could not be read again: it may have been written. */
  readonly failures: Array<AccountWorkResult['failures'][number] & { readonly unknown?: boolean }>;
}

/**
 * Writes the plan's changes. After an interruption no account is started: the result then holds only the accounts
 * that were (`notStarted` counts the others).
 */
export async function applyPlan(
  api: AccountContactsApi,
  plan: ContactsPlan,
  concurrency: number,
  interruption?: WriteInterruption,
): Promise<{ outcomes: AccountOutcome[]; notStarted: number }> {
  const results = await withProgress(
    'writing contacts',
    plan.changes,
    concurrency,
    async (change: AccountChange) => (interruption?.stopped ? undefined : applyChange(api, change)),
    { signalsHandled: interruption !== undefined },
  );
  const outcomes = results.filter((outcome): outcome is AccountOutcome => outcome !== undefined);
  return { outcomes, notStarted: results.length - outcomes.length };
}

export async function applyChange(api: AccountContactsApi, change: AccountChange): Promise<AccountOutcome> {
  const target = change.account.own ? {} : { memberAccountId: change.account.accountId };
  try {
    // Compared with what the plan read, not read again: each contact is read once before its write.
    const outcome = {
      accountId: change.account.accountId,
      ...(await applyAccountContacts(api, change.contacts, target, { current: change.current })),
    };
    return await readBackUnanswered(api, change, outcome);
  } catch (error) {
    // applyAccountContacts catches per contact kind; anything else still fails only this account.
    const reason = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    return {
      accountId: change.account.accountId,
      changed: [],
      unchanged: [],
      warnings: [],
      failures: [{ contactType: 'ALL', reason, errorName: 'Error', transient: false }],
    };
  }
}

/**
 * A write whose answer never came (cut by --timeout, a connection lost) may have landed: the account is read again
 * (a dry run of the same code) before the summary. A contact found as declared counts as written; one that still
 * differs stays failed; one that cannot be read is said as unknown, never as "not written".
 */
async function readBackUnanswered(api: AccountContactsApi, change: AccountChange, outcome: AccountOutcome): Promise<AccountOutcome> {
  const unanswered = outcome.failures.filter((failure) => failure.errorName === 'TimeoutError' || failure.transient);
  if (unanswered.length === 0) {
    return outcome;
  }
  const target = change.account.own ? {} : { memberAccountId: change.account.accountId };
  const check = await applyAccountContacts(api, change.contacts, target, { dryRun: true }).catch(() => undefined);
  const landed = (type: string) => check?.unchanged.includes(type) === true;
  const unread = (type: string) => check === undefined || check.failures.some((failure) => failure.contactType === type);
  return {
    ...outcome,
    changed: [...outcome.changed, ...unanswered.filter((failure) => landed(failure.contactType)).map((failure) => failure.contactType)],
    failures: outcome.failures
      .filter((failure) => !unanswered.includes(failure) || !landed(failure.contactType))
      .map((failure) =>
        unanswered.includes(failure) && unread(failure.contactType)
          ? { ...failure, unknown: true, reason: `outcome unknown, ${failure.contactType} may have been written: run diff (${failure.reason})` }
          : failure,
      ),
  };
}

/**
 * Per-account failures, then the summary line, from what the writes found: each account counted once (changed,
 * already as declared, failed, outcome unknown, could not be read), adding up to the accounts of the plan.
 */
export function renderOutcomes(outcomes: readonly AccountOutcome[], plan: ContactsPlan, notStarted = 0): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    for (const failure of outcome.failures) {
      lines.push(`${outcome.accountId} ${failure.unknown ? 'UNKNOWN' : 'FAILED'} ${failure.contactType}: ${failure.reason}`);
    }
  }
  const written = outcomes.reduce((total, outcome) => total + outcome.changed.length, 0);
  const unknownAccounts = outcomes.filter((outcome) => outcome.failures.some((failure) => failure.unknown)).length;
  const changedAccounts = outcomes.filter((outcome) => outcome.changed.length > 0 && outcome.failures.length === 0).length;
  const failedAccounts = outcomes.filter((outcome) => outcome.failures.length > 0).length - unknownAccounts;
  // Planned, and found as declared when written (another run wrote them meanwhile): counted from the writes.
  const foundAsDeclared = outcomes.filter((outcome) => outcome.changed.length === 0 && outcome.failures.length === 0).length;
  lines.push(
    `Applied: ${changedAccounts} accounts changed (${written} contacts written), ${plan.unchanged + foundAsDeclared} already as declared, ` +
      `${failedAccounts} failed, ${unknownAccounts ? `${unknownAccounts} outcome unknown (run diff), ` : ''}` +
      `${notStarted ? `${notStarted} not started (interrupted), ` : ''}${plan.unreadable.length} could not be read.`,
  );
  return `${lines.join('\n')}\n`;
}

/** 0 when everything planned was applied, 2 when an account failed or could not be read. */
export function applyExitCode(outcomes: readonly AccountOutcome[], plan: ContactsPlan): number {
  return outcomes.some((outcome) => outcome.failures.length > 0) || plan.unreadable.length > 0 ? 2 : 0;
}
