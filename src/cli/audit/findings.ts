/**
 * The audit's checks: CIS AWS Foundations Benchmark v3.0.0 1.1 and 1.2, and the advice of this library.
 */
import { adviseOnAlternateContacts } from '../../contacts/advice';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { CONTACT_INFORMATION_RULES } from '../../contacts/validation';
import { AccountSnapshot } from '../account-snapshot';

export enum Severity {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}

/** Most severe first. */
const SEVERITY_ORDER = [Severity.HIGH, Severity.MEDIUM, Severity.LOW];

export enum AccountStatus {
  PASS = 'PASS',
  FAIL = 'FAIL',
  /** The account could not be read: never counted as passing. */
  ERROR = 'ERROR',
}

export interface Finding {
  /** A stable id: `CIS-1.2`, `CIS-1.1`, or an advice id such as `securityEmailLooksPersonal`. */
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
}

export interface AccountReport {
  readonly accountId: string;
  readonly accountName?: string;
  readonly status: AccountStatus;
  readonly findings: Finding[];
  readonly error?: string;
  readonly snapshot: AccountSnapshot;
}

export interface AuditPolicy {
  /** Whether SECURITY must differ from BILLING and OPERATIONS (email address). */
  readonly requireDistinctSecurityContact: boolean;
}

const FIX_ALTERNATE = (type: AlternateContactType, account: string) =>
  `declare it with SecurityContacts (${type.toLowerCase()}: ...) or run: aws account put-alternate-contact --alternate-contact-type ${type}${account} --name ... --title ... --email-address ... --phone-number ...`;

/** Evaluates one account's contacts. */
export function evaluateAccount(snapshot: AccountSnapshot, policy: AuditPolicy): AccountReport {
  const base = { accountId: snapshot.account.accountId, accountName: snapshot.account.name, snapshot };
  if (snapshot.error) {
    return { ...base, status: AccountStatus.ERROR, findings: [], error: snapshot.error };
  }
  const accountOption = snapshot.account.own ? '' : ` --account-id ${snapshot.account.accountId}`;
  const findings: Finding[] = [];
  const security = snapshot.alternateContacts.SECURITY;
  if (!security || !security.emailAddress || !security.phoneNumber) {
    findings.push({
      check: 'CIS-1.2',
      severity: Severity.HIGH,
      message: security ? 'the SECURITY alternate contact has no email address or phone number' : 'no SECURITY alternate contact is registered',
      fix: FIX_ALTERNATE(AlternateContactType.SECURITY, accountOption),
    });
  }
  for (const type of [AlternateContactType.BILLING, AlternateContactType.OPERATIONS]) {
    if (!snapshot.alternateContacts[type]) {
      findings.push({ check: 'CIS-1.1', severity: Severity.MEDIUM, message: `no ${type} alternate contact is registered`, fix: FIX_ALTERNATE(type, accountOption) });
    }
  }
  const information = snapshot.contactInformation as unknown as Record<string, unknown> | undefined;
  const missing = CONTACT_INFORMATION_RULES.filter((rule) => rule.required && !information?.[rule.field]).map((rule) => rule.field);
  if (missing.length > 0) {
    findings.push({
      check: 'CIS-1.1',
      severity: Severity.MEDIUM,
      message: information ? `the primary contact information lacks ${missing.join(', ')}` : 'no primary contact information is set',
      fix: `declare it with AccountContactDetails or run: aws account put-contact-information${accountOption} --contact-information ...`,
    });
  }
  const declared = {
    security: snapshot.alternateContacts.SECURITY,
    billing: snapshot.alternateContacts.BILLING,
    operations: snapshot.alternateContacts.OPERATIONS,
  };
  for (const advice of adviseOnAlternateContacts(declared)) {
    findings.push({ check: advice.id, severity: Severity.LOW, message: advice.message, fix: 'point the contact at a team alias and a shared, international phone number' });
  }
  if (policy.requireDistinctSecurityContact && security) {
    const shared = [declared.billing, declared.operations]
      .filter((contact) => contact && contact.emailAddress.trim().toLowerCase() === security.emailAddress.trim().toLowerCase());
    if (shared.length > 0) {
      findings.push({
        check: 'securitySharedWithOtherTypes',
        severity: Severity.LOW,
        message: 'the SECURITY contact uses the same email address as BILLING or OPERATIONS',
        fix: 'give security notices their own alias, answered by the security team',
      });
    }
  }
  const merged = onePerCheck(findings);
  return { ...base, status: merged.length === 0 ? AccountStatus.PASS : AccountStatus.FAIL, findings: merged };
}

/** The command's exit code: 0 when every account passes, 1 on findings, 2 when an account could not be read. */
export function exitCode(reports: readonly AccountReport[]): number {
  if (reports.some((report) => report.status === AccountStatus.ERROR)) {
    return 2;
  }
  return reports.some((report) => report.status === AccountStatus.FAIL) ? 1 : 0;
}

/** Each check once per account: the parts of one check (e.g. CIS-1.1's missing contacts) become one finding. */
function onePerCheck(findings: Finding[]): Finding[] {
  const byCheck = new Map<string, Finding[]>();
  for (const finding of findings) {
    byCheck.set(finding.check, [...(byCheck.get(finding.check) ?? []), finding]);
  }
  return [...byCheck.values()].map((parts) => parts.length === 1 ? parts[0] : {
    ...parts[0],
    severity: parts.map((part) => part.severity).sort((a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b))[0],
    message: parts.map((part) => part.message).join('; '),
    fix: parts.map((part) => part.fix).join('; '),
  });
}
