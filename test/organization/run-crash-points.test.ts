/**
 * A crash at every commit point of a run. For each point the state machine lists (RUN_COMMIT_POINTS), a deployment
 * runs in "Lambda containers" that are child processes; the first time any invocation passes that point, its
 * container dies with SIGKILL, abandoning whatever it had in flight. Then Lambda's retry (the CloudFormation
 * request is invoked again in a new container) and SQS's redelivery (the dead invocation's messages come back after
 * their visibility timeout) happen as they do in AWS. Whatever the point:
 * - the deployment gets one answer (perhaps delivered twice, the same), before its deadline;
 * - the answer and the run's counts are the true ones;
 * - every account in scope holds the declared contacts (the denied one is reported failed);
 * - the excluded account is never touched;
 * - at most one write more than a run without a crash.
 * Each container has a function timeout, as in Lambda: an invocation still running then is stopped, and the handler
 * knows that deadline, so a write lease lasts as long as its holder can run. As the construct sets it, the queue's
 * visibility timeout is longer than the function's: a message comes back only once its delivery has ended. (Copies of
 * a message that reach the queue twice are played in run-faults.test.ts.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { OrganizationHandlerOptions } from '../../src/organization/organization-handler';
import { applyRunId } from '../../src/organization/run-advance';
import { RunSummary } from '../../src/organization/run-records';
import { AnswerPhase, RUN_COMMIT_POINTS, RunCommitPoint, RunEffect, RunPhase, RunTransition } from '../../src/organization/run-state-machine';
import { RunStore } from '../../src/organization/run-store';
import { CustomResourceResponse } from '../../src/runtime/cloudformation-custom-resource';
import { OPERATIONS, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { InvocationEnd, LambdaContainer } from '../support/lambda-container';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { OrganizationHarness, organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';
import { ResponseRecorder } from '../support/response-recorder';

jest.setTimeout(120_000);

const fixture = useOrganizationHarness();
const WAIT_SECONDS = 60;
/** The function's timeout in these runs (the construct's is 15 minutes, its queue's visibility timeout 20). */
const FUNCTION_TIMEOUT_SECONDS = 8;
const KEY = 'v1.json';

/** The deployments the crash points are played in. */
enum Scenario {
  /** 11 accounts in scope (one denied, which fails the deployment), one excluded, a failure notification. */
  DEPLOYMENT = 'DEPLOYMENT',
  /** The same scope under maxAccountChanges, nobody denied: a plan, then the apply that takes over the answer. */
  GATED = 'GATED',
  /** The work queue refuses once the run is created: the run is abandoned and the deployment answered FAILED. */
  QUEUE_REFUSES = 'QUEUE_REFUSES',
}

/** The scenario in which each commit point is passed (the test fails if the kill never happens there). */
function scenarioFor(point: RunCommitPoint): Scenario {
  if (point === RunTransition.HAND_OVER_ANSWER || point === RunEffect.APPLY_CREATED) {
    return Scenario.GATED;
  }
  if (point === RunTransition.ABANDON) {
    return Scenario.QUEUE_REFUSES;
  }
  return Scenario.DEPLOYMENT;
}

interface Outcome {
  readonly killedAt?: RunCommitPoint;
  readonly answers: CustomResourceResponse[];
  /** From the CloudFormation request to the first answer. */
  readonly answeredAfterMs: number;
  readonly run: RunSummary;
  readonly writes: number;
  /** Invocations Lambda stopped at the function's timeout (none expected: the machine would be overloaded). */
  readonly timeouts: number;
  readonly denied: string;
  readonly excluded: string;
  readonly inScope: string[];
}

const measured: Array<{ point: string; scenario: string; answeredAfterMs: number; writes: number; answers: number }> = [];

afterAll(() => {
  const file = path.join(__dirname, '..', '..', 'test-reports', 'crash-points.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(measured, null, 2)}\n`);
});

async function play(harness: OrganizationHarness, recorder: ResponseRecorder, scenario: Scenario, killAt: RunCommitPoint): Promise<Outcome> {
  const answerPath = `/crash-${killAt}`;
  const received = () => recorder.received.filter((response) => response.path === answerPath);
  const organization = await harness.buildOrganization(11);
  const [denied, excluded] = organization.memberAccountIds;
  if (scenario === Scenario.DEPLOYMENT) {
    harness.accountServer.deniedAccountIds.add(denied);
  }
  const declaration: OrganizationDeclaration = {
    version: 1,
    constructPath: 'Stack/OrganizationContacts',
    defaults: { security: SECURITY, operations: OPERATIONS },
    excludeAccountIds: [excluded],
    organizationalUnitOverrides: [],
    accountOverrides: [],
  };
  harness.declarations.set(KEY, declaration);
  const settings = {
    ...harness.settings(),
    ...(scenario === Scenario.QUEUE_REFUSES ? { queueUrl: `${harness.queueUrl}-that-does-not-exist` } : {}),
  };
  const sink = {
    log: (fields: Record<string, unknown>) => harness.logs.push(fields),
    notification: (subject: string, message: string) => harness.notifications.push({ subject, message }),
  };
  const containers: LambdaContainer[] = [];
  const newContainer = async () => {
    const container = await LambdaContainer.start(settings, harness.declarations, sink, FUNCTION_TIMEOUT_SECONDS);
    containers.push(container);
    return container;
  };
  let killedAt: RunCommitPoint | undefined;
  let timeouts = 0;
  const options: OrganizationHandlerOptions = { currentDeclarationKey: KEY };
  const invoke = async (container: LambdaContainer, event: unknown): Promise<InvocationEnd> => {
    const end = await container.invoke(event, options, killedAt === undefined ? killAt : undefined);
    killedAt ??= end.killedAt;
    timeouts += end.timedOut ? 1 : 0;
    return end;
  };

  const properties = { DeclarationKey: KEY, WaitSeconds: String(WAIT_SECONDS), ...(scenario === Scenario.GATED ? { MaxAccountChanges: '50' } : {}) };
  const event = organizationResourceEvent(recorder.urlFor(answerPath), 'Create', properties);
  const started = Date.now();
  try {
    // CloudFormation invokes the function asynchronously: Lambda tries a failed (or killed) invocation again.
    let end = await invoke(await newContainer(), event);
    for (let retry = 0; retry < 2 && (end.killedAt !== undefined || end.error !== undefined); retry++) {
      end = await invoke(await newContainer(), event);
    }

    const store = new RunStore(harness.dynamodb, harness.tableName);
    const runIds = scenario === Scenario.GATED ? [event.RequestId, applyRunId(event.RequestId)] : [event.RequestId];
    let settled = false;
    const watcher = setInterval(() => {
      void Promise.all(runIds.map((runId) => store.getRun(runId))).then(
        (runs) => {
          settled =
            received().length > 0 &&
            runs.every(
              (run) =>
                run !== undefined &&
                (run.phase === RunPhase.CLOSED || run.phase === RunPhase.ABANDONED) &&
                (run.answer === undefined || run.answer === AnswerPhase.DELIVERED || run.answer === AnswerPhase.HANDED_OVER),
            );
        },
        () => undefined,
      );
    }, 200);
    // The SQS event source: a pool of two containers; a killed invocation's messages are not deleted and come back.
    const pool: LambdaContainer[] = [await newContainer(), await newContainer()];
    let next = 0;
    try {
      await harness.drain({
        contexts: [harness.context(), harness.context()],
        visibilityTimeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1,
        timeoutMs: 60_000,
        until: () => settled,
        invoke: async (sqsEvent) => {
          const slot = next++ % pool.length;
          if (pool[slot].dead) {
            pool[slot] = await newContainer();
          }
          const sqsEnd = await invoke(pool[slot], sqsEvent);
          if (sqsEnd.killedAt !== undefined || sqsEnd.error !== undefined || sqsEnd.timedOut) {
            return { batchItemFailures: sqsEvent.Records.map((record) => ({ itemIdentifier: record.messageId })) };
          }
          return sqsEnd.result as { batchItemFailures: Array<{ itemIdentifier: string }> };
        },
      });
    } finally {
      clearInterval(watcher);
    }
    const answers = received();
    return {
      killedAt,
      answers: answers.map((answer) => answer.body as unknown as CustomResourceResponse),
      answeredAfterMs: answers.length > 0 ? answers[0].at - started : Infinity,
      run: (await store.getRun(runIds.at(-1)!))!,
      writes: harness.accountServer.requests.filter((request) => /^Put/.test(request.operation) && request.status === 200).length,
      timeouts,
      denied,
      excluded,
      inScope: [MOTO_ACCOUNT_ID, ...organization.memberAccountIds.filter((accountId) => accountId !== excluded)],
    };
  } finally {
    containers.forEach((container) => container.stop());
  }
}

test.each(RUN_COMMIT_POINTS.map((point) => [point, scenarioFor(point)]))(
  'killed right after %s (%s): one true answer, before the deadline, nothing lost',
  async (point, scenario) => {
    const { harness, recorder } = fixture;
    const outcome = await play(harness, recorder, scenario as Scenario, point as RunCommitPoint);
    measured.push({
      point: point as string,
      scenario: scenario as string,
      answeredAfterMs: outcome.answeredAfterMs,
      writes: outcome.writes,
      answers: outcome.answers.length,
    });

    // The invocation really died there, and no other was stopped by its timeout.
    expect(outcome.killedAt).toBe(point);
    expect(outcome.timeouts).toBe(0);
    // One answer (the same answer delivered again is harmless), before the deadline.
    expect(new Set(outcome.answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(outcome.answeredAfterMs).toBeLessThan(WAIT_SECONDS * 1000);
    const [answer] = outcome.answers;
    // One result line per account of the run (the metrics are built on them), whichever delivery counted it.
    if (scenario !== Scenario.QUEUE_REFUSES) {
      const lines = harness.logged('account').filter((line) => line.runId === outcome.run.runId);
      expect(lines.map((line) => line.accountId).sort()).toEqual([...outcome.inScope].sort());
    }
    const touched = new Set(harness.accountServer.requests.map((request) => request.accountId ?? MOTO_ACCOUNT_ID));
    expect(touched.has(outcome.excluded)).toBe(false);

    if (scenario === Scenario.QUEUE_REFUSES) {
      expect(answer.Status).toBe('FAILED');
      expect(answer.Reason).toMatch(/queue/i);
      expect(outcome.writes).toBe(0);
      return;
    }
    for (const accountId of outcome.inScope.filter((id) => scenario !== Scenario.DEPLOYMENT || id !== outcome.denied)) {
      expect(harness.accountServer.alternateContact(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
      expect(harness.accountServer.alternateContact(accountId, 'OPERATIONS')).toEqual(expect.objectContaining(apiMembers(OPERATIONS)));
    }
    if (scenario === Scenario.DEPLOYMENT) {
      expect(answer.Status).toBe('FAILED');
      expect(answer.Reason).toContain(`1 of 11 accounts failed: ${outcome.denied}`);
      expect(outcome.run).toMatchObject({ total: 11, applied: 10, unchanged: 0, failed: 1, excluded: 0 });
      // Two contact types for each of 10 accounts; a crash costs at most one write more.
      expect(outcome.writes).toBeGreaterThanOrEqual(20);
      expect(outcome.writes).toBeLessThanOrEqual(21);
    } else {
      expect(answer).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETE', Accounts: '11', Applied: '11', Unchanged: '0', Failed: '0' } });
      expect(outcome.writes).toBeGreaterThanOrEqual(22);
      expect(outcome.writes).toBeLessThanOrEqual(23);
    }
  },
);
