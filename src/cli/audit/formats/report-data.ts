/**
 * The report as plain data, the same for every format: contacts masked unless asked otherwise.
 */
import { AlternateContact } from '../../../contacts/alternate-contact';
import { ContactInformation } from '../../../contacts/contact-information';
import { maskPersonalData } from '../../../contacts/personal-data';
import { ALTERNATE_CONTACT_RULES, CONTACT_INFORMATION_RULES, FieldRule } from '../../../contacts/validation';
import { AccountReport, AccountStatus } from '../findings';

export interface ReportOptions {
  /** Show contacts in full instead of masked (`--show-contacts`). */
  readonly showContacts: boolean;
}

/** One field's value as reports show it: masked as its rule says, unless contacts are shown. */
export function presentValue(rule: FieldRule, value: string, options: ReportOptions): string {
  return rule.personalData && !options.showContacts ? maskPersonalData(value, rule.personalData) : value;
}

/** The present fields of a contact, each shown as its rule says. */
function presentFields(rules: readonly FieldRule[], contact: object, options: ReportOptions): Record<string, string> {
  const values = contact as Record<string, string | undefined>;
  const presented: Record<string, string> = {};
  for (const rule of rules) {
    const value = values[rule.field];
    if (value !== undefined) {
      presented[rule.field] = presentValue(rule, value, options);
    }
  }
  return presented;
}

export function presentAlternateContact(contact: AlternateContact | undefined, options: ReportOptions): AlternateContact | undefined {
  return contact && (presentFields(ALTERNATE_CONTACT_RULES, contact, options) as unknown as AlternateContact);
}

export function presentContactInformation(information: ContactInformation | undefined, options: ReportOptions): Record<string, string> | undefined {
  return information && presentFields(CONTACT_INFORMATION_RULES, information, options);
}

/** The findings column of a table: the failed checks, then those not checked; "cannot be read" when nothing could be. */
export function findingsCell(report: AccountReport): string {
  if (report.skipped) {
    return `skipped: ${report.snapshot.skippedState}`;
  }
  const unchecked = report.notChecked.flatMap((entry) => entry.checks);
  if (unchecked.length > 0 && unchecked.length === report.checks.length) {
    return 'cannot be read';
  }
  return [...report.findings.map((finding) => finding.check), ...unchecked.map((check) => `${check} not checked`)].join(', ') || '-';
}

/** One line per reason some checks of an account could not be run. */
export function notCheckedLines(report: AccountReport): string[] {
  return report.notChecked.map((entry) => `${entry.checks.join(', ')} not checked: ${entry.reason}`);
}

export interface ReportSummary {
  readonly accounts: number;
  readonly passed: number;
  /** Accounts with findings, those that could not be read in full included: an error never hides a finding. */
  readonly failed: number;
  /** Accounts that could not be read in full (some with findings too). */
  readonly errors: number;
  /** Accounts that are not ACTIVE: listed, not checked. */
  readonly skipped: number;
  readonly findings: number;
}

/** The summary's words for skipped accounts, when there are any. */
export function skippedText(summary: ReportSummary): string {
  return summary.skipped > 0 ? `, ${summary.skipped} skipped (not ACTIVE)` : '';
}

export function summarize(reports: readonly AccountReport[]): ReportSummary {
  return {
    accounts: reports.length,
    passed: reports.filter((report) => report.status === AccountStatus.PASS).length,
    // An account with findings is counted with findings even when another of its reads failed (it is also an error).
    failed: reports.filter((report) => report.findings.length > 0).length,
    errors: reports.filter((report) => report.status === AccountStatus.ERROR).length,
    skipped: reports.filter((report) => report.status === AccountStatus.SKIPPED).length,
    findings: reports.reduce((total, report) => total + report.findings.length, 0),
  };
}

export function reportData(reports: readonly AccountReport[], options: ReportOptions) {
  return {
    summary: summarize(reports),
    accounts: reports.map((report) => ({
      accountId: report.accountId,
      accountName: report.accountName,
      status: report.status,
      error: report.error,
      ...(report.skipped ? { skipped: report.skipped } : {}),
      checks: report.checks,
      findings: report.findings,
      notChecked: report.notChecked,
      // The primary phone's verification status (VERIFIED, UNVERIFIED, PENDING, NOT_SUPPORTED), when AWS gave one.
      ...(report.snapshot.phoneVerification ? { phoneVerification: report.snapshot.phoneVerification } : {}),
      contacts: {
        security: presentAlternateContact(report.snapshot.alternateContacts.SECURITY, options),
        billing: presentAlternateContact(report.snapshot.alternateContacts.BILLING, options),
        operations: presentAlternateContact(report.snapshot.alternateContacts.OPERATIONS, options),
        contactInformation: presentContactInformation(report.snapshot.contactInformation, options),
      },
    })),
  };
}
