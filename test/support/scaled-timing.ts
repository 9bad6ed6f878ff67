/**
 * The organization function under Lambda's real timing, with time scaled down as one: "Lambda containers" (child
 * processes, lambda-container.ts) whose invocations are stopped at the function's timeout, consuming the work queue
 * with a visibility timeout above that timeout in the construct's ratio (15 to 20 minutes; here 7.5 to 10 seconds),
 * against an Account API slow enough that batches time out for real. Shared by the timing tests
 * (test/organization/run-timing*.test.ts) and the timing benchmark (bench/run-timing.ts), which plays the same at
 * 1,000 accounts.
 */
import { InvocationEnd, LambdaContainer } from './lambda-container';
import { OrganizationHarness } from './organization-harness';
import { ResponseRecorder } from './response-recorder';
import { SqsBatchResponse } from '../../src/organization/organization-handler';
import { RunStore } from '../../src/organization/run-store';
import { CustomResourceResponse } from '../../src/runtime/cloudformation-custom-resource';

/** The construct's function timeout (900 s) and visibility timeout (1,200 s), scaled down together. */
export const FUNCTION_TIMEOUT_SECONDS = 7.5;
export const VISIBILITY_TIMEOUT_SECONDS = 10;

/** A seeded generator: the same slow calls in every run. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

/**
 * The Account API call held past the function's timeout, whatever the machine's speed: the invocation that makes it is
 * stopped by Lambda with the call in flight. The random slow calls stop more invocations, or none on a fast machine
 * (a CI run once played 130 accounts without a single timeout): this one makes "batches really time out" a fact of
 * the scenario, not of the timing.
 */
export const STUCK_CALL = 25;

/**
 * An Account API whose answers take 20 to 150 ms, one in `slowShare` takes `slowSeconds` (2.5 to 3.5 s), and the
 * `STUCK_CALL`th outlasts the function's timeout.
 */
export function slowApi(harness: OrganizationHarness, slowShare: number, seed: number, slowSeconds: [number, number] = [2.5, 3.5]): void {
  const random = seeded(seed);
  const [fastest, slowest] = slowSeconds.map((seconds) => 1000 * seconds);
  let calls = 0;
  harness.accountServer.latency = () => {
    calls++;
    if (calls === STUCK_CALL) {
      return 1000 * (FUNCTION_TIMEOUT_SECONDS + 1);
    }
    return random() < slowShare ? fastest + (slowest - fastest) * random() : 20 + 130 * random();
  };
}

type SqsEvent = { Records: Array<{ messageId: string; body: string; eventSource: string }> };

/**
 * The function's containers: a warm container serves one invocation at a time, and one Lambda stopped (at the
 * function's timeout) is replaced by a new one, as Lambda does.
 */
export class ContainerFleet {
  /**
   * `asynchronousTimeoutSeconds` is the function timeout of the asynchronous invocations (the runs' coordinators):
   * at 5,000 accounts, moto's Organizations takes longer to list them than the scaled 7.5 s, where AWS gives the
   * coordinator 15 minutes. @default FUNCTION_TIMEOUT_SECONDS
   */
  public static async start(
    harness: OrganizationHarness,
    declarationKey: string,
    duplicateMessages: boolean,
    asynchronousTimeoutSeconds = FUNCTION_TIMEOUT_SECONDS,
  ): Promise<ContainerFleet> {
    const fleet = new ContainerFleet(harness, declarationKey, duplicateMessages, asynchronousTimeoutSeconds);
    fleet.idle.push(await fleet.newContainer(), await fleet.newContainer(), await fleet.newContainer());
    return fleet;
  }

  /** Invocations Lambda stopped at the function's timeout. */
  public timeouts = 0;
  public invocations = 0;
  private readonly containers: LambdaContainer[] = [];
  private readonly idle: LambdaContainer[] = [];

  private constructor(
    private readonly harness: OrganizationHarness,
    private readonly declarationKey: string,
    private readonly duplicateMessages: boolean,
    private readonly asynchronousTimeoutSeconds: number,
  ) {}

  /** An asynchronous invocation (CloudFormation's, EventBridge's): tried twice more when it fails, as Lambda does. */
  public async invokeAsynchronously(event: unknown): Promise<InvocationEnd> {
    let end = await this.invoke(await this.newContainer(this.asynchronousTimeoutSeconds), event);
    for (let retry = 0; retry < 2 && end.error !== undefined; retry++) {
      end = await this.invoke(await this.newContainer(this.asynchronousTimeoutSeconds), event);
    }
    return end;
  }

  /** An invocation with an SQS batch, by the event source mapping: a batch that failed or timed out comes back whole. */
  public readonly invokeWithBatch = async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const warm = this.idle.pop();
    const container = warm && !warm.dead ? warm : await this.newContainer();
    const end = await this.invoke(container, event);
    if (!container.dead) {
      this.idle.push(container);
    }
    if (end.error !== undefined || end.timedOut) {
      return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
    }
    return end.result as SqsBatchResponse;
  };

  public stop(): void {
    this.containers.forEach((container) => container.stop());
  }

  private async newContainer(functionTimeoutSeconds = FUNCTION_TIMEOUT_SECONDS): Promise<LambdaContainer> {
    const sink = {
      log: (fields: Record<string, unknown>) => this.harness.logs.push(fields),
      notification: (subject: string, message: string) => this.harness.notifications.push({ subject, message }),
    };
    const settings = { ...this.harness.settings(), duplicateMessages: this.duplicateMessages };
    const container = await LambdaContainer.start(settings, this.harness.declarations, sink, functionTimeoutSeconds);
    this.containers.push(container);
    return container;
  }

  private async invoke(container: LambdaContainer, event: unknown): Promise<InvocationEnd> {
    this.invocations++;
    const end = await container.invoke(event, { currentDeclarationKey: this.declarationKey });
    this.timeouts += end.timedOut ? 1 : 0;
    return end;
  }
}

/** What one run must hold whatever timed out, overlapped or came back. */
export interface RunExpectation {
  readonly runId: string;
  /** Every account in the run's scope. */
  readonly accounts: readonly string[];
  /** CloudFormation's answers to the run, when CloudFormation started it. @default not checked */
  readonly answers?: readonly CustomResourceResponse[];
  /** Whether every account must be APPLIED. @default false: none may fail, and the counts must add up */
  readonly allApplied?: boolean;
}

/**
 * What is wrong with a run's counting, as sentences (none when it is exact): the stored counts add up to its
 * accounts, none failed, one summary line with the same counts, one result line per account whose outcomes match
 * the counts (the metrics are built on them), and, when CloudFormation started it, one answer with the same counts.
 */
export async function runCountingProblems(harness: OrganizationHarness, expected: RunExpectation): Promise<string[]> {
  const problems: string[] = [];
  const total = expected.accounts.length;
  const run = await new RunStore(harness.dynamodb, harness.tableName).getRun(expected.runId);
  if (!run) {
    return [`run ${expected.runId} has no summary item`];
  }
  const counts = { applied: run.applied, unchanged: run.unchanged, failed: run.failed, excluded: run.excluded };
  const counted = run.applied + run.unchanged + run.failed + run.excluded;
  if (run.total !== total || counted !== total) {
    problems.push(`stored: ${counted} accounts counted of ${run.total} in scope, expected ${total}`);
  }
  if (run.failed > 0 || (expected.allApplied && run.applied !== total)) {
    problems.push(`stored: ${JSON.stringify(counts)}, expected ${expected.allApplied ? `all ${total} applied` : 'none failed'}`);
  }
  const summaries = harness.logged('run-complete').filter((line) => line.runId === expected.runId);
  if (summaries.length !== 1) {
    problems.push(`${summaries.length} summary lines, expected 1`);
  }
  for (const summary of summaries) {
    const said = { applied: summary.applied, unchanged: summary.unchanged, failed: summary.failed, excluded: summary.excluded };
    if (JSON.stringify(said) !== JSON.stringify(counts) || summary.accounts !== total) {
      problems.push(`the summary line says ${JSON.stringify({ accounts: summary.accounts, ...said })}, stored ${JSON.stringify(counts)}`);
    }
  }
  const lines = harness.logged('account').filter((line) => line.runId === expected.runId);
  const lineAccounts = lines.map((line) => String(line.accountId)).sort();
  if (JSON.stringify(lineAccounts) !== JSON.stringify([...expected.accounts].sort())) {
    problems.push(`${lines.length} result lines for ${new Set(lineAccounts).size} accounts, expected one for each of ${total}`);
  }
  const byOutcome = (outcome: string) => lines.filter((line) => line.outcome === outcome).length;
  if (byOutcome('APPLIED') !== run.applied || byOutcome('UNCHANGED') !== run.unchanged || byOutcome('FAILED') !== run.failed) {
    problems.push(
      `result lines: ${byOutcome('APPLIED')} applied, ${byOutcome('UNCHANGED')} unchanged, ${byOutcome('FAILED')} failed; stored ${JSON.stringify(counts)}`,
    );
  }
  if (expected.answers !== undefined) {
    const distinct = new Set(expected.answers.map((answer) => JSON.stringify(answer)));
    const data = expected.answers[0]?.Data ?? {};
    const answered = [data.Status, data.Accounts, data.Applied, data.Unchanged, data.Failed];
    const stored = ['COMPLETE', total, run.applied, run.unchanged, run.failed].map(String);
    if (distinct.size !== 1 || expected.answers[0].Status !== 'SUCCESS' || JSON.stringify(answered) !== JSON.stringify(stored)) {
      problems.push(`${distinct.size} distinct answers, the first ${JSON.stringify(expected.answers[0] ?? null)}; expected SUCCESS with ${stored}`);
    }
  }
  return problems;
}

/** The accounts whose alternate contact of `contactType` does not hold `members` (the API's member names). */
export function accountsNotHolding(
  harness: OrganizationHarness,
  accounts: readonly string[],
  contactType: string,
  members: Record<string, string>,
): string[] {
  return accounts.filter((accountId) => {
    const stored = harness.accountServer.alternateContact(accountId, contactType) ?? {};
    return Object.entries(members).some(([name, value]) => stored[name] !== value);
  });
}

/** Successful `PutAlternateContact` calls of one contact type. */
export function writesOf(harness: OrganizationHarness, contactType: string): number {
  return harness.accountServer.requests.filter(
    (request) => request.operation === 'PutAlternateContact' && request.status === 200 && request.alternateContactType === contactType,
  ).length;
}

/** A deployment's responses as CloudFormation's recorder received them. */
export function answersOf(recorder: ResponseRecorder): CustomResourceResponse[] {
  return recorder.responses as unknown as CustomResourceResponse[];
}
