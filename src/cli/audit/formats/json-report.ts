import { ReportOptions, reportData } from './report-data';
import { AccountReport } from '../findings';

/** Where a report comes from: the tool's version, when, and whose credentials read the accounts. */
export interface ReportOrigin {
  readonly toolVersion: string;
  /** ISO 8601. */
  readonly generatedAt: string;
  readonly callerAccountId: string;
}

/** The report as JSON: `{ tool, generatedAt, callerAccountId, summary, accounts: [{ accountId, status, error, checks, findings, notChecked, contacts }] }`. */
export function renderJson(reports: readonly AccountReport[], options: ReportOptions, origin: ReportOrigin): string {
  const { toolVersion, generatedAt, callerAccountId } = origin;
  return `${JSON.stringify({ tool: { name: 'account-contacts', version: toolVersion }, generatedAt, callerAccountId, ...reportData(reports, options) }, undefined, 2)}\n`;
}
