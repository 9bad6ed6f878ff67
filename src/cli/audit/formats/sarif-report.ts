/**
 * `--format sarif`: SARIF 2.1.0 (the OASIS standard that code scanning tools and SARIF viewers read). One rule per
 * check run; one result per account and check: `fail` results at the check's level, `pass` results as evidence that
 * the check ran; accounts that could not be read are tool execution notifications. The location of a result is the
 * account, as a logical location (there is no file).
 */
import { CheckOutcomeStatus, checkOutcomes } from './check-outcomes';
import { ReportOrigin } from './json-report';
import { Severity, checkDefinition } from '../checks';
import { AccountReport } from '../findings';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { [Severity.HIGH]: 'error', [Severity.MEDIUM]: 'warning', [Severity.LOW]: 'note' };
/** GitHub's `security-severity` (0.0–10.0) per severity, as its code scanning sorts them. */
const SECURITY_SEVERITY: Record<Severity, string> = { [Severity.HIGH]: '8.0', [Severity.MEDIUM]: '5.0', [Severity.LOW]: '2.0' };

export function renderSarif(reports: readonly AccountReport[], origin: ReportOrigin): string {
  const rules = new Map<string, object>();
  const results: object[] = [];
  const notifications: object[] = [];
  for (const report of reports) {
    const location = { logicalLocations: [{ name: report.accountId, fullyQualifiedName: `aws/account/${report.accountId}`, kind: 'resource' }] };
    for (const outcome of checkOutcomes(report)) {
      const severity = checkDefinition(outcome.checkId).severity;
      if (!rules.has(outcome.check)) {
        rules.set(outcome.check, {
          id: outcome.check,
          name: outcome.checkId,
          shortDescription: { text: outcome.title },
          ...(outcome.cisRecommendation
            ? { fullDescription: { text: `CIS AWS Foundations Benchmark ${report.cisVersion} ${outcome.cisRecommendation}: ${outcome.title}` } }
            : {}),
          defaultConfiguration: { level: LEVELS[severity] },
          properties: {
            tags: ['security', 'aws', 'account-contacts', ...(outcome.cisRecommendation ? ['CIS'] : [])],
            'security-severity': SECURITY_SEVERITY[severity],
          },
        });
      }
      const ruleIndex = [...rules.keys()].indexOf(outcome.check);
      if (outcome.status === CheckOutcomeStatus.NOT_CHECKED) {
        notifications.push({
          level: 'error',
          message: { text: `${report.accountId} ${outcome.check} not checked: ${outcome.reason}` },
          locations: [location],
          associatedRule: { id: outcome.check, index: ruleIndex },
        });
        continue;
      }
      const failed = outcome.status === CheckOutcomeStatus.FAIL;
      results.push({
        ruleId: outcome.check,
        ruleIndex,
        kind: failed ? 'fail' : 'pass',
        level: failed ? LEVELS[outcome.finding!.severity] : 'none',
        message: { text: failed ? `${outcome.finding!.message}. Fix: ${outcome.finding!.fix}` : `passed: ${outcome.title}` },
        locations: [location],
        partialFingerprints: { accountCheck: `${report.accountId}/${outcome.checkId}` },
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'account-contacts',
            version: origin.toolVersion,
            informationUri: 'https://github.com/cdk-account-contacts/cdk-account-contacts',
            rules: [...rules.values()],
          },
        },
        invocations: [{ executionSuccessful: notifications.length === 0, endTimeUtc: origin.generatedAt, toolExecutionNotifications: notifications }],
        results,
        properties: { callerAccountId: origin.callerAccountId },
      },
    ],
  };
  return `${JSON.stringify(log, undefined, 2)}\n`;
}
