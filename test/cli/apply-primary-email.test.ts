/**
 * A declaration file states the primary email address each account should have (`accounts[].primaryEmail`): `diff`
 * reports the difference (masked), `apply` plans it and changes it only where a person types the passcode AWS sends to
 * the new address (a terminal), one account at a time, after the contacts; in a pipeline, even with `--yes`, nothing
 * is started and each account is reported not changed (exit 2). The caller's own address is compared, never changed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { stringify } from 'yaml';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { SECURITY } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';
import { runOnTerminal } from '../support/passcode-prompt';

jest.setTimeout(180_000);

const MANAGEMENT = '111122223333';
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-primary-email-'));
const moto = useMotoServer({ accountId: MANAGEMENT });
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;
/** Three members: the first two hold a person's address, the third its alias already. */
let [first, second, third] = ['', '', ''];

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 3, []);
  [first, second, third] = [...organization.memberAccountIds].sort();
  local = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: organization.memberAccountIds });
  local.emailUpdateCompletionMs = 500;
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});

afterAll(async () => local?.stop());

beforeEach(() => {
  local.requests.length = 0;
  local.seedPrimaryEmail(first, 'jane.doe@example.com');
  local.seedPrimaryEmail(second, 'john.smith@example.com');
  local.seedPrimaryEmail(third, 'aws-third@example.com');
});

/** Types each passcode once its email was sent: the passcode of the account whose update was started last. */
function onTerminal(args: string[], passcode: (prompt: number) => string) {
  let typed = 0;
  return runOnTerminal(
    args,
    endpoints,
    () => local.count('StartPrimaryEmailUpdate', 200) > typed,
    (prompt) => {
      typed += 1;
      return passcode(prompt);
    },
  );
}

const alias = (accountId: string) => `aws-root-${accountId}@example.com`;

function declare(name: string, document: unknown): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, stringify(document));
  return file;
}

/** Every member declared with its alias (the third in other letters: AWS compares addresses without case). */
const membersDeclaration = () =>
  declare('members.yaml', {
    accounts: [
      { accountId: first, primaryEmail: alias(first), security: SECURITY },
      { accountId: second, primaryEmail: alias(second) },
      { accountId: third, primaryEmail: 'AWS-Third@Example.com' },
    ],
  });

test('diff reports each account whose primary email differs, masked, and compares the caller’s own through Organizations', async () => {
  const { Organization } = await organizationsClient(moto.endpoint).send(new DescribeOrganizationCommand({}));
  const file = declare('with-self.yaml', {
    accounts: [
      { accountId: first, primaryEmail: alias(first) },
      { accountId: third, primaryEmail: 'AWS-Third@Example.com' },
      { accountId: 'self', primaryEmail: 'aws-management@example.com' },
    ],
  });
  const text = await runCli(['diff', '--expected', file], endpoints);
  expect(text.stdout).toContain(`${first} ACCOUNT.primaryEmail: expected a***${first.slice(-1)}@example.com, found j***e@example.com`);
  expect(text.stdout).toContain(`${MANAGEMENT} ACCOUNT.primaryEmail: expected a***t@example.com, found `);
  expect(text.stdout).not.toContain(third);
  expect(text.stdout).toContain('2 differences in 2 accounts, 0 accounts could not be read.');
  expect(text.stdout).not.toMatch(/jane\.doe|aws-root-|aws-management|aws-third/);
  expect(text.stdout).not.toContain(Organization!.MasterAccountEmail!);
  expect(text.exitCode).toBe(1);
  // Only what the declaration needs is read: the primary emails, no contact.
  expect(new Set(local.requests.map((request) => request.operation))).toEqual(new Set(['GetPrimaryEmail']));

  const json = JSON.parse((await runCli(['diff', '--expected', file, '--output', 'json'], endpoints)).stdout);
  expect(json.differences.map((difference: any) => [difference.accountId, difference.contact, difference.field]).sort()).toEqual(
    [
      [first, 'ACCOUNT', 'primaryEmail'],
      [MANAGEMENT, 'ACCOUNT', 'primaryEmail'],
    ].sort(),
  );
});

test('apply in a pipeline (--yes, no terminal): the contacts are written, no update is started, each address is reported not changed (exit 2)', async () => {
  const applied = await runCli(['--rate', '500', 'apply', '--declaration', membersDeclaration(), '--yes'], endpoints);
  expect(applied.stdout).toContain(`${first} ACCOUNT.primaryEmail: j***e@example.com -> a***${first.slice(-1)}@example.com (AWS sends a passcode`);
  expect(applied.stdout).toContain('2 accounts to change (1 contacts, 2 primary email addresses), 1 already as declared, 0 could not be read.');
  expect(applied.stdout).toContain(
    `${second} NOT CHANGED primaryEmail: no terminal to type the passcode at (AWS sends it to the new address): run account-contacts update-primary-email --account-id ${second}`,
  );
  expect(applied.stdout).toContain('Primary email addresses: 0 changed, 2 not changed, 0 failed.');
  expect(applied.stdout).toContain('Applied: 1 accounts changed (1 contacts written)');
  expect(applied.exitCode).toBe(2);
  expect(local.alternateContact(first, 'SECURITY')?.EmailAddress).toBe(SECURITY.emailAddress);
  expect(local.count('StartPrimaryEmailUpdate') + local.count('StartPrimaryEmailUpdate', 400)).toBe(0);
  expect(local.primaryEmail(first)).toBe('jane.doe@example.com');
});

test('apply at a terminal: each address is changed with the passcode typed for it, one account after the other; diff then finds none', async () => {
  const order = [first, second];
  const result = await onTerminal(['--rate', '500', 'apply', '--declaration', membersDeclaration(), '--yes'], (prompt) =>
    local.sentEmailPasscode(order[prompt])!,
  );
  expect(result.output).toContain(`AWS sent a passcode to a***${first.slice(-1)}@example.com, the new primary email address of account ${first}.`);
  expect(result.output).toContain(`The primary email address of account ${second} is now a***${second.slice(-1)}@example.com (COMPLETED).`);
  expect(result.output).toContain('Primary email addresses: 2 changed, 0 not changed, 0 failed.');
  expect(result.output).not.toMatch(/jane\.doe|john\.smith|aws-root-/);
  expect(result.answered).toBe(2);
  expect(result.exitCode).toBe(0);
  expect([local.primaryEmail(first), local.primaryEmail(second), local.primaryEmail(third)]).toEqual([
    alias(first),
    alias(second),
    'aws-third@example.com',
  ]);
  // One account at a time: the second update was started after the first was completed.
  const operations = local.requests.map((request) => `${request.operation} ${request.accountId}`);
  expect(operations.indexOf(`StartPrimaryEmailUpdate ${second}`)).toBeGreaterThan(operations.lastIndexOf(`GetPrimaryEmailUpdateStatus ${first}`));

  const diff = await runCli(['diff', '--expected', membersDeclaration()], endpoints);
  expect([diff.exitCode, diff.stdout]).toEqual([0, expect.stringContaining('No drift.')]);
});

test("the caller's own address is planned as not changed, with where to change it; a wrong passcode fails that account only", async () => {
  const file = declare('own-and-member.yaml', {
    accounts: [
      { accountId: 'self', primaryEmail: 'aws-management@example.com' },
      { accountId: first, primaryEmail: alias(first) },
      { accountId: second, primaryEmail: alias(second) },
    ],
  });
  const result = await onTerminal(['--rate', '500', 'apply', '--declaration', file, '--yes'], (prompt) =>
    prompt === 0 ? (local.sentEmailPasscode(first) === '000000' ? '111111' : '000000') : local.sentEmailPasscode(second)!,
  );
  expect(result.output).toContain(
    `${MANAGEMENT} ACCOUNT.primaryEmail: not changed, the caller's own account: no API changes an account's primary email from itself`,
  );
  expect(result.output).toContain(`${first} FAILED primaryEmail: AcceptPrimaryEmailUpdate for member account ${first} failed (ValidationException`);
  expect(result.output).toContain('Primary email addresses: 1 changed, 1 not changed, 1 failed.');
  expect(result.exitCode).toBe(2);
  expect([local.primaryEmail(first), local.primaryEmail(second)]).toEqual(['jane.doe@example.com', alias(second)]);
});

test('what a declaration may not say of primary emails, refused before any call', async () => {
  const cases: Array<[unknown, string]> = [
    [
      { accounts: [{ accountId: first, primaryEmail: 'jane.doe@example.com' }] },
      "accounts[0].primaryEmail 'j***e@example.com' looks like one person's mailbox",
    ],
    [{ accounts: [{ accountId: first, primaryEmail: 'aws @example.com' }] }, 'is not an email address of 5 to 64 characters'],
    [
      {
        accounts: [
          { accountId: first, primaryEmail: 'aws-shared@example.com' },
          { accountId: second, primaryEmail: 'AWS-shared@example.com' },
        ],
      },
      "accounts[1].primaryEmail 'A***d@example.com' is also accounts[0].primaryEmail: AWS gives each address to one account",
    ],
    [
      { organization: { security: SECURITY, primaryEmail: 'aws-all@example.com' } },
      'organization.primaryEmail: a primary email address belongs to one account',
    ],
  ];
  for (const [document, message] of cases) {
    const result = await runCli(['apply', '--declaration', declare('refused.yaml', document), '--dry-run'], endpoints);
    expect([result.exitCode, result.stderr]).toEqual([2, expect.stringContaining(message)]);
    expect(result.stderr).not.toMatch(/jane\.doe|aws-shared|aws-all/i);
    expect(result.stdout).toBe('');
  }
  expect(local.requests).toEqual([]);
});
