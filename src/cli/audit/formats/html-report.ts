/**
 * `--format html`: an evidence report a compliance officer can attach to an audit. One self-contained page (styles
 * inline; a Content-Security-Policy that allows no script and no network request): who checked, when, with which tool
 * and CIS version; the organization's summary; a matrix of accounts × checks (pass, fail, not checked) with each
 * account's phone verification; and every finding with its fix. Only masked values appear, as in every report.
 */
import { CheckOutcome, CheckOutcomeStatus, checkOutcomes } from './check-outcomes';
import { ReportOrigin } from './json-report';
import { ReportOptions, presentAlternateContact, skippedText, summarize } from './report-data';
import { AccountReport } from '../findings';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const SYMBOLS: Record<CheckOutcomeStatus, string> = {
  [CheckOutcomeStatus.PASS]: 'pass',
  [CheckOutcomeStatus.FAIL]: 'FAIL',
  [CheckOutcomeStatus.NOT_CHECKED]: 'not checked',
};

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1b1b1b; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
table { border-collapse: collapse; }
th, td { border: 1px solid #c8c8c8; padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: #f0f0f0; z-index: 1; }
.matrix td.outcome { text-align: center; white-space: nowrap; }
.PASS { background: #e3f4e1; } .FAIL { background: #fbdcdc; font-weight: 600; } .NOT_CHECKED { background: #fff1c9; }
.meta th { background: #f7f7f7; } .note { color: #555; }
`;

/** The page. `options` decides whether contacts are shown unmasked (never by default). */
export function renderHtml(reports: readonly AccountReport[], options: ReportOptions, origin: ReportOrigin): string {
  const summary = summarize(reports);
  const outcomes = reports.map((report) => ({ report, outcomes: checkOutcomes(report) }));
  const checks = [...new Set(outcomes.flatMap((entry) => entry.outcomes.map((outcome) => outcome.check)))];
  const titles = new Map(outcomes.flatMap((entry) => entry.outcomes.map((outcome) => [outcome.check, outcome.title] as const)));
  const cisVersions = [...new Set(reports.map((report) => report.cisVersion))];
  const count = (check: string, status: CheckOutcomeStatus) =>
    outcomes.filter((entry) => entry.outcomes.some((outcome) => outcome.check === check && outcome.status === status)).length;
  const cell = (outcome: CheckOutcome | undefined, accountId: string, check: string) =>
    outcome
      ? `<td class="outcome ${outcome.status}" data-account="${escapeHtml(accountId)}" data-check="${escapeHtml(check)}" data-status="${outcome.status}" title="${escapeHtml(outcome.finding?.message ?? outcome.reason ?? outcome.title)}">${SYMBOLS[outcome.status]}</td>`
      : '<td class="outcome"></td>';
  const lines = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No script, no request: the page is evidence, readable offline and safe to open from an email or a ticket.
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>AWS account contacts: evidence report, ${escapeHtml(origin.generatedAt)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<h1>AWS account contacts: evidence report</h1>',
    '<p class="note">The CIS AWS Foundations Benchmark recommendations on account contacts, checked in each account against what AWS holds. Contact values are masked.</p>',
    '<table class="meta">',
    `<tr><th>Checked at</th><td id="checked-at">${escapeHtml(origin.generatedAt)}</td></tr>`,
    `<tr><th>Tool</th><td id="tool">account-contacts ${escapeHtml(origin.toolVersion)}</td></tr>`,
    `<tr><th>CIS AWS Foundations Benchmark</th><td id="cis-version">${escapeHtml(cisVersions.join(', '))}</td></tr>`,
    `<tr><th>Read by account</th><td>${escapeHtml(origin.callerAccountId)}</td></tr>`,
    '</table>',
    '<h2>Summary</h2>',
    `<p id="summary" data-accounts="${summary.accounts}" data-passed="${summary.passed}" data-failed="${summary.failed}" data-errors="${summary.errors}" data-skipped="${summary.skipped}">` +
      `${summary.accounts} accounts: ${summary.passed} passed, ${summary.failed} with findings, ${summary.errors} could not be read in full${skippedText(summary)}.</p>`,
    '<table class="per-check"><thead><tr><th>Check</th><th>What passing means</th><th>Pass</th><th>Fail</th><th>Not checked</th></tr></thead><tbody>',
    ...checks.map(
      (check) =>
        `<tr data-check="${escapeHtml(check)}"><td>${escapeHtml(check)}</td><td>${escapeHtml(titles.get(check) ?? '')}</td>` +
        `<td class="count-pass">${count(check, CheckOutcomeStatus.PASS)}</td><td class="count-fail">${count(check, CheckOutcomeStatus.FAIL)}</td>` +
        `<td class="count-not-checked">${count(check, CheckOutcomeStatus.NOT_CHECKED)}</td></tr>`,
    ),
    '</tbody></table>',
    '<h2>Accounts × checks</h2>',
    '<table class="matrix"><thead><tr><th>Account</th><th>Name</th><th>Status</th><th>Phone verification</th><th>Security contact</th>',
    ...checks.map((check) => `<th title="${escapeHtml(titles.get(check) ?? '')}">${escapeHtml(check)}</th>`),
    '</tr></thead><tbody>',
    ...outcomes.map(({ report, outcomes: accountOutcomes }) =>
      [
        `<tr data-account="${escapeHtml(report.accountId)}"><td>${escapeHtml(report.accountId)}</td><td>${escapeHtml(report.accountName ?? '')}</td>`,
        `<td class="${report.status === 'PASS' ? 'PASS' : report.status === 'FAIL' ? 'FAIL' : 'NOT_CHECKED'}">${report.status}</td>`,
        `<td class="verification">${escapeHtml(report.snapshot.phoneVerification ?? '-')}</td>`,
        `<td>${escapeHtml(presentAlternateContact(report.snapshot.alternateContacts.SECURITY, options)?.emailAddress ?? '-')}</td>`,
        ...checks.map((check) =>
          cell(
            accountOutcomes.find((outcome) => outcome.check === check),
            report.accountId,
            check,
          ),
        ),
        '</tr>',
      ].join(''),
    ),
    '</tbody></table>',
    '<h2>Findings and fixes</h2>',
  ];
  // Per account: one line per reason some checks could not be run (a denied read leaves several), then each finding.
  const findings = reports.flatMap((report) => [
    ...report.notChecked.map(
      (entry) =>
        `<li data-account="${escapeHtml(report.accountId)}"><strong>${escapeHtml(report.accountId)}</strong> ` +
        `${escapeHtml(entry.checks.join(', '))} not checked: ${escapeHtml(entry.reason)}</li>`,
    ),
    ...report.findings.map(
      (finding) =>
        `<li data-account="${escapeHtml(report.accountId)}"><strong>${escapeHtml(report.accountId)}</strong> ` +
        `${escapeHtml(finding.check)}: ${escapeHtml(finding.severity)}, ${escapeHtml(finding.message)}. Fix: ${escapeHtml(finding.fix)}</li>`,
    ),
  ]);
  lines.push(findings.length === 0 ? '<p>None: every check passed in every account.</p>' : `<ul class="findings">${findings.join('')}</ul>`);
  lines.push('</body>', '</html>');
  return `${lines.join('\n')}\n`;
}
