import { ReportOptions, reportData } from './report-data';
import { AccountReport } from '../findings';

/** The report as JSON: `{ summary, accounts: [{ accountId, status, error, findings, contacts }] }`. */
export function renderJson(reports: readonly AccountReport[], options: ReportOptions): string {
  return `${JSON.stringify(reportData(reports, options), undefined, 2)}\n`;
}
