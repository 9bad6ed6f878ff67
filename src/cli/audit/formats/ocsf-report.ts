/**
 * `--format ocsf`: OCSF Compliance Finding events (class 2003, schema 1.5), one per account and check, as a JSON array
 * (the form Prowler writes and Amazon Security Lake and SIEMs ingest). A passed check is a finding whose compliance
 * status is Pass, a failed one Fail with its remediation, one that could not run Unknown with the reason.
 */
import { CheckOutcomeStatus, checkOutcomes } from './check-outcomes';
import { ReportOrigin } from './json-report';
import { Severity, checkDefinition } from '../checks';
import { AccountReport } from '../findings';

export const OCSF_VERSION = '1.5.0';
const COMPLIANCE_FINDING = { class_uid: 2003, class_name: 'Compliance Finding', category_uid: 2, category_name: 'Findings' };
const CREATE = { activity_id: 1, activity_name: 'Create', type_uid: 200301, type_name: 'Compliance Finding: Create' };
const SEVERITY_IDS: Record<Severity, { severity_id: number; severity: string }> = {
  [Severity.HIGH]: { severity_id: 4, severity: 'High' },
  [Severity.MEDIUM]: { severity_id: 3, severity: 'Medium' },
  [Severity.LOW]: { severity_id: 2, severity: 'Low' },
};
/** The compliance status (OCSF compliance.status_id) and the finding's workflow status (status_id) of each outcome. */
const STATUS: Record<CheckOutcomeStatus, { compliance: { status_id: number; status: string }; finding: { status_id: number; status: string } }> = {
  [CheckOutcomeStatus.PASS]: { compliance: { status_id: 1, status: 'Pass' }, finding: { status_id: 4, status: 'Resolved' } },
  [CheckOutcomeStatus.FAIL]: { compliance: { status_id: 3, status: 'Fail' }, finding: { status_id: 1, status: 'New' } },
  [CheckOutcomeStatus.NOT_CHECKED]: { compliance: { status_id: 0, status: 'Unknown' }, finding: { status_id: 1, status: 'New' } },
};

export function renderOcsf(reports: readonly AccountReport[], origin: ReportOrigin): string {
  const time = Date.parse(origin.generatedAt);
  const events = reports.flatMap((report) =>
    checkOutcomes(report).map((outcome) => {
      const definition = checkDefinition(outcome.checkId);
      const message = outcome.finding?.message ?? outcome.reason ?? `passed: ${outcome.title}`;
      const status = STATUS[outcome.status];
      return {
        ...COMPLIANCE_FINDING,
        ...CREATE,
        time,
        time_dt: origin.generatedAt,
        ...SEVERITY_IDS[definition.severity],
        ...status.finding,
        status_code: outcome.status,
        ...(outcome.reason ? { status_detail: outcome.reason } : {}),
        message,
        metadata: {
          version: OCSF_VERSION,
          product: { name: 'account-contacts', vendor_name: 'cdk-account-contacts', version: origin.toolVersion, uid: 'account-contacts' },
          event_code: outcome.checkId,
          uid: `account-contacts/${report.accountId}/${outcome.checkId}`,
        },
        finding_info: {
          uid: `account-contacts/${report.accountId}/${outcome.checkId}`,
          title: outcome.title,
          desc: message,
          created_time: time,
          created_time_dt: origin.generatedAt,
        },
        compliance: {
          ...status.compliance,
          ...(outcome.cisRecommendation
            ? {
                standards: [`CIS AWS Foundations Benchmark v${report.cisVersion}`],
                requirements: [outcome.cisRecommendation],
                control: outcome.cisRecommendation,
              }
            : { standards: ['account-contacts advice'] }),
          checks: [{ uid: outcome.checkId, name: outcome.title, ...status.compliance, ...SEVERITY_IDS[definition.severity] }],
        },
        cloud: {
          provider: 'AWS',
          account: { uid: report.accountId, type: 'AWS Account', type_id: 10, ...(report.accountName ? { name: report.accountName } : {}) },
        },
        resources: [
          { type: 'AWS::::Account', uid: report.accountId, ...(report.accountName ? { name: report.accountName } : {}), cloud_partition: 'aws' },
        ],
        ...(outcome.finding ? { remediation: { desc: outcome.finding.fix } } : {}),
        unmapped: {
          caller_account_id: origin.callerAccountId,
          ...(report.snapshot.phoneVerification ? { phone_verification: report.snapshot.phoneVerification } : {}),
        },
      };
    }),
  );
  return `${JSON.stringify(events, undefined, 2)}\n`;
}
