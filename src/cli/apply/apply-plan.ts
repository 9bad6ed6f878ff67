/**
 * `apply`'s writes: each account of the plan through the organization function's own per-account code
 * (read-compare-write per contact kind, errors caught per kind), rate-limited by the Account API client,
 * with bounded concurrency and a progress bar on a terminal. One account's failure never stops the others.
 */
import { AccountChange, ContactsPlan } from './contacts-plan';
import { maskPersonalDataInText } from '../../contacts/personal-data';
import { AccountContactsApi } from '../../runtime/account-api';
import { AccountWorkResult, applyAccountContacts } from '../../runtime/account-work';
import { withProgress } from '../read-accounts';

export interface AccountOutcome extends AccountWorkResult {
  readonly accountId: string;
}

export async function applyPlan(api: AccountContactsApi, plan: ContactsPlan, concurrency: number): Promise<AccountOutcome[]> {
  return withProgress('writing contacts', plan.changes, concurrency, async (change: AccountChange) => {
    const target = change.account.own ? {} : { memberAccountId: change.account.accountId };
    try {
      return { accountId: change.account.accountId, ...(await applyAccountContacts(api, change.contacts, target)) };
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
  });
}

/** Per-account failures, then the summary line. */
export function renderOutcomes(outcomes: readonly AccountOutcome[], plan: ContactsPlan): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    for (const failure of outcome.failures) {
      lines.push(`${outcome.accountId} FAILED ${failure.contactType}: ${failure.reason}`);
    }
  }
  const written = outcomes.reduce((total, outcome) => total + outcome.changed.length, 0);
  const changedAccounts = outcomes.filter((outcome) => outcome.changed.length > 0).length;
  const failedAccounts = outcomes.filter((outcome) => outcome.failures.length > 0).length;
  lines.push(
    `Applied: ${changedAccounts} accounts changed (${written} contacts written), ${plan.unchanged} already as declared, ` +
      `${failedAccounts} failed, ${plan.unreadable.length} could not be read.`,
  );
  return `${lines.join('\n')}\n`;
}

/** 0 when everything planned was applied, 2 when an account failed or could not be read. */
export function applyExitCode(outcomes: readonly AccountOutcome[], plan: ContactsPlan): number {
  return outcomes.some((outcome) => outcome.failures.length > 0) || plan.unreadable.length > 0 ? 2 : 0;
}
