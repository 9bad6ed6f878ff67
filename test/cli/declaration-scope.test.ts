/**
 * The command's declaration file takes the scope and the unit overrides of the constructs' `OrganizationContacts`,
 * with their names: `organization.accountIds`, `organization.organizationalUnitIds` (nested units included) and
 * `organizationalUnits` (the nearest unit wins, per contact type). `apply` writes only the accounts in scope, each with
 * its nearest unit's contacts; `diff` then compares exactly those accounts and finds no drift.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TagResourceCommand } from '@aws-sdk/client-organizations';
import { stringify } from 'yaml';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { organizationsClient } from '../support/clients';
import { BILLING, OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';
import { StrictOrganizations } from '../support/strict-organizations';

jest.setTimeout(120_000);

const MANAGEMENT = '111122223333';
const PAYMENTS_OPERATIONS = { ...OPERATIONS, name: 'Payments Operations', emailAddress: 'payments-operations@example.com' };
const CARDS_SECURITY = { ...SECURITY, name: 'Cards Security', emailAddress: 'cards-security@example.com' };
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'declaration-scope-'));
const declaration = path.join(workDirectory, 'contacts.yaml');
const moto = useMotoServer({ accountId: MANAGEMENT });
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 1, [
    { name: 'payments', accounts: 2, units: [{ name: 'cards', accounts: 1 }] },
    { name: 'shared', accounts: 1 },
  ]);
  local = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: organization.memberAccountIds });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
});

afterAll(async () => {
  await local?.stop();
});

beforeEach(() => {
  local.requests.length = 0;
});

/** The accounts each contact type was written to. */
function writtenAccounts(type: string): Set<string> {
  return new Set(
    local.requests
      .filter((request) => request.operation === 'PutAlternateContact' && request.alternateContactType === type)
      .map((request) => request.accountId ?? MANAGEMENT),
  );
}

test('a unit scope with unit overrides: only the unit and its nested unit are written, each with its nearest unit contact', async () => {
  const [shared] = organization.accountsByUnit.shared;
  fs.writeFileSync(
    declaration,
    stringify({
      organization: { security: SECURITY, organizationalUnitIds: [organization.unitIds.payments] },
      organizationalUnits: [
        { organizationalUnitId: organization.unitIds.payments, operations: PAYMENTS_OPERATIONS },
        { organizationalUnitId: organization.unitIds.cards, security: CARDS_SECURITY },
      ],
      accounts: [{ accountId: shared, billing: BILLING }],
    }),
  );

  const applied = await runCli(['--rate', '500', 'apply', '--declaration', declaration, '--yes'], endpoints);
  expect(applied.exitCode).toBe(0);

  const payments = organization.accountsByUnit.payments;
  const [cards] = organization.accountsByUnit.cards;
  expect(writtenAccounts('SECURITY')).toEqual(new Set([...payments, cards]));
  expect(writtenAccounts('OPERATIONS')).toEqual(new Set([...payments, cards]));
  // The shared account is declared on its own: only what its entry says, no defaults (it is outside the scope).
  expect(writtenAccounts('BILLING')).toEqual(new Set([shared]));
  for (const accountId of payments) {
    expect(local.alternateContact(accountId, 'SECURITY')).toMatchObject(apiMembers(SECURITY));
    expect(local.alternateContact(accountId, 'OPERATIONS')).toMatchObject(apiMembers(PAYMENTS_OPERATIONS));
  }
  expect(local.alternateContact(cards, 'SECURITY')).toMatchObject(apiMembers(CARDS_SECURITY));
  expect(local.alternateContact(cards, 'OPERATIONS')).toMatchObject(apiMembers(PAYMENTS_OPERATIONS));
  for (const accountId of [MANAGEMENT, ...organization.accountsByUnit.root]) {
    expect(local.alternateContact(accountId, 'SECURITY')).toBeUndefined();
  }

  const diff = await runCli(['diff', '--expected', declaration, '--output', 'json'], endpoints);
  expect(JSON.parse(diff.stdout)).toMatchObject({ accountsCompared: 4, differences: [] });
  expect(diff.exitCode).toBe(0);
});

test('the nested unit holding the default instead of its own contact is drift, in that account only', async () => {
  const [cards] = organization.accountsByUnit.cards;
  local.seedAlternateContact(cards, 'SECURITY', apiMembers(SECURITY));

  const diff = await runCli(['diff', '--expected', declaration, '--output', 'json'], endpoints);

  const report = JSON.parse(diff.stdout) as { differences: Array<{ accountId: string; contact: string }> };
  expect(new Set(report.differences.map((difference) => `${difference.accountId} ${difference.contact}`))).toEqual(new Set([`${cards} SECURITY`]));
  expect(diff.exitCode).toBe(1);
});

test('an account scope: only the chosen account is written', async () => {
  const [chosen] = organization.accountsByUnit.root;
  fs.writeFileSync(declaration, stringify({ organization: { operations: OPERATIONS, accountIds: [chosen] } }));

  const applied = await runCli(['--rate', '500', 'apply', '--declaration', declaration, '--yes'], endpoints);

  expect(applied.exitCode).toBe(0);
  expect(writtenAccounts('OPERATIONS')).toEqual(new Set([chosen]));
  expect(applied.stdout).toContain('Applied: 1 accounts changed');
});

test('the organization is listed once for a scope with excluded units: no second walk, no membership listing of the accounts it found', async () => {
  const front = await StrictOrganizations.start({ motoEndpoint: moto.endpoint });
  try {
    fs.writeFileSync(
      declaration,
      stringify({
        organization: {
          security: SECURITY,
          organizationalUnitIds: [organization.unitIds.payments],
          excludeOrganizationalUnitIds: [organization.unitIds.cards],
        },
      }),
    );
    const diff = await runCli(['diff', '--expected', declaration], { ...endpoints, organizations: front.endpoint });
    expect(diff.stdout).toContain(`Compared ${organization.accountsByUnit.payments.length} accounts`);
    // One walk from the root (main: two walks and a ListAccounts to check the accounts the walk had just found).
    expect([front.calls.ListRoots, front.calls.ListAccounts ?? 0]).toEqual([1, 0]);
  } finally {
    await front.stop();
  }
});

test('a scope, exclusions and unit overrides that contradict each other are refused before any AWS call, each by name', async () => {
  const { payments, cards } = organization.unitIds;
  fs.writeFileSync(
    declaration,
    stringify({
      organization: {
        security: SECURITY,
        accountIds: ['222233334444'],
        excludeAccountIds: ['222233334444'],
        organizationalUnitIds: [payments],
        excludeOrganizationalUnitIds: [payments, cards],
      },
      organizationalUnits: [{ organizationalUnitId: cards, operations: OPERATIONS }, { organizationalUnitId: payments }],
      organisationalUnits: [],
    }),
  );

  const refused = await runCli(['apply', '--declaration', declaration], endpoints);

  expect(refused.exitCode).toBe(2);
  expect(refused.stderr).toContain(
    "organization.excludeAccountIds[0] '222233334444' is also organization.accountIds[0]: an account is either chosen or excluded",
  );
  expect(refused.stderr).toContain(`organization.excludeOrganizationalUnitIds[0] '${payments}' is also organization.organizationalUnitIds[0]`);
  expect(refused.stderr).toContain(`organizationalUnits[0].organizationalUnitId '${cards}' is also in organization.excludeOrganizationalUnitIds[1]`);
  expect(refused.stderr).toContain('organizationalUnits[1] declares no contact');
  expect(refused.stderr).toContain('organisationalUnits is not a key of a declaration file: did you mean organizationalUnits?');
  expect(local.requests).toEqual([]);
});

test('unit overrides without the organization section, and an empty scope, are refused', async () => {
  fs.writeFileSync(
    declaration,
    stringify({
      organizationalUnits: [{ organizationalUnitId: organization.unitIds.cards, security: SECURITY }],
      accounts: [{ accountId: 'self', security: SECURITY }],
    }),
  );
  const withoutOrganization = await runCli(['apply', '--declaration', declaration], endpoints);
  expect(withoutOrganization.exitCode).toBe(2);
  expect(withoutOrganization.stderr).toContain("organizationalUnits overrides the organization's defaults by unit: declare organization too");

  fs.writeFileSync(declaration, stringify({ organization: { security: SECURITY, accountIds: [] } }));
  const empty = await runCli(['apply', '--declaration', declaration], endpoints);
  expect(empty.exitCode).toBe(2);
  expect(empty.stderr).toContain('organization.accountIds is empty: leave it out to cover every account of the organization');
  expect(local.requests).toEqual([]);
});

test('account tags: a tagged account excluded, another given its tag contact, and an override of an excluded tag refused', async () => {
  const [sandbox, payments] = organization.accountsByUnit.payments;
  const organizations = organizationsClient(moto.endpoint);
  await organizations.send(new TagResourceCommand({ ResourceId: sandbox, Tags: [{ Key: 'environment', Value: 'sandbox' }] }));
  await organizations.send(new TagResourceCommand({ ResourceId: payments, Tags: [{ Key: 'team', Value: 'payments' }] }));
  fs.writeFileSync(
    declaration,
    stringify({
      organization: { billing: BILLING, excludeAccountTags: [{ key: 'environment', value: 'sandbox' }] },
      accountTags: [{ tag: { key: 'team', value: 'payments' }, billing: { ...BILLING, name: 'Payments Finance' } }],
    }),
  );

  const applied = await runCli(['--rate', '500', 'apply', '--declaration', declaration, '--yes'], endpoints);

  expect(applied.exitCode).toBe(0);
  const billed = writtenAccounts('BILLING');
  expect(billed.has(sandbox)).toBe(false);
  expect(billed.has(payments)).toBe(true);
  expect(local.alternateContact(payments, 'BILLING')?.Name).toBe('Payments Finance');
  expect(local.alternateContact(MANAGEMENT, 'BILLING')?.Name).toBe(BILLING.name);

  fs.writeFileSync(
    declaration,
    stringify({
      organization: { billing: BILLING, excludeAccountTags: [{ key: 'environment' }] },
      accountTags: [{ tag: { key: 'environment', value: 'sandbox', colour: 'red' }, billing: BILLING }],
    }),
  );
  local.requests.length = 0;
  const refused = await runCli(['apply', '--declaration', declaration], endpoints);
  expect(refused.exitCode).toBe(2);
  expect(refused.stderr).toContain(
    "accountTags[0].tag 'environment=sandbox': every account with it is excluded by organization.excludeAccountTags 'environment' (any value)",
  );
  expect(refused.stderr).toContain('accountTags[0].tag.colour is not a key of accountTags[0].tag');
  expect(local.requests).toEqual([]);
});
