/**
 * The report as plain data, the same for every format: contacts masked unless asked otherwise.
 */
import { AlternateContact } from '../../contacts/alternate-contact';
import { ContactInformation } from '../../contacts/contact-information';
import { PersonalDataKind, maskEmailAddress, maskPhoneNumber, maskText } from '../../contacts/personal-data';
import { CONTACT_INFORMATION_RULES } from '../../contacts/validation';
import { AccountReport, AccountStatus } from '../findings';

export interface ReportOptions {
  /** Show contacts in full instead of masked (`--show-contacts`). */
  readonly showContacts: boolean;
}

export function presentAlternateContact(contact: AlternateContact | undefined, options: ReportOptions): AlternateContact | undefined {
  if (!contact || options.showContacts) {
    return contact;
  }
  return {
    name: maskText(contact.name),
    title: contact.title,
    emailAddress: maskEmailAddress(contact.emailAddress),
    phoneNumber: maskPhoneNumber(contact.phoneNumber),
  };
}

export function presentContactInformation(information: ContactInformation | undefined, options: ReportOptions): Record<string, string> | undefined {
  if (!information) {
    return undefined;
  }
  const values = information as unknown as Record<string, string | undefined>;
  const presented: Record<string, string> = {};
  for (const rule of CONTACT_INFORMATION_RULES) {
    const value = values[rule.field];
    if (value !== undefined) {
      presented[rule.field] = options.showContacts || !rule.personalData ? value
        : rule.personalData === PersonalDataKind.PHONE_NUMBER ? maskPhoneNumber(value) : maskText(value);
    }
  }
  return presented;
}

export interface ReportSummary {
  readonly accounts: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly findings: number;
}

export function summarize(reports: readonly AccountReport[]): ReportSummary {
  return {
    accounts: reports.length,
    passed: reports.filter((report) => report.status === AccountStatus.PASS).length,
    failed: reports.filter((report) => report.status === AccountStatus.FAIL).length,
    errors: reports.filter((report) => report.status === AccountStatus.ERROR).length,
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
      findings: report.findings,
      contacts: {
        security: presentAlternateContact(report.snapshot.alternateContacts.SECURITY, options),
        billing: presentAlternateContact(report.snapshot.alternateContacts.BILLING, options),
        operations: presentAlternateContact(report.snapshot.alternateContacts.OPERATIONS, options),
        contactInformation: presentContactInformation(report.snapshot.contactInformation, options),
      },
    })),
  };
}
