/**
 * `account-contacts update-primary-email` as a user runs it: the bundled command on a pseudo-terminal, typing the
 * passcode the email carried (read from the local Account API server, which plays the mailbox), or a script with
 * --send-only and --code; the API's refusals explained; and the audit before and after.
 */
import { AccountApiServer, EMAIL_PASSCODE_LIFETIME_MS, EMAIL_UPDATE_STARTS_PER_30_SECONDS } from '../support/account-api-server';
import { CallerIdentityServer } from '../support/caller-identity-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { TerminalRun, runOnTerminal } from '../support/passcode-prompt';

jest.setTimeout(120_000);

const MEMBER = '222233334444';
const OTHER_MEMBER = '333344445555';
const ALIAS = 'aws-payments-prod@example.com';
const moto = useMotoServer();
/** The server's clock runs with the real one, this much ahead: a test moves it to let a passcode expire. */
let skew = 0;
let local: AccountApiServer;
let endpoints: CliEndpoints;

beforeEach(async () => {
  skew = 0;
  local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: [MEMBER, OTHER_MEMBER], now: () => Date.now() + skew });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
  local.emailUpdateCompletionMs = 1_500;
  local.seedPrimaryEmail(MEMBER, 'jane.doe@example.com');
  local.seedPrimaryEmail(OTHER_MEMBER, 'aws-other@example.com');
});
afterEach(async () => local.stop());

/** Runs update-primary-email on a pseudo-terminal; `answer` gives what the user types at each prompt, once the email was sent. */
function onTerminal(args: string[], answer: (prompt: number) => string): Promise<TerminalRun> {
  return runOnTerminal(['update-primary-email', ...args], endpoints, () => local.count('StartPrimaryEmailUpdate', 200) > 0, answer);
}

const audit = async () =>
  JSON.parse((await runCli(['audit', '--account-ids', MEMBER, '--checks', 'primaryEmailLooksPersonal', '--format', 'json'], endpoints)).stdout);

test('on a terminal: the passcode goes to the new address, typed at the prompt it is accepted, and the command waits for COMPLETED; the audit passes after', async () => {
  const before = await audit();
  expect(before.accounts[0].findings.map((finding: any) => finding.check)).toEqual(['primaryEmailLooksPersonal']);

  const result = await onTerminal(['--account-id', MEMBER, '--email', ALIAS], () => local.sentEmailPasscode(MEMBER)!);
  expect(result.output).toContain('AWS sent a passcode to a***d@example.com, the new primary email address of account 222233334444.');
  expect(result.output).toContain('The primary email address of account 222233334444 is now a***d@example.com (COMPLETED).');
  expect(result.output).not.toContain(ALIAS);
  expect(result.output).not.toContain('jane.doe');
  expect(result.exitCode).toBe(0);
  expect(local.primaryEmail(MEMBER)).toBe(ALIAS);
  // It waited: the status was read until AWS completed the change.
  expect(local.count('GetPrimaryEmailUpdateStatus')).toBeGreaterThanOrEqual(2);

  expect((await audit()).accounts[0]).toMatchObject({ status: 'PASS', findings: [] });
  const again = await runCli(['update-primary-email', '--account-id', MEMBER, '--email', ALIAS.toUpperCase()], endpoints);
  expect(again.stdout).toContain('is already');
  expect(again.exitCode).toBe(0);
  expect(local.count('StartPrimaryEmailUpdate')).toBe(1);
});

test('on a terminal: a typo is asked again without a call; a wrong passcode is explained and exits 2, the address unchanged', async () => {
  const wrong = await onTerminal(['--account-id', MEMBER, '--email', ALIAS], (prompt) =>
    prompt === 0 ? '12 34' : local.sentEmailPasscode(MEMBER) === '000000' ? '111111' : '000000',
  );
  expect(wrong.output).toContain('A passcode is 6 letters or digits');
  expect(wrong.output).toMatch(
    /the passcode is wrong or has expired, or the address is not the one the passcode was sent to: run update-primary-email again --account-id 222233334444/,
  );
  expect(wrong.exitCode).toBe(2);
  expect(local.count('AcceptPrimaryEmailUpdate')).toBe(1);
  expect(local.primaryEmail(MEMBER)).toBe('jane.doe@example.com');
});

test('a script: --send-only, then --code; without a terminal and without either, nothing is started (exit 64)', async () => {
  const refused = await runCli(['update-primary-email', '--account-id', MEMBER, '--email', ALIAS], endpoints);
  expect(refused.exitCode).toBe(64);
  expect(refused.stderr).toContain('no terminal to type the passcode at: run with --send-only, then again with --code <passcode>');
  expect(local.count('StartPrimaryEmailUpdate')).toBe(0);

  const sent = await runCli(['update-primary-email', '--account-id', MEMBER, '--email', ALIAS, '--send-only'], endpoints);
  expect(sent.exitCode).toBe(0);
  expect(sent.stdout).toContain(
    'Then run: account-contacts update-primary-email --account-id 222233334444 --email <the same address> --code <passcode>',
  );
  const accepted = await runCli(
    ['update-primary-email', '--account-id', MEMBER, '--email', ALIAS, '--code', local.sentEmailPasscode(MEMBER)!],
    endpoints,
  );
  expect(accepted.stderr).toBe('');
  expect(accepted.stdout).toContain('(COMPLETED)');
  expect(accepted.exitCode).toBe(0);
  expect(local.primaryEmail(MEMBER)).toBe(ALIAS);
});

test("what it refuses before any call: one person's mailbox unless --allow-personal, the caller's own account, a malformed address or passcode", async () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ['--email', 'john.smith@example.com'],
      /--email 'j\*\*\*h@example.com' looks like one person's mailbox, which the audit reports \(primaryEmailLooksPersonal\)/,
    ],
    [['--email', 'not an address'], /is not an email address of 5 to 64 characters/],
    [['--email', `aws-${'x'.repeat(60)}@example.com`], /\(76 characters\) is not an email address of 5 to 64 characters/],
    [['--email', ALIAS, '--code', '12'], /--code must be the 6-character passcode/],
    [['--email', ALIAS, '--code', '123456', '--send-only'], /--code and --send-only exclude each other/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(['update-primary-email', '--account-id', MEMBER, ...args], endpoints);
    expect([result.exitCode, result.stderr]).toEqual([64, expect.stringMatching(message)]);
    expect(result.stderr).not.toContain('john.smith');
  }
  const own = await runCli(['update-primary-email', '--account-id', MOTO_ACCOUNT_ID, '--email', ALIAS, '--send-only'], endpoints);
  expect(own.exitCode).toBe(64);
  expect(own.stderr).toContain("is the caller's own account: no API changes an account's primary email from itself");
  expect(local.requests.filter((request) => /PrimaryEmail/.test(request.operation))).toEqual([]);

  const allowed = await runCli(
    ['update-primary-email', '--account-id', MEMBER, '--email', 'john.smith@example.com', '--allow-personal', '--send-only'],
    endpoints,
  );
  expect(allowed.exitCode).toBe(0);
  expect(local.count('StartPrimaryEmailUpdate', 200)).toBe(1);
});

test("the API's refusals, explained: an address in use, an expired passcode, the per-account quota, the management account", async () => {
  const inUse = await runCli(['update-primary-email', '--account-id', MEMBER, '--email', 'aws-other@example.com', '--send-only'], endpoints);
  expect(inUse.exitCode).toBe(2);
  expect(inUse.stderr).toContain('(ConflictException: ');
  expect(inUse.stderr).toContain('it is already the primary email of an AWS account');

  await runCli(['update-primary-email', '--account-id', MEMBER, '--email', ALIAS, '--send-only'], endpoints);
  skew = EMAIL_PASSCODE_LIFETIME_MS + 1_000;
  const expired = await runCli(
    ['update-primary-email', '--account-id', MEMBER, '--email', ALIAS, '--code', local.sentEmailPasscode(MEMBER)!],
    endpoints,
  );
  expect(expired.exitCode).toBe(2);
  expect(expired.stderr).toContain('the passcode is wrong or has expired');
  expect(local.primaryEmail(MEMBER)).toBe('jane.doe@example.com');

  skew += 60_000;
  for (let start = 0; start < EMAIL_UPDATE_STARTS_PER_30_SECONDS; start++) {
    expect((await runCli(['update-primary-email', '--account-id', MEMBER, '--email', ALIAS, '--send-only'], endpoints)).exitCode).toBe(0);
  }
  const quota = await runCli(['update-primary-email', '--account-id', MEMBER, '--email', ALIAS, '--send-only'], endpoints);
  expect(quota.exitCode).toBe(2);
  expect(quota.stderr).toContain('AWS allows about 3 starts per account in 30 seconds');

  // From a delegated administrator, the management account is refused by the API, and the command says where to go.
  const administrator = '444455556666';
  const delegated = await AccountApiServer.start({
    callerAccountId: administrator,
    managementAccountId: MOTO_ACCOUNT_ID,
    delegatedAdministratorAccountId: administrator,
    memberAccountIds: [MEMBER],
  });
  const identity = await CallerIdentityServer.start(administrator);
  try {
    const asDelegated = await runCli(['update-primary-email', '--account-id', MOTO_ACCOUNT_ID, '--email', ALIAS, '--send-only'], {
      ...localCliEndpoints(delegated.endpoint, moto.endpoint),
      sts: identity.endpoint,
    });
    expect(asDelegated.exitCode).toBe(2);
    expect(asDelegated.stderr).toContain("the organization's management account, whose primary email no API reads or changes");
    expect(delegated.count('StartPrimaryEmailUpdate')).toBe(0);
  } finally {
    await identity.stop();
    await delegated.stop();
  }
});
