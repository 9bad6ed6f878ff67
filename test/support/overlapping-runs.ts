/**
 * Two organization runs that read different versions of a default contact's SSM parameter, overlapping under
 * Lambda's real timing (scaled-timing.ts): a deployment reads version 1 of the security contact's parameter; while
 * its workers run, a second version is stored and its change event starts a second run. Half of the first run's
 * messages reach a worker only once the second run has counted three quarters of its accounts (SQS delivers them
 * late), so the older run meets accounts the newer run has applied or is applying (src/organization/account-version-fence.ts). Shared by
 * test/organization/run-timing-parameters.test.ts and bench/run-timing.ts.
 */
import { ChangeMessageVisibilityCommand, Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { localClientConfig } from './clients';
import { OPERATIONS, SECURITY, apiMembers } from './contacts-fixtures';
import { MOTO_ACCOUNT_ID } from './moto-server';
import { OrganizationHarness, organizationResourceEvent } from './organization-harness';
import { ResponseRecorder } from './response-recorder';
import { ContainerFleet, VISIBILITY_TIMEOUT_SECONDS, accountsNotHolding, answersOf, runCountingProblems, slowApi, writesOf } from './scaled-timing';
import { RunStore } from '../../src/organization/run-store';
import { PARAMETER_CHANGE_DETAIL_TYPE } from '../../src/protocol/resource-properties';

const KEY = 'from-parameter.json';
const PARAMETER = '/contacts/security';
export const SECURITY_VERSION_TWO = { ...SECURITY, name: 'Security Version Two', emailAddress: 'security-two@example.com' };
/** SQS's longest visibility timeout: the older run's late half stays out of reach until released. */
const HELD_SECONDS = 43_200;
/** The share of its accounts the newer run has counted when the older run's late half arrives. */
const RELEASED_AT = 0.75;

export interface OverlappingRunsOptions {
  readonly memberAccounts: number;
  /** Every message reaches the queue twice. */
  readonly duplicateMessages: boolean;
  /** Share of Account API calls that take 4 to 6 s: an account with two of them outlasts the function's timeout. @default 0.2 */
  readonly slowShare?: number;
  /** Messages per invocation (10 accounts each). @default 2 */
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  /** The function timeout of the coordinators' invocations (ContainerFleet.start). @default 7.5 s, as the workers' */
  readonly coordinatorTimeoutSeconds?: number;
}

/** What was played: the two runs, and what they cost. */
export interface OverlappingRuns {
  readonly accounts: string[];
  readonly olderRunId: string;
  readonly newerRunId: string;
  readonly seconds: number;
  readonly invocations: number;
  /** Invocations Lambda stopped at the function's timeout. */
  readonly timeouts: number;
  /** DynamoDB requests by operation and item kind (StrictDynamoDB.calls) over both runs. */
  readonly dynamodbCalls: Record<string, number>;
}

export async function playOverlappingRuns(
  harness: OrganizationHarness,
  recorder: ResponseRecorder,
  options: OverlappingRunsOptions,
): Promise<OverlappingRuns> {
  const started = Date.now();
  const organization = await harness.buildOrganization(options.memberAccounts);
  const accounts = [MOTO_ACCOUNT_ID, ...organization.memberAccountIds];
  const ssm = new SSMClient(localClientConfig(harness.moto.endpoint));
  const storeVersion = (contact: typeof SECURITY) =>
    ssm.send(new PutParameterCommand({ Name: PARAMETER, Value: JSON.stringify(contact), Type: 'SecureString', Overwrite: true }));
  await storeVersion(SECURITY);
  harness.contactParameterNames = { security: PARAMETER };
  harness.declarations.set(KEY, {
    version: 1,
    constructPath: 'Stack/OrganizationContacts',
    defaults: { operations: OPERATIONS },
    defaultsFromParameters: ['security'],
    excludeAccountIds: [],
    organizationalUnitOverrides: [],
    accountOverrides: [],
  });
  slowApi(harness, options.slowShare ?? 0.2, options.duplicateMessages ? 17 : 13, [4, 6]);

  const fleet = await ContainerFleet.start(harness, KEY, options.duplicateMessages, options.coordinatorTimeoutSeconds);
  const deployment = organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: KEY, WaitSeconds: '3600' });
  const change = {
    id: 'version-two',
    source: 'aws.ssm',
    'detail-type': PARAMETER_CHANGE_DETAIL_TYPE,
    detail: { name: PARAMETER, operation: 'Update' },
  };
  const newerRunId = `parameter-changed-${change.id}`;
  let drained = false;
  let released: Promise<void> = Promise.resolve();
  try {
    await fleet.invokeAsynchronously(deployment);
    // The older run's late half: delivered once the newer run has counted most of its accounts.
    const held = await holdLaterHalf(harness);
    released = releaseWhenCounted(harness, newerRunId, accounts.length, held, () => drained);
    let changed = false;
    await harness.drain({
      contexts: [harness.context(), harness.context(), harness.context()],
      concurrency: 3,
      batchSize: options.batchSize ?? 2,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      timeoutMs: options.timeoutMs ?? 540_000,
      until: () =>
        recorder.responses.length > 0 &&
        [deployment.RequestId, newerRunId].every((runId) => harness.logged('run-complete').some((line) => line.runId === runId)),
      invoke: async (event) => {
        const response = await fleet.invokeWithBatch(event);
        if (!changed) {
          // After the first batch of the older run: version 2 is stored, and its change event starts the newer run.
          changed = true;
          await storeVersion(SECURITY_VERSION_TWO);
          await fleet.invokeAsynchronously(change);
        }
        return response;
      },
    });
    return {
      accounts,
      olderRunId: deployment.RequestId,
      newerRunId,
      seconds: (Date.now() - started) / 1000,
      invocations: fleet.invocations,
      timeouts: fleet.timeouts,
      dynamodbCalls: { ...harness.strictDynamoDB.calls },
    };
  } finally {
    drained = true;
    await released;
    fleet.stop();
  }
}

/** Takes the later half of the queued work (every copy of it) out of reach: every visible message is received, and those of the first half made visible again. */
async function holdLaterHalf(harness: OrganizationHarness): Promise<Message[]> {
  const received: Message[] = [];
  for (;;) {
    const answer = await harness.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: harness.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: HELD_SECONDS }),
    );
    if ((answer.Messages ?? []).length === 0) {
      break;
    }
    received.push(...answer.Messages!);
  }
  const bodies = [...new Set(received.map((message) => message.Body!))];
  const onTime = new Set(bodies.slice(0, Math.ceil(bodies.length / 2)));
  await makeVisible(
    harness,
    received.filter((message) => onTime.has(message.Body!)),
  );
  return received.filter((message) => !onTime.has(message.Body!));
}

async function makeVisible(harness: OrganizationHarness, messages: Message[]): Promise<void> {
  for (const message of messages) {
    await harness.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: harness.queueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }),
    );
  }
}

/**
 * Delivers the held messages once the run `runId` has counted RELEASED_AT of its accounts: late for the older run,
 * while the newer one still works on its last accounts. Resolves when released, or when `stopped` says so.
 */
async function releaseWhenCounted(
  harness: OrganizationHarness,
  runId: string,
  accounts: number,
  held: Message[],
  stopped: () => boolean,
): Promise<void> {
  const store = new RunStore(harness.dynamodb, harness.tableName);
  while (!stopped()) {
    const run = await store.getRun(runId);
    if (run && run.applied + run.unchanged + run.failed + run.excluded >= RELEASED_AT * accounts) {
      await makeVisible(harness, held);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * What is wrong after two overlapping runs (none when all holds): both runs count exactly; the newer run applies
 * every account; the older one fails none and applies or leaves each (an account it leaves says why); every account
 * ends with the newer version; OPERATIONS (no parameter) is written once per account; the security contact at most
 * twice (the older version first, then the newer).
 */
export async function overlappingRunsProblems(harness: OrganizationHarness, recorder: ResponseRecorder, played: OverlappingRuns): Promise<string[]> {
  const { accounts } = played;
  const problems = [
    ...(await runCountingProblems(harness, { runId: played.olderRunId, accounts, answers: answersOf(recorder) })).map(
      (problem) => `older run: ${problem}`,
    ),
    ...(await runCountingProblems(harness, { runId: played.newerRunId, accounts, allApplied: true })).map((problem) => `newer run: ${problem}`),
  ];
  const olderLines = harness.logged('account').filter((line) => line.runId === played.olderRunId);
  const left = olderLines.filter((line) => line.outcome === 'UNCHANGED');
  const unexplained = left.filter(
    (line) => !String((line.warnings as string[] | undefined)?.[0]).startsWith(`left to a newer run: ${PARAMETER} version 2`),
  );
  if (left.length === 0 || unexplained.length > 0) {
    problems.push(
      `older run: ${left.length} accounts left to the newer run, ${unexplained.length} of them without saying why (expected some, each explained)`,
    );
  }
  const stale = accountsNotHolding(harness, accounts, 'SECURITY', apiMembers(SECURITY_VERSION_TWO));
  if (stale.length > 0) {
    problems.push(`${stale.length} accounts do not hold the newer security contact`);
  }
  if (accountsNotHolding(harness, accounts, 'OPERATIONS', apiMembers(OPERATIONS)).length > 0) {
    problems.push('some accounts do not hold the operations contact');
  }
  const applied = olderLines.filter((line) => line.outcome === 'APPLIED').length;
  const securityWrites = writesOf(harness, 'SECURITY');
  if (securityWrites < accounts.length + applied || securityWrites > 2 * accounts.length) {
    problems.push(`${securityWrites} security writes, expected ${accounts.length + applied} to ${2 * accounts.length}`);
  }
  if (writesOf(harness, 'OPERATIONS') !== accounts.length) {
    problems.push(`${writesOf(harness, 'OPERATIONS')} operations writes, expected ${accounts.length}`);
  }
  if (harness.notifications.length > 0) {
    problems.push(`${harness.notifications.length} failure notifications: ${harness.notifications.map((notice) => notice.subject).join('; ')}`);
  }
  return problems;
}

/** Fence requests (taken, given back, read when refused) per account and run. */
export function fenceCallsPerAccountAndRun(played: OverlappingRuns): number {
  const fenceCalls = Object.entries(played.dynamodbCalls)
    .filter(([call]) => call.endsWith(' FENCE'))
    .reduce((sum, [, count]) => sum + count, 0);
  return fenceCalls / (2 * played.accounts.length);
}
