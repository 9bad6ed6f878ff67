/**
 * The audit's checks, what each one reads, and the IAM permissions those reads need: the command reads only what
 * the chosen checks need, a read that fails leaves only the checks that need it unchecked, and the least-privilege
 * policy of a set of checks is derived from the same table.
 */
import { CisRecommendation, CisVersion, cisCheckId } from './cis-versions';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { PHONE_VERIFICATION_ACTIONS } from '../../contacts/phone-verification';

/**
 * One read of an account's contacts: an alternate contact of one type, the primary contact information, or the
 * account's primary email address (the root user's).
 */
export enum ContactRead {
  SECURITY = 'SECURITY',
  BILLING = 'BILLING',
  OPERATIONS = 'OPERATIONS',
  CONTACT_INFORMATION = 'CONTACT_INFORMATION',
  PRIMARY_EMAIL = 'PRIMARY_EMAIL',
}

export enum Severity {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}

export interface CheckDefinition {
  /**
   * A stable id, the same in every CIS version: `securityContactRegistered`, `contactDetailsMaintained`, or an
   * advice id such as `securityEmailLooksPersonal`. The CIS checks are reported under their version's number.
   */
  readonly id: string;
  /** The CIS recommendation the check is, if any: reported under its number. */
  readonly cis?: CisRecommendation;
  /**
   * The CIS recommendation the check is a part of, if any: reported under its own id, with the recommendation's
   * number and title in every finding (`primaryEmailLooksPersonal` is part of "maintain current contact details").
   */
  readonly partOfCis?: CisRecommendation;
  /** What passing means, as a JUnit test case name. */
  readonly title: string;
  readonly severity: Severity;
  /** What the check reads from each account. */
  readonly reads: readonly ContactRead[];
  /** Run only when chosen (`--checks` or its own option). */
  readonly optIn?: boolean;
}

const ALTERNATE_CONTACT_READS = [ContactRead.SECURITY, ContactRead.BILLING, ContactRead.OPERATIONS];

export const CHECKS: readonly CheckDefinition[] = [
  {
    id: 'securityContactRegistered',
    cis: CisRecommendation.SECURITY_CONTACT,
    title: 'security contact information is registered',
    severity: Severity.HIGH,
    reads: [ContactRead.SECURITY],
  },
  {
    id: 'contactDetailsMaintained',
    cis: CisRecommendation.CONTACT_DETAILS,
    title: 'contact details are maintained (primary contact, billing and operations contacts)',
    severity: Severity.MEDIUM,
    reads: [ContactRead.BILLING, ContactRead.OPERATIONS, ContactRead.CONTACT_INFORMATION],
  },
  {
    id: 'primaryEmailLooksPersonal',
    partOfCis: CisRecommendation.CONTACT_DETAILS,
    title: "the account's primary email address (the root user's) is a team alias",
    severity: Severity.MEDIUM,
    reads: [ContactRead.PRIMARY_EMAIL],
  },
  { id: 'securityEmailLooksPersonal', title: 'the security contact is a team alias', severity: Severity.LOW, reads: [ContactRead.SECURITY] },
  { id: 'sameEmailForAllContactTypes', title: 'each contact type has its own address', severity: Severity.LOW, reads: ALTERNATE_CONTACT_READS },
  { id: 'phoneNumberNotInternational', title: 'phone numbers are international', severity: Severity.LOW, reads: ALTERNATE_CONTACT_READS },
  {
    id: 'contactsNotDistinct',
    title: "the contacts and the account's primary email address do not share an email address or phone number",
    severity: Severity.LOW,
    reads: [...ALTERNATE_CONTACT_READS, ContactRead.CONTACT_INFORMATION, ContactRead.PRIMARY_EMAIL],
    // Opt-in, as securitySharedWithOtherTypes: many organizations route security and operations to one team on purpose.
    optIn: true,
  },
  {
    id: 'primaryPhoneVerified',
    title: "the primary contact's phone number is verified",
    severity: Severity.MEDIUM,
    reads: [ContactRead.CONTACT_INFORMATION],
  },
  {
    id: 'securitySharedWithOtherTypes',
    title: 'the security contact does not share its address with billing or operations',
    severity: Severity.LOW,
    reads: ALTERNATE_CONTACT_READS,
    optIn: true,
  },
];

/** The checks run when none are chosen. */
export const DEFAULT_CHECK_IDS: readonly string[] = CHECKS.filter((check) => !check.optIn).map((check) => check.id);

export function checkDefinition(id: string): CheckDefinition {
  const check = CHECKS.find((candidate) => candidate.id === id);
  if (!check) {
    throw new Error(`unknown check '${id}': expected one of ${CHECKS.map((candidate) => candidate.id).join(', ')}`);
  }
  return check;
}

/** The id a check is reported under: a CIS check's number in the version (`CIS-2.3` in 7.0.0), else its own id. */
export function reportedCheckId(check: CheckDefinition, version: CisVersion): string {
  return check.cis ? cisCheckId(check.cis, version) : check.id;
}

/** The check with this id or, in the given CIS version, this CIS number (`cis-2.3`), whatever its case; or undefined. */
export function findCheck(id: string, version: CisVersion): CheckDefinition | undefined {
  const wanted = id.trim().toLowerCase();
  return CHECKS.find((check) => check.id.toLowerCase() === wanted || reportedCheckId(check, version).toLowerCase() === wanted);
}

/** What --checks accepts in a version, for messages. */
export function checkNames(version: CisVersion): string {
  return CHECKS.map((check) => (check.cis ? `${reportedCheckId(check, version)} (${check.id})` : check.id)).join(', ');
}

/** What the given checks read, in a fixed order. */
export function readsOf(checkIds: readonly string[]): ContactRead[] {
  const reads = new Set(checkIds.flatMap((id) => checkDefinition(id).reads));
  return Object.values(ContactRead).filter((read) => reads.has(read));
}

/**
 * The IAM action a read needs. The primary email of a member is GetPrimaryEmail's; the caller's own (which that API
 * cannot name) is the management account's email in Organizations' DescribeOrganization.
 */
export function permissionOf(read: ContactRead, own = false): string {
  switch (read) {
    case ContactRead.CONTACT_INFORMATION:
      return 'account:GetContactInformation';
    case ContactRead.PRIMARY_EMAIL:
      return own ? 'organizations:DescribeOrganization' : 'account:GetPrimaryEmail';
    default:
      return 'account:GetAlternateContact';
  }
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string[]>>;
}

export interface LeastPrivilegePolicy {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

export interface PolicyScope {
  /** Whether the command reads member accounts (`--organization` or `--account-ids`), not only the caller's own. */
  readonly members: boolean;
  /** Whether it lists the organization's accounts (`--organization`). */
  readonly organization: boolean;
  /** Whether it imports the findings into Security Hub (`--import-findings`). @default false */
  readonly importFindings?: boolean;
  /** Whether it verifies primary phones (`verify-phone`): the two verification actions. @default false */
  readonly verifyPhone?: boolean;
}

/**
 * The least-privilege identity policy for running the given checks: `account:GetAlternateContact` limited by
 * `account:AlternateContactTypes` to the types read, `account:GetContactInformation` only when a check needs it,
 * on the caller's own account ARN and, for members, on member account ARNs (`account/o-*` + account id),
 * `account:GetPrimaryEmail` on members and `organizations:DescribeOrganization` (the management account's own
 * email) only when a check reads the primary email, and `organizations:ListAccounts` only to list the organization. Account ids are wildcards: the caller's own-account
 * ARN can only be its own, and member ARNs only those of its organization (as management account or delegated
 * administrator), so naming them narrows nothing; replace them to pin the policy to one organization.
 */
export function leastPrivilegePolicy(checkIds: readonly string[], scope: PolicyScope): LeastPrivilegePolicy {
  const reads = readsOf(checkIds);
  const resources = ['arn:aws:account::*:account', ...(scope.members ? ['arn:aws:account::*:account/o-*/*'] : [])];
  const resource = resources.length === 1 ? resources[0] : resources;
  const types = reads.filter(
    (read) => read !== ContactRead.CONTACT_INFORMATION && read !== ContactRead.PRIMARY_EMAIL,
  ) as string[] as AlternateContactType[];
  const statements: PolicyStatement[] = [];
  if (types.length > 0) {
    statements.push({
      Sid: 'ReadAlternateContacts',
      Effect: 'Allow',
      Action: 'account:GetAlternateContact',
      Resource: resource,
      Condition: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': types } },
    });
  }
  if (reads.includes(ContactRead.CONTACT_INFORMATION)) {
    statements.push({ Sid: 'ReadPrimaryContact', Effect: 'Allow', Action: 'account:GetContactInformation', Resource: resource });
  }
  if (reads.includes(ContactRead.PRIMARY_EMAIL)) {
    if (scope.members) {
      statements.push({ Sid: 'ReadPrimaryEmail', Effect: 'Allow', Action: 'account:GetPrimaryEmail', Resource: 'arn:aws:account::*:account/o-*/*' });
    }
    statements.push({ Sid: 'ReadOwnPrimaryEmail', Effect: 'Allow', Action: 'organizations:DescribeOrganization', Resource: '*' });
  }
  if (scope.organization) {
    statements.push({ Sid: 'ListOrganizationAccounts', Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' });
  }
  if (scope.verifyPhone) {
    // verify-phone reads the contact information first (its status), then sends and submits the passcode.
    statements.push({
      Sid: 'VerifyPrimaryPhone',
      Effect: 'Allow',
      Action: ['account:GetContactInformation', ...PHONE_VERIFICATION_ACTIONS],
      Resource: resource,
    });
  }
  if (scope.importFindings) {
    // The caller's own product in Security Hub (findings of member accounts need the Security Hub administrator).
    statements.push({
      Sid: 'ImportFindings',
      Effect: 'Allow',
      Action: 'securityhub:BatchImportFindings',
      Resource: 'arn:aws:securityhub:*:*:product/*/default',
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
