import { findCheck } from '../checks';
import { CIS_TITLES, SECURITY_HUB_CONTROLS } from '../cis-versions';
import { AccountReport } from '../findings';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

interface TestCaseResult {
  readonly xml: string;
  readonly failed: boolean;
  readonly error: boolean;
}

/** The test case's name: the check as reported and what passing means, with the CIS version and Security Hub control. */
function testCaseName(report: AccountReport, check: string): string {
  const definition = findCheck(check, report.cisVersion);
  if (!definition?.cis) {
    return `${check} ${definition?.title ?? ''}`.trim();
  }
  const control = SECURITY_HUB_CONTROLS[definition.cis];
  return `${check} ${CIS_TITLES[definition.cis]} (CIS ${report.cisVersion}${control ? `, Security Hub ${control}` : ''})`;
}

function testCase(report: AccountReport, check: string): TestCaseResult {
  const open = `    <testcase classname="${escapeXml(`account-contacts.${report.accountId}`)}" name="${escapeXml(testCaseName(report, check))}"`;
  const notChecked = report.notChecked.find((entry) => entry.checks.includes(check));
  if (notChecked) {
    return {
      xml: `${open}>\n      <error message="${escapeXml(`not checked: ${notChecked.reason}`)}" type="${escapeXml(notChecked.permission)}"/>\n    </testcase>`,
      failed: false,
      error: true,
    };
  }
  const finding = report.findings.find((candidate) => candidate.check === check);
  if (!finding) {
    return { xml: `${open}/>`, failed: false, error: false };
  }
  const text = `${finding.severity} ${finding.check}: ${finding.message}. Fix: ${finding.fix}`;
  return {
    xml: `${open}>\n      <failure message="${escapeXml(finding.message)}" type="${escapeXml(finding.severity)}">${escapeXml(text)}</failure>\n    </testcase>`,
    failed: true,
    error: false,
  };
}

/** JUnit XML for CI systems: one test suite per account, one test case per check run; checks that could not run are errors. */
export function renderJunit(reports: readonly AccountReport[]): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites = reports.map((report) => {
    const name = `account ${report.accountId}${report.accountName ? ` (${report.accountName})` : ''}`;
    const cases = report.checks.map((check) => testCase(report, check));
    const suiteFailures = cases.filter((result) => result.failed).length;
    const suiteErrors = cases.filter((result) => result.error).length;
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    return `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}">\n${cases.map((result) => result.xml).join('\n')}\n  </testsuite>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="account-contacts audit" tests="${tests}" failures="${failures}" errors="${errors}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
