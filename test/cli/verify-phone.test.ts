/**
 * `account-contacts verify-phone` as a user runs it: the bundled command on a pseudo-terminal, typing the passcode
 * the SMS carried (read from the local Account API server, which plays the phone), or a script with --send-only and
 * --code; the API's refusals explained; the policy it needs; and the audit before and after.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PutContactInformationCommand } from '@aws-sdk/client-account';
import { stringify } from 'yaml';
import { contactInformationFromApiMembers } from '../../src/contacts/api-members';
import { AccountApiServer, PASSCODE_LIFETIME_MS, PASSCODE_SENDS_PER_DAY } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, organizationWithMembers, runCli } from '../support/cli';
import { accountClient } from '../support/clients';
import { API_PRIMARY } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { TerminalRun, runOnTerminal } from '../support/passcode-prompt';
import { StrictOrganizations } from '../support/strict-organizations';

jest.setTimeout(120_000);

const MEMBER = '222233334444';
const moto = useMotoServer();
let clock = 1_800_000_000_000;
let local: AccountApiServer;
let endpoints: CliEndpoints;

beforeEach(async () => {
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: [MEMBER], now: () => clock });
  endpoints = { ...localCliEndpoints(local.endpoint, moto.endpoint), organizations: organization.endpoint };
  local.seedContactInformation(MOTO_ACCOUNT_ID, API_PRIMARY, 'UNVERIFIED');
  local.seedContactInformation(MEMBER, API_PRIMARY, 'UNVERIFIED');
});
afterEach(async () => local.stop());
let organization: StrictOrganizations;
beforeAll(async () => {
  // apply and diff check that the declared 222233334444 is an account of the organization.
  organization = await organizationWithMembers(moto.endpoint, [MEMBER]);
});
afterAll(async () => organization.stop());

/** Runs verify-phone on a pseudo-terminal; `answer` gives what the user types at each prompt, once the SMS was sent. */
function onTerminal(args: string[], answer: (prompt: number) => string): Promise<TerminalRun> {
  return runOnTerminal(['verify-phone', ...args], endpoints, () => local.count('SendPhoneNumberVerification', 200) > 0, answer);
}

test("on a terminal: the SMS is sent to the member's primary phone, the passcode typed at the prompt verifies it", async () => {
  const result = await onTerminal(['--account-id', MEMBER], () => local.sentPasscode(MEMBER)!);
  expect(result.output).toContain(
    "AWS sent a passcode by SMS to +* *** *** **10, the primary contact's phone of account 222233334444. It is valid for 5 minutes.",
  );
  expect(result.output).toContain('is VERIFIED');
  expect(result.output).not.toContain('555 0110');
  expect(result.exitCode).toBe(0);
  expect(local.verificationStatus(MEMBER)).toBe('VERIFIED');
  expect(local.verificationStatus(MOTO_ACCOUNT_ID)).toBe('UNVERIFIED');
});

test('on a terminal: a typo is asked again without a call; a wrong passcode is explained and exits 2', async () => {
  const typos = await onTerminal([], (prompt) => (prompt === 0 ? '12 34' : local.sentPasscode(MOTO_ACCOUNT_ID)!));
  expect(typos.output).toContain('A passcode is 6 letters or digits');
  expect(typos.exitCode).toBe(0);
  expect(local.count('VerifyPhoneNumber')).toBe(1);

  local.seedContactInformation(MOTO_ACCOUNT_ID, API_PRIMARY, 'UNVERIFIED');
  const wrong = await onTerminal([], () => (local.sentPasscode(MOTO_ACCOUNT_ID) === '000000' ? '111111' : '000000'));
  expect(wrong.exitCode).toBe(2);
  expect(wrong.output).toMatch(
    /VerifyPhoneNumber .* failed \(ValidationException: .*\): the passcode is wrong or has expired \(a passcode is valid for 5 minutes\): run verify-phone again to send a new passcode\./,
  );
});

test('a script: --send-only, then --code; without a terminal and without either, nothing is sent (exit 64)', async () => {
  const refused = await runCli(['verify-phone', '--account-id', MEMBER], endpoints);
  expect(refused.exitCode).toBe(64);
  expect(refused.stderr).toContain('no terminal to type the passcode at: run with --send-only, then again with --code <passcode>');
  expect(local.count('SendPhoneNumberVerification')).toBe(0);

  const sent = await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  expect(sent.exitCode).toBe(0);
  expect(sent.stdout).toContain('Then run: account-contacts verify-phone --account-id 222233334444 --code <passcode>');
  const verified = await runCli(['verify-phone', '--account-id', MEMBER, '--code', local.sentPasscode(MEMBER)!], endpoints);
  expect(verified.stdout).toContain('is VERIFIED');
  expect(verified.exitCode).toBe(0);
  const again = await runCli(['verify-phone', '--account-id', MEMBER], endpoints);
  expect(again.stdout).toContain('is already VERIFIED');
  expect(local.count('SendPhoneNumberVerification')).toBe(1);
});

test("--account-id naming the caller's own account is the caller's own account: called without AccountId, as the constructs do", async () => {
  const sent = await runCli(['verify-phone', '--account-id', MOTO_ACCOUNT_ID, '--send-only'], endpoints);
  expect(sent.stderr).toBe('');
  expect(sent.exitCode).toBe(0);
  expect(sent.stdout).toContain('your own account');
  expect(sent.stdout).toContain('Then run: account-contacts verify-phone --code <passcode>');
  const verified = await runCli(['verify-phone', '--account-id', MOTO_ACCOUNT_ID, '--code', local.sentPasscode(MOTO_ACCOUNT_ID)!], endpoints);
  expect(verified.stdout).toContain('is VERIFIED');
  expect(local.verificationStatus(MOTO_ACCOUNT_ID)).toBe('VERIFIED');
});

test("the API's refusals, explained: number changed meanwhile, passcode expired, send quota, no contact information", async () => {
  await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  const code = local.sentPasscode(MEMBER)!;
  await accountClient(local.endpoint).send(
    new PutContactInformationCommand({ AccountId: MEMBER, ContactInformation: { ...API_PRIMARY, PhoneNumber: '+1 206 555 0177' } }),
  );
  const changed = await runCli(['verify-phone', '--account-id', MEMBER, '--code', code], endpoints);
  expect(changed.exitCode).toBe(2);
  expect(changed.stderr).toContain('(ConflictException: ');
  expect(changed.stderr).toContain(
    "the primary contact's phone number changed after the passcode was sent, so it verifies nothing: run verify-phone again --account-id 222233334444",
  );

  await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  clock += PASSCODE_LIFETIME_MS + 1_000;
  const expired = await runCli(['verify-phone', '--account-id', MEMBER, '--code', local.sentPasscode(MEMBER)!], endpoints);
  expect(expired.exitCode).toBe(2);
  expect(expired.stderr).toContain('the passcode is wrong or has expired');

  for (let sent = 2; sent < PASSCODE_SENDS_PER_DAY; sent++) {
    expect((await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints)).exitCode).toBe(0);
  }
  const quota = await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  expect(quota.exitCode).toBe(2);
  expect(quota.stderr).toContain('AWS limits how many passcodes an account may be sent: wait (hours, not seconds) before asking again');

  local.reset();
  const none = await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  expect(none.exitCode).toBe(2);
  expect(none.stdout).toContain('account 222233334444 has no primary contact information');
});

test.each([
  [['--account-id', '22223333444'], '--account-id'],
  [['--account-id', ''], '--account-id is empty'],
  [['--code', '12345'], '--code must be the 6-character passcode'],
  [['--code', '123456', '--send-only'], '--code and --send-only exclude each other'],
])('%j is a usage error (exit 64) before any call', async (args, message) => {
  const result = await runCli(['verify-phone', ...args], endpoints);
  expect(result.exitCode).toBe(64);
  expect(result.stderr).toContain(message);
  expect(local.requests).toEqual([]);
});

test('policy --verify-phone adds the two verification actions, and only then', async () => {
  const plain = JSON.parse((await runCli(['policy'], endpoints)).stdout);
  expect(JSON.stringify(plain)).not.toMatch(/SendPhoneNumberVerification|VerifyPhoneNumber/);
  const withVerification = JSON.parse((await runCli(['policy', '--verify-phone', '--account-ids', MEMBER], endpoints)).stdout);
  expect(withVerification.Statement).toContainEqual({
    Sid: 'VerifyPrimaryPhone',
    Effect: 'Allow',
    Action: ['account:GetContactInformation', 'account:SendPhoneNumberVerification', 'account:VerifyPhoneNumber'],
    Resource: ['arn:aws:account::*:account', 'arn:aws:account::*:account/o-*/*'],
  });
});

test('the audit reports the unverified phone with the command that fixes it, and passes once verified', async () => {
  const before = JSON.parse((await runCli(['audit', '--account-ids', MEMBER, '--format', 'json'], endpoints)).stdout);
  expect(before.accounts[0].phoneVerification).toBe('UNVERIFIED');
  expect(before.accounts[0].findings).toContainEqual(
    expect.objectContaining({
      check: 'primaryPhoneVerified',
      fix: expect.stringContaining('account-contacts verify-phone --account-id 222233334444'),
    }),
  );
  await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  await runCli(['verify-phone', '--account-id', MEMBER, '--code', local.sentPasscode(MEMBER)!], endpoints);
  const after = JSON.parse((await runCli(['audit', '--account-ids', MEMBER, '--format', 'json'], endpoints)).stdout);
  expect(after.accounts[0].phoneVerification).toBe('VERIFIED');
  // The member has no alternate contacts (the CIS findings stay); the verification check ran and passed.
  expect(after.accounts[0].checks).toContain('primaryPhoneVerified');
  expect(after.accounts[0].findings.map((finding: { check: string }) => finding.check)).toEqual(['CIS-2.3', 'CIS-2.2']);
});

test('diff and apply --dry-run warn that a new primary phone number resets its verification; the same number does not', async () => {
  const declaration = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verify-phone-')), 'contacts.yaml');
  const declared = contactInformationFromApiMembers(API_PRIMARY);
  const write = (phoneNumber: string) =>
    fs.writeFileSync(
      declaration,
      stringify({
        accounts: [
          { accountId: MEMBER, contactInformation: { ...declared, phoneNumber } },
          { accountId: 'self', contactInformation: declared },
        ],
      }),
    );
  local.seedContactInformation(MEMBER, API_PRIMARY, 'VERIFIED');
  write('+1 206 555 0188');
  const diff = await runCli(['diff', '--expected', declaration], endpoints);
  expect(diff.stdout).toContain(
    'warning: 222233334444: the new primary phone number resets its verification (VERIFIED now) to UNVERIFIED: run account-contacts verify-phone --account-id 222233334444 after the change',
  );
  expect(diff.stdout).not.toContain('555 0188');
  expect(JSON.parse((await runCli(['diff', '--expected', declaration, '--format', 'json'], endpoints)).stdout).warnings).toHaveLength(1);
  const plan = await runCli(['apply', '--declaration', declaration, '--dry-run'], endpoints);
  expect(plan.stdout).toContain('  warning: 222233334444: the new primary phone number resets its verification');
  expect(local.verificationStatus(MEMBER)).toBe('VERIFIED');

  write(API_PRIMARY.PhoneNumber);
  local.seedContactInformation(MEMBER, { ...API_PRIMARY, City: 'Tacoma' }, 'VERIFIED');
  const sameNumber = await runCli(['apply', '--declaration', declaration, '--yes'], endpoints);
  expect(sameNumber.stdout).not.toContain('warning');
  expect(local.contactInformation(MEMBER)!.City).toBe('Seattle');
  expect(local.verificationStatus(MEMBER)).toBe('VERIFIED');
});

test('an answer lost after the call took effect: no second SMS, and the passcode the API accepted is reported VERIFIED', async () => {
  // The send takes effect and its answer is lost (the connection is cut): the status, read before a second try, says
  // PENDING, so no second SMS replaces the passcode on its way.
  local.loseNextAnswers('SendPhoneNumberVerification');
  const sent = await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  expect({ stderr: sent.stderr, exitCode: sent.exitCode }).toEqual({ stderr: '', exitCode: 0 });
  expect(sent.stdout).toContain('AWS sent a passcode by SMS');
  expect(local.requests.filter((request) => request.operation === 'SendPhoneNumberVerification')).toHaveLength(1);

  // The passcode is accepted and the answer is lost: a second submission would be refused (the passcode is used).
  local.loseNextAnswers('VerifyPhoneNumber');
  const verified = await runCli(['verify-phone', '--account-id', MEMBER, '--code', local.sentPasscode(MEMBER)!], endpoints);
  expect(verified.stdout).toContain('is VERIFIED');
  expect(verified.exitCode).toBe(0);
  expect(local.requests.filter((request) => request.operation === 'VerifyPhoneNumber')).toHaveLength(1);
  expect(local.verificationStatus(MEMBER)).toBe('VERIFIED');

  // A fault before the call took effect is still tried again, once.
  local.seedContactInformation(MEMBER, API_PRIMARY, 'UNVERIFIED');
  local.failNext('SendPhoneNumberVerification', 1);
  const retried = await runCli(['verify-phone', '--account-id', MEMBER, '--send-only'], endpoints);
  expect(retried.exitCode).toBe(0);
  expect(local.count('SendPhoneNumberVerification', 200)).toBe(2);
});
