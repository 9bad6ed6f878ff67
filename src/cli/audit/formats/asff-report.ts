/**
 * Findings in the AWS Security Finding Format, for Security Hub: one finding per account and check run, with an id
 * that is the same on every run (so that an import updates instead of duplicating), `RecordState` ARCHIVED and
 * compliance PASSED for checks that pass now, and the CIS requirement and Security Hub control it is. Only the
 * findings' messages are in it, and they are masked: no contact is.
 *
 * Every finding belongs to the account that imports it (`AwsAccountId`, and the default product ARN's account):
 * Security Hub refuses a finding of another account from the default product. The account checked is the finding's
 * resource (`AwsAccount`, `AWS::::Account:<id>`) and `ProductFields['account-contacts/accountId']`, so an audit run
 * from the management account or a delegated administrator lands in that account's Security Hub, one finding per
 * member account and check. Severity and types go in `FindingProviderFields` too: a re-import updates them there.
 */
import { ReportOrigin } from './json-report';
import { CHECKS, CheckDefinition, findCheck, reportedCheckId } from '../checks';
import { CIS_TITLES, CisVersion, SECURITY_HUB_CONTROLS, cisNumber } from '../cis-versions';
import { AccountReport } from '../findings';

/** Where findings go: the Region and partition of the Security Hub they are imported into. */
export interface AsffTarget extends ReportOrigin {
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/** The subset of the ASFF this command writes (the fields BatchImportFindings requires, and those it fills). */
export interface AsffFinding {
  readonly SchemaVersion: '2018-10-08';
  readonly Id: string;
  readonly ProductArn: string;
  readonly ProductName: string;
  readonly CompanyName: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Region: string;
  readonly Types: string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Severity: { readonly Label: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' };
  readonly FindingProviderFields: { readonly Severity: { readonly Label: string }; readonly Types: string[] };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation?: { readonly Recommendation: { readonly Text: string } };
  readonly Resources: Array<{ readonly Type: 'AwsAccount'; readonly Id: string; readonly Partition: string; readonly Region: string }>;
  readonly Compliance: {
    readonly Status: 'PASSED' | 'FAILED' | 'NOT_AVAILABLE';
    readonly RelatedRequirements?: string[];
    readonly SecurityControlId?: string;
    readonly StatusReasons?: Array<{ readonly ReasonCode: string; readonly Description: string }>;
  };
  readonly RecordState: 'ACTIVE' | 'ARCHIVED';
  readonly ProductFields: Record<string, string>;
}

const CIS_TYPE = 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';
const ADVICE_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';
/** Security Hub caps Description at 1,024 characters and Title at 256. */
const cut = (text: string, length: number) => (text.length <= length ? text : `${text.slice(0, length - 1)}…`);

function title(check: CheckDefinition, version: CisVersion): string {
  return check.cis ? `CIS ${version} ${cisNumber(check.cis, version)} ${CIS_TITLES[check.cis]}` : `Account contacts: ${check.title}`;
}

/** One finding per account and check run; an account's checks that could not run are NOT_AVAILABLE. */
export function asffFindings(reports: readonly AccountReport[], target: AsffTarget): AsffFinding[] {
  const partition = target.partition ?? 'aws';
  return reports.flatMap((report) =>
    report.checks.map((reported): AsffFinding => {
      const check = findCheck(reported, report.cisVersion) ?? CHECKS.find((candidate) => candidate.id === reported)!;
      const finding = report.findings.find((candidate) => candidate.check === reported);
      const notChecked = report.notChecked.find((entry) => entry.checks.includes(reported));
      const status = notChecked ? 'NOT_AVAILABLE' : finding ? 'FAILED' : 'PASSED';
      const control = check.cis && SECURITY_HUB_CONTROLS[check.cis];
      const severity = { Label: status === 'FAILED' ? finding!.severity : 'INFORMATIONAL' } as const;
      const types = [check.cis ? CIS_TYPE : ADVICE_TYPE];
      return {
        SchemaVersion: '2018-10-08',
        // The same on every run and in every CIS version: a re-import updates the finding.
        Id: `cdk-account-contacts/${report.accountId}/${check.id}`,
        ProductArn: `arn:${partition}:securityhub:${target.region}:${target.callerAccountId}:product/${target.callerAccountId}/default`,
        ProductName: 'account-contacts',
        CompanyName: 'cdk-account-contacts',
        GeneratorId: `cdk-account-contacts/${check.id}`,
        AwsAccountId: target.callerAccountId,
        Region: target.region,
        Types: types,
        CreatedAt: target.generatedAt,
        UpdatedAt: target.generatedAt,
        Severity: severity,
        FindingProviderFields: { Severity: severity, Types: types },
        Title: cut(title(check, report.cisVersion), 256),
        Description: cut(finding?.message ?? (notChecked ? `not checked: ${notChecked.reason}` : `passed: ${check.title}`), 1024),
        ...(finding ? { Remediation: { Recommendation: { Text: cut(finding.fix, 512) } } } : {}),
        Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${report.accountId}`, Partition: partition, Region: target.region }],
        Compliance: {
          Status: status,
          ...(check.cis
            ? { RelatedRequirements: [`CIS AWS Foundations Benchmark v${report.cisVersion}/${cisNumber(check.cis, report.cisVersion)}`] }
            : {}),
          ...(control ? { SecurityControlId: control } : {}),
          ...(notChecked
            ? { StatusReasons: [{ ReasonCode: 'CONFIG_ACCESS_DENIED', Description: cut(`needs ${notChecked.permission}`, 2048) }] }
            : {}),
        },
        RecordState: status === 'PASSED' ? 'ARCHIVED' : 'ACTIVE',
        ProductFields: {
          'account-contacts/accountId': report.accountId,
          'account-contacts/check': reportedCheckId(check, report.cisVersion),
          'account-contacts/checkId': check.id,
          'account-contacts/version': target.toolVersion,
        },
      };
    }),
  );
}

export function renderAsff(reports: readonly AccountReport[], target: AsffTarget): string {
  return `${JSON.stringify(asffFindings(reports, target), undefined, 2)}\n`;
}
