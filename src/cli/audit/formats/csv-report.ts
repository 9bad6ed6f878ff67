/**
 * `--format csv`: one row per account and check (RFC 4180: comma-separated, CRLF, fields quoted where needed), for
 * spreadsheets and GRC tools. A cell that a spreadsheet would take for a formula (=, +, -, @, tab, carriage return at
 * its start: an account name is chosen by whoever created the account) is prefixed with an apostrophe, as OWASP
 * advises against CSV injection.
 */
import { checkOutcomes } from './check-outcomes';
import { ReportOrigin } from './json-report';
import { AccountReport } from '../findings';

export const CSV_COLUMNS = [
  'account_id',
  'account_name',
  'check',
  'check_id',
  'cis_version',
  'cis_recommendation',
  'title',
  'status',
  'severity',
  'message',
  'fix',
  'phone_verification',
  'checked_at',
  'tool_version',
] as const;

/** One field: quoted when it holds a comma, a quote or a line break; defused when it would start a formula. */
export function csvField(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function renderCsv(reports: readonly AccountReport[], origin: ReportOrigin): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const report of reports) {
    for (const outcome of checkOutcomes(report)) {
      const row: Record<(typeof CSV_COLUMNS)[number], string> = {
        account_id: report.accountId,
        account_name: report.accountName ?? '',
        check: outcome.check,
        check_id: outcome.checkId,
        cis_version: outcome.cisRecommendation ? report.cisVersion : '',
        cis_recommendation: outcome.cisRecommendation ?? '',
        title: outcome.title,
        status: outcome.status,
        severity: outcome.finding?.severity ?? '',
        message: outcome.finding?.message ?? outcome.reason ?? '',
        fix: outcome.finding?.fix ?? '',
        phone_verification: report.snapshot.phoneVerification ?? '',
        checked_at: origin.generatedAt,
        tool_version: origin.toolVersion,
      };
      rows.push(CSV_COLUMNS.map((column) => csvField(row[column])).join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
