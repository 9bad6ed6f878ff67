/**
 * Faults that are not crashes: a failure topic that refuses, a ResponseURL that refuses for a while, and messages
 * that SQS delivers twice. Whatever happens to them, the deployment gets one answer with the true counts.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { advanceRun } from '../../src/organization/run-advance';
import { OrganizationRunContext, runEnvironment } from '../../src/organization/run-context';
import { RunEffect, RunPhase } from '../../src/organization/run-state-machine';
import { FAST_RETRIES, localClientConfig } from '../support/clients';
import { OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';
import { DuplicatingQueue } from '../support/run-context-config';

jest.setTimeout(120_000);

const fixture = useOrganizationHarness();

function declare(declaration: Partial<OrganizationDeclaration> = {}): string {
  fixture.harness.declarations.set('v1.json', {
    version: 1,
    constructPath: 'Stack/OrganizationContacts',
    defaults: { security: SECURITY, operations: OPERATIONS },
    excludeAccountIds: [],
    organizationalUnitOverrides: [],
    accountOverrides: [],
    ...declaration,
  });
  return 'v1.json';
}

const writes = (operation = 'PutAlternateContact') =>
  fixture.harness.accountServer.requests.filter((request) => request.operation === operation && request.status === 200).length;

/** The answers a deployment got: the same answer delivered again is harmless, a different one is not. */
const distinct = (responses: unknown[]) => new Set(responses.map((response) => JSON.stringify(response))).size;

/**
 * One answer, every account APPLIED (the management account too), and each of the two contact types written once per
 * account, holding the declared contacts.
 */
function expectEachAccountWrittenOnce(memberAccountIds: string[], accounts: number): void {
  const { harness, recorder } = fixture;
  expect(distinct(recorder.responses)).toBe(1);
  expect(recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    Data: { Status: 'COMPLETE', Accounts: String(accounts), Applied: String(accounts), Unchanged: '0', Failed: '0' },
  });
  expect(writes()).toBe(2 * accounts);
  for (const accountId of memberAccountIds) {
    expect(harness.accountServer.alternateContact(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
    expect(harness.accountServer.alternateContact(accountId, 'OPERATIONS')).toEqual(expect.objectContaining(apiMembers(OPERATIONS)));
  }
}

test('a failure topic that refuses to publish does not keep the answer: FAILED names the account and says the notification failed', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(5);
  const denied = organization.memberAccountIds[1];
  harness.accountServer.deniedAccountIds.add(denied);
  const key = declare();
  const refusingTopic = (): OrganizationRunContext => ({
    ...harness.context(),
    notifyFailures: async () => {
      throw Object.assign(
        new Error('User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized to perform: SNS:Publish on resource: topic'),
        {
          name: 'AuthorizationErrorException',
        },
      );
    },
  });

  await handleOrganizationEvent(organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: key }), refusingTopic(), {
    currentDeclarationKey: key,
  });
  await harness.drain({ contexts: [refusingTopic(), refusingTopic()], until: () => recorder.responses.length > 0, timeoutMs: 30_000 });

  expect(distinct(recorder.responses)).toBe(1);
  expect(recorder.responses[0].Status).toBe('FAILED');
  expect(recorder.responses[0].Reason).toContain(`1 of 6 accounts failed: ${denied}`);
  expect(recorder.responses[0].Reason).toContain('the failure notification could not be published (AuthorizationErrorException)');
  expect(harness.logged('notification-failed')).toEqual([expect.objectContaining({ level: 'error', errorName: 'AuthorizationErrorException' })]);
});

test('a ResponseURL that refuses for 30 s is answered once it takes the answer, the same answer, once', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(3);
  const key = declare();
  recorder.refuseFor(30_000);
  const started = Date.now();

  await handleOrganizationEvent(organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: key }), harness.context(), {
    currentDeclarationKey: key,
  });
  await harness.drain({ until: () => recorder.responses.length > 0, timeoutMs: 100_000 });
  const answeredAfter = Date.now() - started;

  expect(recorder.refused).toBeGreaterThan(0);
  expect(distinct(recorder.responses)).toBe(1);
  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETE', Accounts: '4', Applied: '4' } });
  expect(answeredAfter).toBeGreaterThanOrEqual(30_000);
  for (const accountId of organization.memberAccountIds) {
    expect(harness.accountServer.alternateContact(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
  }
  expect(harness.logged('answer-not-delivered').length).toBeGreaterThan(0);
});

test('every message delivered twice: each account is written once and counted as what happened to it', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(29);
  const key = declare();
  const duplicating = (): OrganizationRunContext => ({
    ...harness.context(),
    queue: new DuplicatingQueue(new SQSClient(localClientConfig(harness.moto.endpoint)), harness.queueUrl, FAST_RETRIES),
  });

  await handleOrganizationEvent(organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: key }), duplicating(), {
    currentDeclarationKey: key,
  });
  // Four consumers take the two copies of a message at the same time.
  const contexts = [duplicating(), duplicating(), duplicating(), duplicating()];
  await harness.drain({ contexts, batchSize: 1, until: () => recorder.responses.length > 0 });

  // Two contact types per account, each written once although every account was worked on twice.
  expectEachAccountWrittenOnce(organization.memberAccountIds, 30);
});

test('two arrivals at a run that just completed: it is closed once, with one summary line and one notification', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(4);
  // One account that is not in the organization: a FAILED result, hence a failure notification when the run closes.
  const key = declare({ accountIds: [...organization.memberAccountIds, '999999999999'] });
  let runId: string | undefined;
  let concurrentArrivals = 0;
  const context = (): OrganizationRunContext => ({
    ...harness.context(),
    notifyFailures: async (subject, message) => {
      harness.notifications.push({ subject, message });
      if (runId !== undefined && concurrentArrivals === 0) {
        // Another worker (a duplicate delivery, the watchdog) arrives while this one closes: it too reads COMPLETE.
        concurrentArrivals++;
        await advanceRun(runEnvironment(harness.context()), runId);
      }
    },
  });
  const event = organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: key });
  runId = event.RequestId;
  await handleOrganizationEvent(event, context(), { currentDeclarationKey: key });
  await harness.drain({ contexts: [context()], until: () => recorder.responses.length > 0 });

  expect(concurrentArrivals).toBe(1);
  expect(recorder.responses).toHaveLength(1);
  expect(recorder.responses[0]).toMatchObject({ Status: 'FAILED' });
  expect(harness.logged('run-complete')).toHaveLength(1);
  expect(harness.notifications).toHaveLength(1);
  expect((await harness.context().store.getRun(runId))?.phase).toBe(RunPhase.CLOSED);
});

test('a delivery that outlives the fixed lease keeps its accounts until its invocation ends: the duplicate writes nothing', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(3);
  const key = declare();
  // A lease of 1 s, but each invocation may run for 2 minutes: its holder is alive while it runs.
  let paused = false;
  const slowOnce = async (point: string) => {
    if (point === RunEffect.WRITE_LEASED && !paused) {
      paused = true;
      // Stalls (a slow API, a GC pause) three times as long as the fixed lease, holding the account's lease.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  };
  const duplicating = (): OrganizationRunContext => {
    const base = harness.context();
    return {
      ...base,
      queue: new DuplicatingQueue(new SQSClient(localClientConfig(harness.moto.endpoint)), harness.queueUrl, FAST_RETRIES),
      redelivery: { ...base.redelivery!, leaseSeconds: 1 },
      invocationEndsAt: Date.now() + 120_000,
      afterCommit: slowOnce,
    };
  };

  await handleOrganizationEvent(organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: key }), duplicating(), {
    currentDeclarationKey: key,
  });
  const contexts = [duplicating(), duplicating(), duplicating(), duplicating()];
  await harness.drain({ contexts, batchSize: 1, until: () => recorder.responses.length > 0 });

  expect(paused).toBe(true);
  // The stalled delivery's account was not written by the other copy as well: two writes per account, no more.
  expectEachAccountWrittenOnce(organization.memberAccountIds, 4);
});

test('the same message back while its first delivery still writes (a visibility timeout shorter than a batch): the second delivery hands the account back, writes nothing, waits for nothing', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(3);
  const key = declare();
  let paused = false;
  const context = (): OrganizationRunContext => ({
    ...harness.context(),
    invocationEndsAt: Date.now() + 120_000,
    afterCommit: async (point) => {
      if (point === RunEffect.WRITE_LEASED && !paused) {
        paused = true;
        // The first delivery stalls holding the account's lease, longer than the message stays invisible.
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    },
  });

  await handleOrganizationEvent(organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: key }), context(), {
    currentDeclarationKey: key,
  });
  const messageIds: string[] = [];
  const contexts = [context(), context()];
  let next = 0;
  await harness.drain({
    contexts,
    batchSize: 1,
    visibilityTimeoutSeconds: 1,
    until: () => recorder.responses.length > 0,
    invoke: async (event) => {
      messageIds.push(...event.Records.map((record) => record.messageId));
      return (await handleOrganizationEvent(event, contexts[next++ % 2], { currentDeclarationKey: key })) as { batchItemFailures: [] };
    },
  });

  expect(paused).toBe(true);
  // The message really came back, with the same message id, while its first delivery held the lease.
  expect(messageIds.length).toBeGreaterThan(new Set(messageIds).size);
  expectEachAccountWrittenOnce(organization.memberAccountIds, 4);
  expect(harness.logged('accounts-held-by-another-delivery').length).toBeGreaterThan(0);
});
