import { RunEnvironment } from './run-context';
import { AccountResult } from './run-records';
import { AccountOutcome } from './run-state-machine';
import { METRIC_DIMENSION, OrganizationMetric } from '../protocol/organization-resource';

/**
 * One account's log line, which is also one data point of each metric (CloudWatch embedded metric format).
 * Contacts never appear: failures carry masked reasons.
 */
export function accountResultLine(context: RunEnvironment, runId: string, result: AccountResult): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: context.now(),
      CloudWatchMetrics: [
        {
          Namespace: context.metricNamespace,
          Dimensions: [[METRIC_DIMENSION]],
          Metrics: Object.values(OrganizationMetric).map((name) => ({ Name: name, Unit: 'Count' })),
        },
      ],
    },
    [METRIC_DIMENSION]: context.constructPath,
    level: result.outcome === AccountOutcome.FAILED ? 'error' : 'info',
    event: 'account',
    runId,
    accountId: result.accountId,
    outcome: result.outcome,
    changed: result.changed,
    failures: result.failures.map((failure) => `${failure.contactType}: ${failure.reason}`),
    attempts: result.attempts,
    ...(result.warnings ? { warnings: result.warnings } : {}),
    [OrganizationMetric.ACCOUNTS_APPLIED]: result.outcome === AccountOutcome.APPLIED ? 1 : 0,
    [OrganizationMetric.ACCOUNTS_UNCHANGED]: result.outcome === AccountOutcome.UNCHANGED ? 1 : 0,
    [OrganizationMetric.ACCOUNTS_FAILED]: result.outcome === AccountOutcome.FAILED ? 1 : 0,
    [OrganizationMetric.ACCOUNTS_SKIPPED]: result.outcome === AccountOutcome.SKIPPED ? 1 : 0,
    [OrganizationMetric.ACCOUNTS_WITH_PERSONAL_PRIMARY_EMAIL]: result.primaryEmailLooksPersonal ? 1 : 0,
  };
}
