/**
 * Each account × check of a run as one outcome (passed, failed with its finding, or not checked with the reason):
 * the matrix that the CSV, SARIF and HTML reports are written from.
 */
import { checkDefinition, findCheck } from '../checks';
import { CIS_TITLES, cisNumber } from '../cis-versions';
import { AccountReport, Finding } from '../findings';

export enum CheckOutcomeStatus {
  PASS = 'PASS',
  FAIL = 'FAIL',
  NOT_CHECKED = 'NOT_CHECKED',
}

export interface CheckOutcome {
  /** The check as reported (`CIS-2.3` or an advice id). */
  readonly check: string;
  /** The check's id in every version (`securityContactRegistered`). */
  readonly checkId: string;
  /** What passing means. */
  readonly title: string;
  /** The CIS recommendation's number in the report's version, when the check is one. */
  readonly cisRecommendation?: string;
  readonly status: CheckOutcomeStatus;
  readonly finding?: Finding;
  /** Why it was not checked (the failed read and the permission it needs). */
  readonly reason?: string;
}

/** The outcomes of one account, in the order its checks ran. */
export function checkOutcomes(report: AccountReport): CheckOutcome[] {
  return report.checks.map((check) => {
    const definition = findCheck(check, report.cisVersion) ?? checkDefinition(check);
    const cisRecommendation = definition.cis ? cisNumber(definition.cis, report.cisVersion) : undefined;
    const title = definition.cis ? CIS_TITLES[definition.cis] : definition.title;
    const base = { check, checkId: definition.id, title, ...(cisRecommendation ? { cisRecommendation } : {}) };
    const notChecked = report.notChecked.find((entry) => entry.checks.includes(check));
    if (notChecked) {
      return { ...base, status: CheckOutcomeStatus.NOT_CHECKED, reason: notChecked.reason };
    }
    const finding = report.findings.find((candidate) => candidate.check === check);
    return finding ? { ...base, status: CheckOutcomeStatus.FAIL, finding } : { ...base, status: CheckOutcomeStatus.PASS };
  });
}
