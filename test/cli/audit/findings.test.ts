import { AccountSnapshot } from '../../../src/cli/account-snapshot';
import { ContactRead, findCheck } from '../../../src/cli/audit/checks';
import { CIS_VERSIONS } from '../../../src/cli/audit/cis-versions';
import { AccountStatus, Severity, evaluateAccount, exitCode } from '../../../src/cli/audit/findings';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../../support/contacts-fixtures';

const complete: AccountSnapshot = {
  account: { accountId: '222233334444', own: false },
  alternateContacts: { SECURITY, BILLING, OPERATIONS },
  contactInformation: PRIMARY,
  reads: Object.values(ContactRead),
  readErrors: {},
};
const policy = { cisVersion: '3.0.0' as const, requireDistinctSecurityContact: false };

test('a complete account with team aliases passes', () => {
  expect(evaluateAccount(complete, policy)).toMatchObject({ status: AccountStatus.PASS, findings: [] });
});

test('CIS 1.2 fails when the SECURITY contact has no phone number', () => {
  const report = evaluateAccount(
    { ...complete, alternateContacts: { ...complete.alternateContacts, SECURITY: { ...SECURITY, phoneNumber: '' } } },
    policy,
  );
  expect(report.findings).toEqual([
    expect.objectContaining({
      check: 'CIS-1.2',
      severity: Severity.HIGH,
      message: 'the SECURITY alternate contact has no email address or phone number',
    }),
  ]);
  expect(report.findings[0].fix).toContain('--account-id 222233334444');
});

test('CIS 1.1 names the missing fields of the primary contact', () => {
  const { city: _city, phoneNumber: _phone, ...partial } = PRIMARY;
  const report = evaluateAccount({ ...complete, contactInformation: partial as never }, policy);
  expect(report.findings.map((finding) => finding.message)).toEqual(['the primary contact information lacks city, phoneNumber']);
});

test("the own account's fix is a command without --account-id", () => {
  const report = evaluateAccount(
    { ...complete, account: { accountId: '111122223333', own: true }, alternateContacts: { BILLING, OPERATIONS } },
    policy,
  );
  expect(report.findings[0].fix).not.toContain('--account-id');
});

test('a shared SECURITY address is a finding only when the policy asks for distinct contacts', () => {
  const shared = { ...complete, alternateContacts: { SECURITY, BILLING: { ...BILLING, emailAddress: SECURITY.emailAddress }, OPERATIONS } };
  expect(evaluateAccount(shared, policy).status).toBe(AccountStatus.PASS);
  expect(evaluateAccount(shared, { ...policy, requireDistinctSecurityContact: true }).findings.map((finding) => finding.check)).toEqual([
    'securitySharedWithOtherTypes',
  ]);
});

const deniedEverything: AccountSnapshot = {
  account: complete.account,
  alternateContacts: {},
  reads: [],
  readErrors: {
    SECURITY: 'needs account:GetAlternateContact (SECURITY): denied',
    BILLING: 'needs account:GetAlternateContact (BILLING): denied',
    OPERATIONS: 'needs account:GetAlternateContact (OPERATIONS): denied',
    CONTACT_INFORMATION: 'needs account:GetContactInformation: denied',
  },
  error: 'needs account:GetAlternateContact: denied; needs account:GetContactInformation: denied',
};

test('an unreadable account is an error with no findings, and the exit code says so', () => {
  const unreadable = evaluateAccount(deniedEverything, policy);
  expect(unreadable).toMatchObject({ status: AccountStatus.ERROR, findings: [] });
  expect(unreadable.notChecked).toEqual([
    {
      checks: ['CIS-1.2', 'CIS-1.1', 'securityEmailLooksPersonal', 'sameEmailForAllContactTypes', 'phoneNumberNotInternational'],
      permission: 'account:GetAlternateContact',
      reason: 'needs account:GetAlternateContact: denied',
    },
    // The phone's verification is read with the contact information, whose read was denied too.
    { checks: ['primaryPhoneVerified'], permission: 'account:GetContactInformation', reason: 'needs account:GetContactInformation: denied' },
  ]);
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

test('only the chosen checks run, and --require-distinct-security adds its check to them', () => {
  const nothingSet = { ...complete, alternateContacts: {}, contactInformation: undefined };
  expect(evaluateAccount(nothingSet, { cisVersion: '3.0.0' as const, checks: ['securityContactRegistered'] })).toMatchObject({
    checks: ['CIS-1.2'],
    status: AccountStatus.FAIL,
  });
  expect(
    evaluateAccount(nothingSet, { cisVersion: '3.0.0' as const, checks: ['securityContactRegistered'] }).findings.map((finding) => finding.check),
  ).toEqual(['CIS-1.2']);
  expect(
    evaluateAccount(complete, { cisVersion: '3.0.0' as const, checks: ['contactDetailsMaintained'], requireDistinctSecurityContact: true }).checks,
  ).toEqual(['CIS-1.1', 'securitySharedWithOtherTypes']);
});

test('a failed read leaves unchecked only the checks that need it, naming the permission; the others still count', () => {
  const { contactInformation: _information, ...rest } = complete;
  const withoutContactInformation: AccountSnapshot = {
    ...rest,
    alternateContacts: { BILLING, OPERATIONS },
    reads: [ContactRead.SECURITY, ContactRead.BILLING, ContactRead.OPERATIONS],
    readErrors: { CONTACT_INFORMATION: 'needs account:GetContactInformation: AccessDeniedException' },
  };
  const report = evaluateAccount(withoutContactInformation, policy);
  expect(report.status).toBe(AccountStatus.ERROR);
  expect(report.notChecked).toEqual([
    {
      checks: ['CIS-1.1', 'primaryPhoneVerified'],
      permission: 'account:GetContactInformation',
      reason: 'needs account:GetContactInformation: AccessDeniedException',
    },
  ]);
  // The SECURITY contact is missing: CIS 1.2 still fails.
  expect(report.findings.map((finding) => finding.check)).toEqual(['CIS-1.2']);
  expect(report.error).toBe('CIS-1.1, primaryPhoneVerified not checked: needs account:GetContactInformation: AccessDeniedException');
  // Without CIS 1.1 among the checks, the same snapshot is a plain finding, not an error.
  expect(evaluateAccount(withoutContactInformation, { cisVersion: '3.0.0' as const, checks: ['securityContactRegistered'] })).toMatchObject({
    status: AccountStatus.FAIL,
    notChecked: [],
  });
});

test('each CIS version reports the two recommendations under its own numbers, and the security contact as Security Hub Account.1', () => {
  const nothingSet: AccountSnapshot = { ...complete, alternateContacts: {}, contactInformation: undefined };
  const numbers = CIS_VERSIONS.map((cisVersion) => {
    const report = evaluateAccount(nothingSet, { cisVersion });
    return [cisVersion, report.findings.map((finding) => [finding.check, finding.cis?.recommendation, finding.securityHubControlId])];
  });
  expect(numbers).toEqual([
    [
      '3.0.0',
      [
        ['CIS-1.2', '1.2', 'Account.1'],
        ['CIS-1.1', '1.1', undefined],
      ],
    ],
    [
      '4.0.1',
      [
        ['CIS-1.2', '1.2', 'Account.1'],
        ['CIS-1.1', '1.1', undefined],
      ],
    ],
    [
      '5.0.0',
      [
        ['CIS-1.2', '1.2', 'Account.1'],
        ['CIS-1.1', '1.1', undefined],
      ],
    ],
    [
      '6.0.0',
      [
        ['CIS-2.2', '2.2', 'Account.1'],
        ['CIS-2.1', '2.1', undefined],
      ],
    ],
    [
      '7.0.0',
      [
        ['CIS-2.3', '2.3', 'Account.1'],
        ['CIS-2.2', '2.2', undefined],
      ],
    ],
  ]);
  const [security] = evaluateAccount(nothingSet, {}).findings;
  expect(security).toMatchObject({
    checkId: 'securityContactRegistered',
    cis: { version: '7.0.0', recommendation: '2.3', title: 'Ensure security contact information is registered' },
  });
});

test("--checks takes a CIS number of the chosen version or the check's id: CIS-2.2 is the security contact in 6.0.0, the contact details in 7.0.0", () => {
  expect(findCheck('CIS-2.2', '6.0.0')?.id).toBe('securityContactRegistered');
  expect(findCheck('cis-2.2', '7.0.0')?.id).toBe('contactDetailsMaintained');
  expect(findCheck('CIS-1.2', '7.0.0')).toBeUndefined();
  expect(findCheck('SecurityContactRegistered', '3.0.0')?.id).toBe('securityContactRegistered');
});

test.each([
  ['UNVERIFIED', true],
  ['PENDING', true],
  ['VERIFIED', false],
  ['NOT_SUPPORTED', false],
  [undefined, false],
])('a primary phone %s is %s a finding, whose fix is verify-phone for that account', (status, finding) => {
  const report = evaluateAccount({ ...complete, ...(status ? { phoneVerification: status } : {}) }, policy);
  expect(report.findings.map((found) => found.check)).toEqual(finding ? ['primaryPhoneVerified'] : []);
  if (finding) {
    expect(report.findings[0]).toMatchObject({ severity: Severity.MEDIUM, message: expect.stringContaining(`is ${status}`) });
    expect(report.findings[0].fix).toContain('account-contacts verify-phone --account-id 222233334444');
  }
});

test('no primary contact, no verification finding: CIS 1.1 reports the missing contact', () => {
  const report = evaluateAccount({ ...complete, contactInformation: undefined, phoneVerification: 'UNVERIFIED' }, policy);
  expect(report.findings.map((found) => found.check)).toEqual(['CIS-1.1']);
});

test('contacts that share a phone (the primary one included, however written) or an address are one finding, when asked for', () => {
  const shared: AccountSnapshot = {
    ...complete,
    alternateContacts: { SECURITY, BILLING: { ...BILLING, emailAddress: ` ${SECURITY.emailAddress.toUpperCase()}` }, OPERATIONS },
    contactInformation: { ...PRIMARY, phoneNumber: OPERATIONS.phoneNumber.replace(/ /g, '-') },
  };
  expect(evaluateAccount(shared, policy).findings).toEqual([]);
  const report = evaluateAccount(shared, { ...policy, requireDistinctContacts: true });
  expect(report.findings.map((found) => found.check)).toEqual(['contactsNotDistinct']);
  expect(report.findings[0].message).toMatch(
    /^security, billing share emailAddress 's\*\*\*y@example\.com'; operations, primary share phoneNumber '\+\* \*\*\* \*\*\* \*\*02'/,
  );
  expect(report.findings[0].message).not.toContain(SECURITY.emailAddress);
  expect(evaluateAccount(complete, { ...policy, requireDistinctContacts: true }).findings).toEqual([]);
});
