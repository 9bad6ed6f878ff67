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
import { OrganizationHandlerOptions, handleOrganizationEvent } from '../../src/organization/organization-handler';
import { RunStore } from '../../src/organization/run-store';
import { CustomResourceResponse } from '../../src/runtime/cloudformation-custom-resource';
import { OPERATIONS, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { InvocationEnd, LambdaContainer } from '../support/lambda-container';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { OrganizationHarness, organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';
import { ResponseRecorder } from '../support/response-recorder';

jest.setTimeout(600_000);

const fixture = useOrganizationHarness();
const KEY = 'v1.json';
const MEMBER_ACCOUNTS = 250;
/** The construct's function timeout (900 s) and visibility timeout (1,200 s), scaled down together. */
const FUNCTION_TIMEOUT_SECONDS = 7.5;
const VISIBILITY_TIMEOUT_SECONDS = 10;

/** A seeded generator: the same slow calls in every run of the test. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

/** An Account API whose answers take 20 to 150 ms, and one in `slowShare` takes 2.5 to 3.5 s. */
function slowApi(harness: OrganizationHarness, slowShare: number, seed: number): void {
  const random = seeded(seed);
  harness.accountServer.latency = () => (random() < slowShare ? 2500 + 1000 * random() : 20 + 130 * random());
}

function declare(harness: OrganizationHarness): void {
  harness.declarations.set(KEY, organizationDeclaration({ defaults: { security: SECURITY, operations: OPERATIONS } }));
}

interface Played {
  readonly answers: CustomResourceResponse[];
  /** Invocations Lambda stopped at the function's timeout. */
  readonly timeouts: number;
  readonly invocations: number;
  readonly runId: string;
}

/** A deployment played in "Lambda containers" with a function timeout, consumed by `consumers` of the queue. */
async function playInContainers(harness: OrganizationHarness, recorder: ResponseRecorder, duplicateMessages: boolean): Promise<Played> {
  const sink = {
    log: (fields: Record<string, unknown>) => harness.logs.push(fields),
    notification: (subject: string, message: string) => harness.notifications.push({ subject, message }),
  };
  const settings = { ...harness.settings(), duplicateMessages };
  const containers: LambdaContainer[] = [];
  const newContainer = async () => {
    const container = await LambdaContainer.start(settings, harness.declarations, sink, FUNCTION_TIMEOUT_SECONDS);
    containers.push(container);
    return container;
  };
  const options: OrganizationHandlerOptions = { currentDeclarationKey: KEY };
  let timeouts = 0;
  let invocations = 0;
  const invoke = async (container: LambdaContainer, event: unknown): Promise<InvocationEnd> => {
    invocations++;
    const end = await container.invoke(event, options);
    timeouts += end.timedOut ? 1 : 0;
    return end;
  };
  const event = organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: KEY, WaitSeconds: '3600' });
  try {
    let end = await invoke(await newContainer(), event);
    for (let retry = 0; retry < 2 && end.error !== undefined; retry++) {
      end = await invoke(await newContainer(), event);
    }
    // A warm container serves one invocation at a time; a stopped one is replaced by a new container.
    const idle = [await newContainer(), await newContainer(), await newContainer()];
    await harness.drain({
      contexts: [harness.context(), harness.context(), harness.context()],
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      timeoutMs: 540_000,
      until: () => recorder.responses.length > 0 && harness.logged('run-complete').length > 0,
      invoke: async (sqsEvent) => {
        const warm = idle.pop();
        const container = warm && !warm.dead ? warm : await newContainer();
        const sqsEnd = await invoke(container, sqsEvent);
        if (!container.dead) {
          idle.push(container);
        }
        if (sqsEnd.error !== undefined || sqsEnd.timedOut) {
          return { batchItemFailures: sqsEvent.Records.map((record) => ({ itemIdentifier: record.messageId })) };
        }
        return sqsEnd.result as { batchItemFailures: Array<{ itemIdentifier: string }> };
      },
    });
    return { answers: recorder.responses as unknown as CustomResourceResponse[], timeouts, invocations, runId: event.RequestId };
  } finally {
    containers.forEach((container) => container.stop());
  }
}

/** Every account counted once, in the answer, the stored summary, the summary line and the result lines. */
async function expectExact(harness: OrganizationHarness, played: Played, accounts: string[]): Promise<void> {
  const total = accounts.length;
  expect(new Set(played.answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  const [answer] = played.answers;
  expect(answer).toMatchObject({
    Status: 'SUCCESS',
    Data: { Status: 'COMPLETE', Accounts: String(total), Applied: String(total), Unchanged: '0', Failed: '0' },
  });
  const run = (await new RunStore(harness.dynamodb, harness.tableName).getRun(played.runId))!;
  expect(run.applied + run.unchanged + run.failed + run.excluded).toBe(total);
  expect(run).toMatchObject({ total, applied: total });
  const summaries = harness.logged('run-complete').filter((line) => line.runId === played.runId);
  expect(summaries).toHaveLength(1);
  expect(summaries[0]).toMatchObject({ accounts: total, applied: total, unchanged: 0, failed: 0, excluded: 0 });
  // One result line per account: the metrics are built on them.
  const lines = harness.logged('account').filter((line) => line.runId === played.runId);
  expect(lines.map((line) => line.accountId).sort()).toEqual([...accounts].sort());
  expect(lines.every((line) => line.outcome === 'APPLIED')).toBe(true);
  // Every contact written, each once: a write that landed before its caller was stopped is not made again.
  for (const accountId of accounts) {
    expect(harness.accountServer.alternateContact(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
    expect(harness.accountServer.alternateContact(accountId, 'OPERATIONS')).toEqual(expect.objectContaining(apiMembers(OPERATIONS)));
  }
  const writes = harness.accountServer.requests.filter((request) => request.operation === 'PutAlternateContact' && request.status === 200);
  expect(writes).toHaveLength(2 * total);
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
    await expectExact(harness, played, [MOTO_ACCOUNT_ID, ...organization.memberAccountIds]);
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
  await expectExact(
    harness,
    { answers: recorder.responses as unknown as CustomResourceResponse[], timeouts: 0, invocations: 0, runId: event.RequestId },
    [MOTO_ACCOUNT_ID, ...organization.memberAccountIds],
  );
});
