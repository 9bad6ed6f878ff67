/**
 * Drift: what differs, per account and field, between the declared contacts and what AWS holds.
 */
import { AccountSnapshot } from '../account-snapshot';
import { DeclaredAccountContacts } from './expected-contacts';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { PRIMARY_CONTACT_TYPE } from '../../contacts/contact-type';
import { PRIMARY_EMAIL_RULE, samePrimaryEmail } from '../../contacts/primary-email-update';
import { ALTERNATE_CONTACT_RULES, CONTACT_INFORMATION_RULES, FieldRule } from '../../contacts/validation';
import { ContactRead } from '../audit/checks';
import { ReportOptions, presentValue } from '../audit/formats/report-data';

/** The `contact` of a difference in the account itself: its primary email address (`ACCOUNT.primaryEmail`). */
export const ACCOUNT_CONTACT = 'ACCOUNT';

export interface FieldDifference {
  readonly accountId: string;
  /** SECURITY, BILLING, OPERATIONS, PRIMARY, or ACCOUNT (the primary email). */
  readonly contact: string;
  readonly field: string;
  /** The declared value, masked unless contacts are shown. */
  readonly expected: string;
  /** What AWS holds, masked unless contacts are shown; `(not set)` when absent. */
  readonly actual: string;
}

/** How a value that is not set is shown. */
export const NOT_SET = '(not set)';

function show(rule: FieldRule, value: unknown, options: ReportOptions): string {
  if (value === undefined || value === null || value === '') {
    return NOT_SET;
  }
  return presentValue(rule, String(value), options);
}

function compare(
  accountId: string,
  contact: string,
  rules: readonly FieldRule[],
  expected: Record<string, unknown>,
  actual: Record<string, unknown> | undefined,
  options: ReportOptions,
): FieldDifference[] {
  return rules
    .filter((rule) => (expected[rule.field] ?? undefined) !== (actual?.[rule.field] ?? undefined))
    .map((rule) => ({
      accountId,
      contact,
      field: rule.field,
      expected: show(rule, expected[rule.field], options),
      actual: show(rule, actual?.[rule.field], options),
    }));
}

/** Every field that differs between the declaration and the snapshot of one account. */
export function diffAccount(snapshot: AccountSnapshot, expected: DeclaredAccountContacts, options: ReportOptions): FieldDifference[] {
  const accountId = snapshot.account.accountId;
  const differences: FieldDifference[] = [];
  if (snapshot.account.notMember !== undefined) {
    // Never read (not an account of the organization): its error says so, and nothing of it is a difference.
    return differences;
  }
  // A kind whose read failed is not compared: its absence from the snapshot is not a difference.
  const unread = new Set(Object.keys(snapshot.readErrors));
  for (const type of [AlternateContactType.SECURITY, AlternateContactType.BILLING, AlternateContactType.OPERATIONS]) {
    const declared = expected.alternateContacts[type];
    if (declared && !unread.has(type)) {
      const actual = snapshot.alternateContacts[type];
      differences.push(...compare(accountId, type, ALTERNATE_CONTACT_RULES, { ...declared }, actual && { ...actual }, options));
    }
  }
  if (expected.contactInformation && !unread.has(ContactRead.CONTACT_INFORMATION)) {
    differences.push(
      ...compare(
        accountId,
        PRIMARY_CONTACT_TYPE,
        CONTACT_INFORMATION_RULES,
        { ...expected.contactInformation },
        snapshot.contactInformation && { ...snapshot.contactInformation },
        options,
      ),
    );
  }
  if (expected.primaryEmail !== undefined && !unread.has(ContactRead.PRIMARY_EMAIL) && snapshot.primaryEmailUnreadable === undefined) {
    const actual = snapshot.primaryEmail;
    if (actual === undefined || !samePrimaryEmail(actual, expected.primaryEmail)) {
      differences.push({
        accountId,
        contact: ACCOUNT_CONTACT,
        field: PRIMARY_EMAIL_RULE.field,
        expected: show(PRIMARY_EMAIL_RULE, expected.primaryEmail, options),
        actual: show(PRIMARY_EMAIL_RULE, actual, options),
      });
    }
  }
  return differences;
}

/** Why a declared primary email is not compared for this account (no API reads it for the caller), if so. */
export function primaryEmailNotCompared(snapshot: AccountSnapshot, expected: DeclaredAccountContacts): string | undefined {
  return expected.primaryEmail !== undefined && snapshot.primaryEmailUnreadable !== undefined
    ? `primaryEmail not compared: ${snapshot.primaryEmailUnreadable}`
    : undefined;
}
