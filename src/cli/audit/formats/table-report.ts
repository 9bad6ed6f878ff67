import * as colors from 'picocolors';
import { ReportOptions, findingsCell, notCheckedLines, presentAlternateContact, skippedText, summarize } from './report-data';
import { AccountReport, AccountStatus, Finding } from '../findings';

/** A fixed-width table for a terminal, coloured when `colour` is on, and the findings below it. */
export function renderTable(reports: readonly AccountReport[], options: ReportOptions & { readonly colour: boolean }): string {
  const paint = colors.createColors(options.colour);
  const colours = {
    [AccountStatus.PASS]: paint.green,
    [AccountStatus.FAIL]: paint.yellow,
    [AccountStatus.ERROR]: paint.red,
    [AccountStatus.SKIPPED]: paint.dim,
  };
  const colourOf = (status: AccountStatus) => colours[status];
  const statusColour = (status: AccountStatus) => colourOf(status)(status);
  const rows = reports.map((report) => [
    report.accountId,
    (report.accountName ?? '').slice(0, 24),
    report.status,
    presentAlternateContact(report.snapshot.alternateContacts.SECURITY, options)?.emailAddress ?? '-',
    findingsCell(report),
  ]);
  const header = ['ACCOUNT', 'NAME', 'STATUS', 'SECURITY CONTACT', 'FINDINGS'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[], status?: AccountStatus) =>
    cells
      .map((cell, column) => (column === 2 && status ? statusColour(status) + ' '.repeat(widths[column] - cell.length) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const lines = [paint.bold(line(header)), ...rows.map((row, index) => line(row, reports[index].status))];
  const details = reports.flatMap((report) => [
    ...notCheckedLines(report).map((text) => `${report.accountId} ${paint.red('ERROR')} ${text}`),
    ...report.findings.map(
      (finding) => `${report.accountId} ${finding.severity} ${finding.check}${referenceOf(finding)}: ${finding.message}. Fix: ${finding.fix}`,
    ),
  ]);
  const summary = summarize(reports);
  return [
    ...lines,
    '',
    ...(details.length > 0 ? [...details, ''] : []),
    `${summary.accounts} accounts: ${summary.passed} passed, ${summary.failed} with findings (${summary.findings} findings), ${summary.errors} could not be read${skippedText(summary)}`,
    '',
  ].join('\n');
}

/** Where a finding sits elsewhere: its Security Hub control, or the CIS recommendation a check is a part of. */
function referenceOf(finding: Finding): string {
  if (finding.securityHubControlId) {
    return ` (Security Hub ${finding.securityHubControlId})`;
  }
  return finding.cis && !finding.check.startsWith('CIS-') ? ` (CIS ${finding.cis.recommendation})` : '';
}
