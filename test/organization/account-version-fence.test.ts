/**
 * Two organization runs that read different versions of a default contact's parameter and overlap: the account
 * keeps the newest version, whichever run reaches it last (src/organization/account-version-fence.ts). Against
 * moto_server (DynamoDB, SQS, Organizations) and the local Account API server, with the real AWS SDK v3 clients.
 */
import { ChangeMessageVisibilityCommand, Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AccountVersionFence } from '../../src/organization/account-version-fence';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { OrganizationRunContext } from '../../src/organization/run-context';
import { AccountOutcome } from '../../src/organization/run-state-machine';
import { RunStore } from '../../src/organization/run-store';
import { RECONCILIATION_INPUT } from '../../src/protocol/organization-resource';
import { SECURITY, apiMembers } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';
import { OrganizationHarness } from '../support/organization-harness';

const moto = useMotoServer({ resetEachTest: true });
let harness: OrganizationHarness;

beforeEach(async () => {
  harness = await OrganizationHarness.start(moto.server);
});
afterEach(async () => harness.stop());

const PARAMETER = '/contacts/security';
const VERSION_ONE = SECURITY;
const VERSION_TWO = { ...SECURITY, name: 'Security Version Two', emailAddress: 'security-two@example.com' };

/** A declaration whose security contact comes from one SSM parameter, and that parameter's versions as SSM keeps them. */
function parameterWorld() {
  const key = 'from-parameter.json';
  harness.declarations.set(key, {
    version: 1,
    constructPath: 'Stack/OrganizationContacts',
    defaults: {},
    defaultsFromParameters: ['security'],
    excludeAccountIds: [],
    organizationalUnitOverrides: [],
    accountOverrides: [],
  });
  const versions = [JSON.stringify(VERSION_ONE)];
  // GetParameter answers the newest version, or the one its name selects (`name:2`).
  const read = async (name: string) => {
    const [, selected] = name.split(':');
    const version = selected === undefined ? versions.length : Number(selected);
    return { value: versions[version - 1], version };
  };
  const context = (): OrganizationRunContext => ({ ...harness.context(), contactParameters: { names: { security: PARAMETER }, read } });
  return { key, versions, context };
}

const runIds = () => harness.logged('run-started').map((line) => line.runId as string);
const complete = (runId: string) => () => harness.logged('run-complete').some((line) => line.runId === runId);
const securityOf = (accountId: string) => {
  const stored = harness.accountServer.alternateContact(accountId, 'SECURITY');
  return stored && { Name: stored.Name, Title: stored.Title, EmailAddress: stored.EmailAddress, PhoneNumber: stored.PhoneNumber };
};

/** Takes every visible message off the queue for a while: a run whose workers have not reached its accounts yet. */
async function holdBack(seconds: number): Promise<Message[]> {
  const held: Message[] = [];
  for (;;) {
    const received = await harness.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: harness.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: seconds }),
    );
    if ((received.Messages ?? []).length === 0) {
      return held;
    }
    held.push(...received.Messages!);
  }
}

test('an older run that reaches the accounts after a newer one writes nothing: every account keeps the newer version, and the older run says why', async () => {
  const organization = await harness.buildOrganization(10);
  const world = parameterWorld();
  const accounts = organization.memberAccountIds.length + 1;

  // The older run reads version 1; its workers are slow to start (its messages are held back).
  await handleOrganizationEvent(RECONCILIATION_INPUT, world.context(), { currentDeclarationKey: world.key });
  const [older] = runIds();
  const olderMessages = await holdBack(120);
  expect(olderMessages.length).toBeGreaterThan(0);

  // Version 2 is stored; the newer run reads it and applies every account.
  world.versions.push(JSON.stringify(VERSION_TWO));
  await handleOrganizationEvent(RECONCILIATION_INPUT, world.context(), { currentDeclarationKey: world.key });
  const newer = runIds().find((runId) => runId !== older)!;
  await harness.drain({ contexts: [world.context(), world.context()], until: complete(newer), timeoutMs: 60_000 });
  for (const accountId of organization.memberAccountIds) {
    expect(securityOf(accountId)).toEqual(apiMembers(VERSION_TWO));
  }
  const writesByNewer = harness.accountServer.count('PutAlternateContact');

  // Now the older run's workers arrive.
  for (const message of olderMessages) {
    await harness.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: harness.queueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }),
    );
  }
  await harness.drain({ contexts: [world.context(), world.context()], until: complete(older), timeoutMs: 60_000 });

  for (const accountId of organization.memberAccountIds) {
    expect(securityOf(accountId)).toEqual(apiMembers(VERSION_TWO));
  }
  expect(harness.accountServer.count('PutAlternateContact')).toBe(writesByNewer);
  // Every account of the older run is counted, UNCHANGED, with the reason: one line each.
  const store = new RunStore(harness.dynamodb, harness.tableName);
  const results = await store.accountResults(older);
  expect(results).toHaveLength(accounts);
  for (const result of results) {
    expect(result.outcome).toBe(AccountOutcome.UNCHANGED);
    expect(result.warnings).toEqual([`left to a newer run: ${PARAMETER} version 2 was applied to it after this run read version 1`]);
  }
  expect(harness.logged('account-left-to-newer-run')).toHaveLength(accounts);
  expect(harness.logged('account').filter((line) => line.runId === older)).toHaveLength(accounts);
});

test('two runs of two versions that overlap, the older one holding accounts while the newer one arrives: the newer version is what every account keeps', async () => {
  const organization = await harness.buildOrganization(12);
  const world = parameterWorld();
  // The first reads are slow to answer (the older run's, queued first): without a fence, the older run writes what
  // it decided on a read made before the newer run wrote, after the newer run's write.
  // Every account starts with a contact set by hand (a read of a missing contact is answered at once, with an error).
  for (const accountId of [...organization.memberAccountIds, MOTO_ACCOUNT_ID]) {
    harness.accountServer.seedAlternateContact(accountId, 'SECURITY', apiMembers({ ...SECURITY, name: 'Set By Hand' }));
  }
  let slowReads = 8;
  harness.accountServer.latency = (operation) => (operation === 'GetAlternateContact' && slowReads-- > 0 ? 1_500 : 0);
  const shortLease = (): OrganizationRunContext => {
    const base = world.context();
    return { ...base, redelivery: { ...base.redelivery!, leaseSeconds: 3 } };
  };
  await handleOrganizationEvent(RECONCILIATION_INPUT, world.context(), { currentDeclarationKey: world.key });
  world.versions.push(JSON.stringify(VERSION_TWO));
  await handleOrganizationEvent(RECONCILIATION_INPUT, world.context(), { currentDeclarationKey: world.key });
  await harness.drain({ contexts: [shortLease(), shortLease(), shortLease()], batchSize: 2, timeoutMs: 90_000 });

  for (const accountId of organization.memberAccountIds) {
    expect(securityOf(accountId)).toEqual(apiMembers(VERSION_TWO));
  }
  // The runs met: the newer one was handed back while the older held an account, or the older one left it alone.
  expect(harness.logged('accounts-held-by-another-delivery').length + harness.logged('account-left-to-newer-run').length).toBeGreaterThan(0);
  const store = new RunStore(harness.dynamodb, harness.tableName);
  for (const runId of runIds()) {
    const run = (await store.getRun(runId))!;
    expect(run.applied + run.unchanged + run.failed + run.excluded).toBe(run.total);
    expect(run.failed).toBe(0);
  }
});

test("an account's fence: taken by one delivery at a time, never by a run older than the versions applied, taken over once its holder's time is up", async () => {
  let now = 1_000_000;
  const fence = new AccountVersionFence(harness.dynamodb, harness.tableName, 90, () => now);
  const account = '111111111111';

  expect(await fence.take(account, { [PARAMETER]: 1 }, 'older', 5_000)).toEqual({ state: 'TAKEN' });
  // The holder again (another contact type of the same account): taken.
  expect(await fence.take(account, { [PARAMETER]: 1 }, 'older', 5_000)).toEqual({ state: 'TAKEN' });
  // A newer run while it is held: handed back until the holder's lease ends.
  expect(await fence.take(account, { [PARAMETER]: 2 }, 'newer', 5_000)).toEqual({ state: 'HELD', heldUntil: now + 5_000 });
  await fence.giveBack(account, 'newer'); // not the holder's: left as it is
  expect(await fence.take(account, { [PARAMETER]: 2 }, 'newer', 5_000)).toMatchObject({ state: 'HELD' });
  await fence.giveBack(account, 'older');
  expect(await fence.take(account, { [PARAMETER]: 2 }, 'newer', 5_000)).toEqual({ state: 'TAKEN' });
  // The older run comes back: version 2 is applied, whoever holds the fence, now or later.
  expect(await fence.take(account, { [PARAMETER]: 1 }, 'older', 5_000)).toEqual({
    state: 'NEWER',
    parameterName: PARAMETER,
    version: 1,
    appliedVersion: 2,
  });
  now += 6_000;
  expect(await fence.take(account, { [PARAMETER]: 1 }, 'older', 5_000)).toMatchObject({ state: 'NEWER' });
  // A holder whose invocation ended: a run of the same or a newer version takes over; another parameter counts alone.
  expect(await fence.take(account, { [PARAMETER]: 2, '/contacts/billing': 4 }, 'third', 5_000)).toEqual({ state: 'TAKEN' });
  expect(await fence.take(account, { [PARAMETER]: 3, '/contacts/billing': 3 }, 'fourth', 5_000)).toEqual({
    state: 'NEWER',
    parameterName: '/contacts/billing',
    version: 3,
    appliedVersion: 4,
  });
  // Another account has its own fence.
  expect(await fence.take('222222222222', { [PARAMETER]: 1 }, 'older', 5_000)).toEqual({ state: 'TAKEN' });
});
