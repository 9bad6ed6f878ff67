/**
 * `diff`: every read account that has a declaration, compared field by field, and the result as text or JSON.
 */
import { FieldDifference, diffAccount, primaryEmailNotCompared } from './contacts-diff';
import { ExpectedContacts, expectedFor } from './expected-contacts';
import { verificationWarnings } from './verification-warnings';
import { AccountSnapshot } from '../account-snapshot';

/** What the comparison found. */
export interface DiffResult {
  /** Accounts that have a declaration and were compared (read or not). */
  readonly compared: number;
  readonly differences: FieldDifference[];
  /** Declared accounts whose contacts could not all be read (the kinds that could are compared all the same). */
  readonly unreadable: Array<{ accountId: string; error: string }>;
  /** What applying the declaration would also do: a changed primary phone loses its verification. */
  readonly warnings: string[];
  /** Declared accounts that are not ACTIVE (their state): not read, not compared. */
  readonly skippedAccounts: Array<{ accountId: string; state: string }>;
}

/** Compares each read account that the declaration covers; accounts it does not cover are left out. */
export function compareWithDeclaration(expected: ExpectedContacts, snapshots: AccountSnapshot[], options: { showContacts: boolean }): DiffResult {
  const differences: FieldDifference[] = [];
  const unreadable: Array<{ accountId: string; error: string }> = [];
  const skippedAccounts: Array<{ accountId: string; state: string }> = [];
  let compared = 0;
  for (const snapshot of snapshots) {
    const declared = expectedFor(expected, snapshot.account.accountId, snapshot.account.own);
    if (!declared) {
      continue;
    }
    if (snapshot.skippedState) {
      skippedAccounts.push({ accountId: snapshot.account.accountId, state: snapshot.skippedState });
      continue;
    }
    compared += 1;
    // Partly read: what could be read is still compared, and the rest is reported unread.
    const unread = [snapshot.error, primaryEmailNotCompared(snapshot, declared)].filter((reason) => reason !== undefined);
    if (unread.length > 0) {
      unreadable.push({ accountId: snapshot.account.accountId, error: unread.join('; ') });
    }
    differences.push(...diffAccount(snapshot, declared, options));
  }
  return { compared, differences, unreadable, warnings: verificationWarnings(expected, snapshots), skippedAccounts };
}

export function renderDiffJson(expected: ExpectedContacts, result: DiffResult): string {
  const { compared, differences, unreadable, warnings, skippedAccounts } = result;
  return `${JSON.stringify({ source: expected.source, accountsCompared: compared, differences, unreadable, warnings, skipped: expected.skipped, skippedAccounts }, undefined, 2)}\n`;
}

export function renderDiffText(expected: ExpectedContacts, result: DiffResult): string {
  const { compared, differences, unreadable } = result;
  const lines = [`Compared ${compared} accounts with ${expected.source}`];
  for (const skipped of expected.skipped) {
    lines.push(`skipped: ${skipped}`);
  }
  for (const difference of differences) {
    lines.push(`${difference.accountId} ${difference.contact}.${difference.field}: expected ${difference.expected}, found ${difference.actual}`);
  }
  for (const failure of unreadable) {
    lines.push(`${failure.accountId} ERROR ${failure.error}`);
  }
  for (const { accountId, state } of result.skippedAccounts) {
    lines.push(`${accountId} SKIPPED the account is ${state}, not ACTIVE: not compared`);
  }
  for (const warning of result.warnings) {
    lines.push(`warning: ${warning}`);
  }
  const drifted = new Set(differences.map((difference) => difference.accountId)).size;
  lines.push(
    compared === 0
      ? nothingCompared(expected.source)
      : differences.length === 0 && unreadable.length === 0
        ? 'No drift.'
        : `${differences.length} differences in ${drifted} accounts, ${unreadable.length} accounts could not be read.`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Why comparing (or applying) no account is an error, never "no drift": a gate that compared nothing proves nothing
 * (a mistyped `--account-ids`, an organization listing that came back empty).
 */
export function nothingCompared(source: string): string {
  return `Nothing compared: none of the selected accounts is declared in ${source} (check --account-ids, --organization and the declaration's account ids).`;
}

/** 2 when a declared account could not be read or no account was compared, 1 on drift, 0 otherwise. */
export function diffExitCode(result: DiffResult): number {
  return result.unreadable.length > 0 || result.compared === 0 ? 2 : result.differences.length > 0 ? 1 : 0;
}
