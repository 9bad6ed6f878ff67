import { AccountSnapshot } from '../../../src/cli/account-snapshot';
import { AccountStatus, Severity, evaluateAccount, exitCode } from '../../../src/cli/audit/findings';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../../support/contacts-fixtures';

const complete: AccountSnapshot = {
  account: { accountId: '222233334444', own: false },
  alternateContacts: { SECURITY, BILLING, OPERATIONS },
  contactInformation: PRIMARY,
};
const policy = { requireDistinctSecurityContact: false };

test('a complete account with team aliases passes', () => {
  expect(evaluateAccount(complete, policy)).toMatchObject({ status: AccountStatus.PASS, findings: [] });
});

test('CIS 1.2 fails when the SECURITY contact has no phone number', () => {
  const report = evaluateAccount({ ...complete, alternateContacts: { ...complete.alternateContacts, SECURITY: { ...SECURITY, phoneNumber: '' } } }, policy);
  expect(report.findings).toEqual([expect.objectContaining({
    check: 'CIS-1.2', severity: Severity.HIGH, message: 'the SECURITY alternate contact has no email address or phone number',
  })]);
  expect(report.findings[0].fix).toContain('--account-id 222233334444');
});

test('CIS 1.1 names the missing fields of the primary contact', () => {
  const { city: _city, phoneNumber: _phone, ...partial } = PRIMARY;
  const report = evaluateAccount({ ...complete, contactInformation: partial as never }, policy);
  expect(report.findings.map((finding) => finding.message)).toEqual(['the primary contact information lacks city, phoneNumber']);
});

test('the own account\'s fix is a command without --account-id', () => {
  const report = evaluateAccount({ ...complete, account: { accountId: '111122223333', own: true }, alternateContacts: { BILLING, OPERATIONS } }, policy);
  expect(report.findings[0].fix).not.toContain('--account-id');
});

test('a shared SECURITY address is a finding only when the policy asks for distinct contacts', () => {
  const shared = { ...complete, alternateContacts: { SECURITY, BILLING: { ...BILLING, emailAddress: SECURITY.emailAddress }, OPERATIONS } };
  expect(evaluateAccount(shared, policy).status).toBe(AccountStatus.PASS);
  expect(evaluateAccount(shared, { requireDistinctSecurityContact: true }).findings.map((finding) => finding.check)).toEqual(['securitySharedWithOtherTypes']);
});

test('an unreadable account is an error with no findings, and the exit code says so', () => {
  const unreadable = evaluateAccount({ account: complete.account, alternateContacts: {}, error: 'denied' }, policy);
  expect(unreadable).toMatchObject({ status: AccountStatus.ERROR, findings: [], error: 'denied' });
  const failing = evaluateAccount({ ...complete, alternateContacts: {} }, policy);
  expect([exitCode([]), exitCode([evaluateAccount(complete, policy)]), exitCode([failing]), exitCode([failing, unreadable])]).toEqual([0, 0, 1, 2]);
});

test('each check once per account: the missing contacts of CIS 1.1 are one finding that names them all', () => {
  const report = evaluateAccount({ ...complete, alternateContacts: { SECURITY }, contactInformation: undefined }, policy);
  expect(report.findings.map((finding) => finding.check)).toEqual(['CIS-1.1']);
  expect(report.findings[0]).toMatchObject({
    severity: Severity.MEDIUM,
    message: 'no BILLING alternate contact is registered; no OPERATIONS alternate contact is registered; no primary contact information is set',
  });
  expect(report.findings[0].fix.split('; ')).toHaveLength(3);
});
