/**
 * Runs under Lambda's real timing, with time scaled down as one: the function's timeout is below the queue's
 * visibility timeout in the construct's ratio (15 to 20 minutes; here 7.5 to 10 seconds), and the Account API is
 * slow enough that whole batches time out for real: Lambda stops the "container" (a child process, SIGKILL) with
 * its calls in flight, some of whose writes have landed, and SQS delivers the batch again once its visibility
 * timeout ends. Then the same with every message reaching the queue twice, so that duplicates overlap running
 * deliveries. And a user's queue whose visibility timeout is shorter than a batch: the same message comes back
 * while its first delivery still writes.
 *
 * Whatever happens, at 250 member accounts: every account counted once (`Applied + Unchanged + Failed + Excluded =
 * Accounts` in the answer and the summary line), one result line per account, one answer, every contact written
 * once, and the run completed by its workers, not by its watchdog.
 */
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { OPERATIONS, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { OrganizationHarness, organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';
import { ResponseRecorder } from '../support/response-recorder';
import {
  ContainerFleet,
  VISIBILITY_TIMEOUT_SECONDS,
  accountsNotHolding,
  answersOf,
  runCountingProblems,
  seeded,
  slowApi,
  writesOf,
} from '../support/scaled-timing';

jest.setTimeout(600_000);

const fixture = useOrganizationHarness();
const KEY = 'v1.json';
const MEMBER_ACCOUNTS = 250;

function declare(harness: OrganizationHarness): void {
  harness.declarations.set(KEY, organizationDeclaration({ defaults: { security: SECURITY, operations: OPERATIONS } }));
}

/** A deployment played in "Lambda containers" with a function timeout; returns its run id and how many invocations timed out. */
async function playInContainers(harness: OrganizationHarness, recorder: ResponseRecorder, duplicateMessages: boolean) {
  const fleet = await ContainerFleet.start(harness, KEY, duplicateMessages);
  const event = organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: KEY, WaitSeconds: '3600' });
  try {
    await fleet.invokeAsynchronously(event);
    await harness.drain({
      contexts: [harness.context(), harness.context(), harness.context()],
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      timeoutMs: 540_000,
      until: () => recorder.responses.length > 0 && harness.logged('run-complete').length > 0,
      invoke: fleet.invokeWithBatch,
    });
    return { runId: event.RequestId, timeouts: fleet.timeouts };
  } finally {
    fleet.stop();
  }
}

/** Every account counted once (answer, stored counts, summary line, result lines), and every contact written once. */
async function expectExact(harness: OrganizationHarness, recorder: ResponseRecorder, runId: string, accounts: string[]): Promise<void> {
  expect(await runCountingProblems(harness, { runId, accounts, answers: answersOf(recorder), allApplied: true })).toEqual([]);
  // Every contact written, each once: a write that landed before its caller was stopped is not made again.
  expect(accountsNotHolding(harness, accounts, 'SECURITY', apiMembers(SECURITY))).toEqual([]);
  expect(accountsNotHolding(harness, accounts, 'OPERATIONS', apiMembers(OPERATIONS))).toEqual([]);
  expect([writesOf(harness, 'SECURITY'), writesOf(harness, 'OPERATIONS')]).toEqual([accounts.length, accounts.length]);
}

test.each([
  ['once', false],
  ['twice, duplicates overlapping running deliveries', true],
])(
  `${MEMBER_ACCOUNTS} accounts, batches that time out for real, every message delivered %s: each account counted once, one answer`,
  async (_name, duplicateMessages) => {
    const { harness, recorder } = fixture;
    const organization = await harness.buildOrganization(MEMBER_ACCOUNTS);
    declare(harness);
    slowApi(harness, 0.06, duplicateMessages ? 7 : 3);

    const played = await playInContainers(harness, recorder, duplicateMessages as boolean);

    // Batches really timed out: Lambda stopped them with calls in flight.
    expect(played.timeouts).toBeGreaterThan(0);
    await expectExact(harness, recorder, played.runId, [MOTO_ACCOUNT_ID, ...organization.memberAccountIds]);
  },
);

test('a visibility timeout shorter than a batch: the same message comes back while it still writes, and the run completes without its watchdog', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(MEMBER_ACCOUNTS);
  declare(harness);
  // Every answer takes 300 to 700 ms: a batch of 100 accounts outlasts the 1 s visibility timeout many times over.
  const random = seeded(11);
  harness.accountServer.latency = () => 300 + 400 * random();
  const event = organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: KEY, WaitSeconds: '3600' });
  await handleOrganizationEvent(event, harness.context(), { currentDeclarationKey: KEY });
  let watchdogsBeforeAnswer = 0;
  let redelivered = 0;
  const seen = new Set<string>();
  const contexts = [harness.context(), harness.context(), harness.context()];
  let next = 0;
  await harness.drain({
    contexts,
    visibilityTimeoutSeconds: 1,
    timeoutMs: 540_000,
    until: () => recorder.responses.length > 0 && harness.logged('run-complete').length > 0,
    invoke: async (sqsEvent) => {
      for (const record of sqsEvent.Records) {
        redelivered += seen.has(record.messageId) ? 1 : 0;
        seen.add(record.messageId);
        if (recorder.responses.length === 0 && (JSON.parse(record.body) as { kind: string }).kind === 'WATCHDOG') {
          watchdogsBeforeAnswer++;
        }
      }
      // Each invocation knows its deadline, as Lambda tells it (no function timeout stops it here: 60 s is ample).
      const context = { ...contexts[next++ % contexts.length], invocationEndsAt: Date.now() + 60_000 };
      return (await handleOrganizationEvent(sqsEvent, context, { currentDeclarationKey: KEY })) as {
        batchItemFailures: Array<{ itemIdentifier: string }>;
      };
    },
  });

  expect(redelivered).toBeGreaterThan(0);
  // The run's first watchdog is due a minute after the start: the workers completed the run and answered before it.
  expect(watchdogsBeforeAnswer).toBe(0);
  await expectExact(harness, recorder, event.RequestId, [MOTO_ACCOUNT_ID, ...organization.memberAccountIds]);
});
