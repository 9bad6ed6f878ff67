import { summarize } from './report-data';
import { AccountReport, AccountStatus, Finding } from '../findings';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The checks each account is a test case of. */
const CASES: Array<{ name: string; matches: (finding: Finding) => boolean }> = [
  { name: 'CIS-1.2 security contact information is registered', matches: (finding) => finding.check === 'CIS-1.2' },
  { name: 'CIS-1.1 contact details are maintained', matches: (finding) => finding.check === 'CIS-1.1' },
  { name: 'contacts are team aliases and shared numbers', matches: (finding) => !finding.check.startsWith('CIS-') },
];

/** JUnit XML for CI systems: one test suite per account, one test case per check; unreadable accounts are errors. */
export function renderJunit(reports: readonly AccountReport[]): string {
  const summary = summarize(reports);
  const failures = reports.reduce((total, report) => total + CASES.filter((testCase) => report.findings.some(testCase.matches)).length, 0);
  const suites = reports.map((report) => {
    const name = `account ${report.accountId}${report.accountName ? ` (${report.accountName})` : ''}`;
    const cases = CASES.map((testCase) => {
      const open = `    <testcase classname="${escapeXml(`account-contacts.${report.accountId}`)}" name="${escapeXml(testCase.name)}"`;
      if (report.status === AccountStatus.ERROR) {
        return `${open}>\n      <error message="${escapeXml(report.error ?? 'cannot be read')}"/>\n    </testcase>`;
      }
      const found = report.findings.filter(testCase.matches);
      if (found.length === 0) {
        return `${open}/>`;
      }
      const text = found.map((finding) => `${finding.severity} ${finding.check}: ${finding.message}. Fix: ${finding.fix}`).join('\n');
      return `${open}>\n      <failure message="${escapeXml(found.map((finding) => finding.message).join('; '))}" type="${escapeXml(found[0].severity)}">${escapeXml(text)}</failure>\n    </testcase>`;
    });
    const suiteFailures = report.status === AccountStatus.ERROR ? 0 : CASES.filter((testCase) => report.findings.some(testCase.matches)).length;
    const suiteErrors = report.status === AccountStatus.ERROR ? CASES.length : 0;
    return `  <testsuite name="${escapeXml(name)}" tests="${CASES.length}" failures="${suiteFailures}" errors="${suiteErrors}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="account-contacts audit" tests="${reports.length * CASES.length}" failures="${failures}" errors="${summary.errors * CASES.length}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
