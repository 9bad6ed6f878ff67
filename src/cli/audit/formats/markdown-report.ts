import { ReportOptions, findingsCell, notCheckedLines, presentAlternateContact, skippedText, summarize } from './report-data';
import { AccountReport } from '../findings';

/**
 * A value in a table cell or a list item: HTML escaped as the HTML report escapes it (Markdown renderers pass HTML
 * through, and an account name is anyone's text), line breaks of any kind folded, `\\` and the table's `|` escaped.
 */
const cell = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|');

/** A Markdown report: summary, one table row per account, the findings. */
export function renderMarkdown(reports: readonly AccountReport[], options: ReportOptions): string {
  const summary = summarize(reports);
  const lines = [
    '# AWS account contacts audit',
    '',
    `${summary.accounts} accounts: **${summary.passed} passed**, ${summary.failed} with findings, ${summary.errors} could not be read${skippedText(summary)}.`,
    '',
    '| Account | Name | Status | SECURITY contact | Findings |',
    '| --- | --- | --- | --- | --- |',
    ...reports.map(
      (report) =>
        `| ${report.accountId} | ${cell(report.accountName ?? '')} | ${report.status} | ${cell(presentAlternateContact(report.snapshot.alternateContacts.SECURITY, options)?.emailAddress ?? '-')} | ${cell(findingsCell(report))} |`,
    ),
  ];
  const details = reports.filter((report) => report.error || report.findings.length > 0);
  if (details.length > 0) {
    lines.push('', '## Findings', '');
    for (const report of details) {
      for (const line of notCheckedLines(report)) {
        lines.push(`- **${report.accountId}** ERROR: ${cell(line)}`);
      }
      for (const finding of report.findings) {
        lines.push(`- **${report.accountId}** ${finding.severity} \`${finding.check}\`: ${cell(finding.message)}. Fix: ${cell(finding.fix)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
