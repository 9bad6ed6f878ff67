/**
 * The audit's checks: CIS AWS Foundations Benchmark v3.0.0 1.1 and 1.2, and the advice of this library.
 */
import { adviseOnAlternateContacts, adviseOnDistinctContacts, adviseOnPrimaryEmail } from '../../contacts/advice';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { needsVerification, verifyPhoneCommand } from '../../contacts/phone-verification';
import { updatePrimaryEmailCommand } from '../../contacts/primary-email-update';
import { CONTACT_INFORMATION_RULES } from '../../contacts/validation';
import { AccountSnapshot } from '../account-snapshot';
import { CHECKS, DEFAULT_CHECK_IDS, Severity, checkDefinition, permissionOf, reportedCheckId } from './checks';
import { CIS_TITLES, CisVersion, NEWEST_CIS_VERSION, SECURITY_HUB_CONTROLS, cisNumber } from './cis-versions';

export { Severity };

/** Most severe first. */
const SEVERITY_ORDER = [Severity.HIGH, Severity.MEDIUM, Severity.LOW];

export enum AccountStatus {
  PASS = 'PASS',
  FAIL = 'FAIL',
  /** The account could not be read: never counted as passing. */
  ERROR = 'ERROR',
  /** The account is not ACTIVE (suspended, closing, closed, not activated yet): nothing was checked, and that is no finding. */
  SKIPPED = 'SKIPPED',
}

/** Where a finding sits in the CIS AWS Foundations Benchmark. */
export interface CisReference {
  readonly version: CisVersion;
  /** E.g. `2.3`. */
  readonly recommendation: string;
  readonly title: string;
}

export interface Finding {
  /** The check as reported: its CIS number in the chosen version (`CIS-2.3`), or an advice id such as `securityEmailLooksPersonal`. */
  readonly check: string;
  /** The check's id in every version (`securityContactRegistered`). */
  readonly checkId: string;
  readonly cis?: CisReference;
  /** The same check in AWS Security Hub, e.g. `Account.1`. */
  readonly securityHubControlId?: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
}

/** Checks that could not be run on an account because a read they need failed. */
export interface NotChecked {
  readonly checks: string[];
  /** The IAM action the failed read needs, e.g. `account:GetContactInformation`. */
  readonly permission: string;
  readonly reason: string;
}

export interface AccountReport {
  readonly accountId: string;
  readonly accountName?: string;
  /** ERROR when a chosen check could not be run: never counted as passing. */
  readonly status: AccountStatus;
  /** The checks run on the account (as reported), in the order of CHECKS. */
  readonly checks: string[];
  readonly cisVersion: CisVersion;
  readonly findings: Finding[];
  readonly notChecked: NotChecked[];
  /** One line on what could not be checked, and why. */
  readonly error?: string;
  /** Why the account was skipped: its state. */
  readonly skipped?: string;
  readonly snapshot: AccountSnapshot;
}

export interface AuditPolicy {
  /** The CIS version whose numbers are reported. @default NEWEST_CIS_VERSION */
  readonly cisVersion?: CisVersion;
  /** The checks to run (ids of CHECKS). @default DEFAULT_CHECK_IDS */
  readonly checks?: readonly string[];
  /** Whether SECURITY must differ from BILLING and OPERATIONS (email address): adds securitySharedWithOtherTypes. */
  readonly requireDistinctSecurityContact?: boolean;
  /** Whether the four contacts must share no email address or phone number: adds contactsNotDistinct. */
  readonly requireDistinctContacts?: boolean;
}

/** The checks a policy runs, in the order of CHECKS. */
export function chosenChecks(policy: AuditPolicy): string[] {
  const chosen = new Set([
    ...(policy.checks ?? DEFAULT_CHECK_IDS),
    ...(policy.requireDistinctSecurityContact ? ['securitySharedWithOtherTypes'] : []),
    ...(policy.requireDistinctContacts ? ['contactsNotDistinct'] : []),
  ]);
  return CHECKS.filter((check) => chosen.has(check.id)).map((check) => check.id);
}

const FIX_ALTERNATE = (type: AlternateContactType, account: string) =>
  `declare it with SecurityContacts (${type.toLowerCase()}: ...) or run: aws account put-alternate-contact --alternate-contact-type ${type}${account} --name ... --title ... --email-address ... --phone-number ...`;

/** Evaluates one account's contacts. */
export function evaluateAccount(snapshot: AccountSnapshot, policy: AuditPolicy): AccountReport {
  // No API reads the primary email of the caller's own account unless it is the management account: its check is not
  // run there (and that is no error).
  const checks = chosenChecks(policy).filter((id) => !(snapshot.primaryEmailUnreadable && id === 'primaryEmailLooksPersonal'));
  const cisVersion = policy.cisVersion ?? NEWEST_CIS_VERSION;
  const reported = (id: string) => reportedCheckId(checkDefinition(id), cisVersion);
  const base = { accountId: snapshot.account.accountId, accountName: snapshot.account.name, checks: checks.map(reported), cisVersion, snapshot };
  if (snapshot.skippedState) {
    return {
      ...base,
      checks: [],
      status: AccountStatus.SKIPPED,
      findings: [],
      notChecked: [],
      skipped: `the account is ${snapshot.skippedState}, not ACTIVE: its contacts are not checked`,
    };
  }
  const accountOption = snapshot.account.own ? '' : ` --account-id ${snapshot.account.accountId}`;
  const findings: RawFinding[] = [];
  const security = snapshot.alternateContacts.SECURITY;
  if (!security || !security.emailAddress || !security.phoneNumber) {
    findings.push({
      check: 'securityContactRegistered',
      severity: Severity.HIGH,
      message: security ? 'the SECURITY alternate contact has no email address or phone number' : 'no SECURITY alternate contact is registered',
      fix: FIX_ALTERNATE(AlternateContactType.SECURITY, accountOption),
    });
  }
  for (const type of [AlternateContactType.BILLING, AlternateContactType.OPERATIONS]) {
    if (!snapshot.alternateContacts[type]) {
      findings.push({
        check: 'contactDetailsMaintained',
        severity: Severity.MEDIUM,
        message: `no ${type} alternate contact is registered`,
        fix: FIX_ALTERNATE(type, accountOption),
      });
    }
  }
  const information = snapshot.contactInformation as unknown as Record<string, unknown> | undefined;
  const missing = CONTACT_INFORMATION_RULES.filter((rule) => rule.required && !information?.[rule.field]).map((rule) => rule.field);
  if (missing.length > 0) {
    findings.push({
      check: 'contactDetailsMaintained',
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
    findings.push({
      check: advice.id,
      severity: Severity.LOW,
      message: advice.message,
      fix: 'point the contact at a team alias and a shared, international phone number',
    });
  }
  for (const advice of adviseOnPrimaryEmail(snapshot.primaryEmail ?? '')) {
    findings.push({
      check: advice.id,
      severity: Severity.MEDIUM,
      message: advice.message,
      fix: `change it to a team alias: ${primaryEmailCommand(snapshot.account.own ? undefined : snapshot.account.accountId)}`,
    });
  }
  const primary = { phoneNumber: snapshot.contactInformation?.phoneNumber, emailAddress: snapshot.primaryEmail };
  for (const advice of adviseOnDistinctContacts(declared, primary)) {
    findings.push({
      check: advice.id,
      severity: Severity.LOW,
      message: advice.message,
      fix: 'give each contact type its own team alias and hunt group',
    });
  }
  if (snapshot.contactInformation && needsVerification(snapshot.phoneVerification)) {
    findings.push({
      check: 'primaryPhoneVerified',
      severity: Severity.MEDIUM,
      message: `the primary contact's phone number is ${snapshot.phoneVerification}: AWS has not confirmed that it reaches anyone (a changed number is unverified until verified again)`,
      fix: `run: ${verifyPhoneCommand(snapshot.account.own ? undefined : snapshot.account.accountId)} (a passcode is sent by SMS to that phone; account:SendPhoneNumberVerification and account:VerifyPhoneNumber)`,
    });
  }
  if (security) {
    const shared = [declared.billing, declared.operations].filter(
      (contact) => contact && contact.emailAddress.trim().toLowerCase() === security.emailAddress.trim().toLowerCase(),
    );
    if (shared.length > 0) {
      findings.push({
        check: 'securitySharedWithOtherTypes',
        severity: Severity.LOW,
        message: 'the SECURITY contact uses the same email address as BILLING or OPERATIONS',
        fix: 'give security notices their own alias, answered by the security team',
      });
    }
  }
  // A check runs only when chosen and when every read it needs succeeded.
  const notChecked = notCheckedBecauseOfReads(checks, snapshot);
  const unchecked = new Set(notChecked.flatMap((entry) => entry.checks));
  const merged = onePerCheck(findings.filter((finding) => checks.includes(finding.check) && !unchecked.has(finding.check))).map((finding) =>
    reportedFinding(finding, cisVersion),
  );
  const reportedNotChecked = notChecked.map((entry) => ({ ...entry, checks: entry.checks.map(reported) }));
  const status = notChecked.length > 0 ? AccountStatus.ERROR : merged.length === 0 ? AccountStatus.PASS : AccountStatus.FAIL;
  const error =
    notChecked.length > 0 ? reportedNotChecked.map((entry) => `${entry.checks.join(', ')} not checked: ${entry.reason}`).join('; ') : undefined;
  return { ...base, status, findings: merged, notChecked: reportedNotChecked, ...(error ? { error } : {}) };
}

/**
 * How to change an account's primary email address: through the console for the caller's own account (the
 * management account), or update-primary-email for a member.
 */
function primaryEmailCommand(memberAccountId: string | undefined): string {
  return memberAccountId === undefined
    ? "sign in as the root user and change the account's email address (Account settings)"
    : `run: ${updatePrimaryEmailCommand(memberAccountId)} (a passcode is sent to the new address)`;
}

/** A finding before it is reported: `check` is the check's stable id. */
interface RawFinding {
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
}

/** A finding under the CIS version's number, with its CIS reference and Security Hub control. */
function reportedFinding(finding: RawFinding, version: CisVersion): Finding {
  const check = checkDefinition(finding.check);
  const securityHubControlId = check.cis && SECURITY_HUB_CONTROLS[check.cis];
  const cis = check.cis ?? check.partOfCis;
  return {
    ...finding,
    check: reportedCheckId(check, version),
    checkId: check.id,
    ...(cis ? { cis: { version, recommendation: cisNumber(cis, version), title: CIS_TITLES[cis] } } : {}),
    ...(securityHubControlId ? { securityHubControlId } : {}),
  };
}

/** The chosen checks that a failed read leaves unchecked, grouped by the failure (one entry per reason). */
function notCheckedBecauseOfReads(checks: readonly string[], snapshot: AccountSnapshot): NotChecked[] {
  const byReason = new Map<string, NotChecked>();
  for (const id of checks) {
    for (const read of checkDefinition(id).reads) {
      const reason = snapshot.readErrors[read];
      if (!reason) {
        continue;
      }
      // The three alternate contact reads usually fail for one reason: one entry names it once.
      const key = reason.replace(/ \((SECURITY|BILLING|OPERATIONS)\)/, '');
      const entry = byReason.get(key) ?? { checks: [], permission: permissionOf(read, snapshot.account.own), reason: key };
      if (!entry.checks.includes(id)) {
        entry.checks.push(id);
      }
      byReason.set(key, entry);
      break;
    }
  }
  return [...byReason.values()];
}

/** The command's exit code: 0 when every account passes, 1 on findings, 2 when an account could not be read. */
export function exitCode(reports: readonly AccountReport[]): number {
  if (reports.some((report) => report.status === AccountStatus.ERROR)) {
    return 2;
  }
  return reports.some((report) => report.status === AccountStatus.FAIL) ? 1 : 0;
}

/** Each check once per account: the parts of one check (e.g. the missing contact details) become one finding. */
function onePerCheck(findings: RawFinding[]): RawFinding[] {
  const byCheck = new Map<string, RawFinding[]>();
  for (const finding of findings) {
    byCheck.set(finding.check, [...(byCheck.get(finding.check) ?? []), finding]);
  }
  return [...byCheck.values()].map((parts) =>
    parts.length === 1
      ? parts[0]
      : {
          ...parts[0],
          severity: parts.map((part) => part.severity).sort((a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b))[0],
          message: parts.map((part) => part.message).join('; '),
          fix: parts.map((part) => part.fix).join('; '),
        },
  );
}
