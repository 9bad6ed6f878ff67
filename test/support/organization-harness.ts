/**
 * Everything the organization handler talks to, on 127.0.0.1: moto_server for Organizations (an organization
 * with nested organizational units, built with real Organizations calls), SQS (the work queue) and DynamoDB (the
 * results table); our local Account API server for the Account Management API (contact information,
 * validation, rate limits, faults, membership). A consumer loop plays Lambda's SQS event source: it receives
 * batches with the real SQS client, invokes the handler with an SQS event and deletes what the handler did not
 * report as failed, with a bounded number of concurrent "invocations".
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AccountApiServer, RateLimit } from './account-api-server';
import { localClientConfig, organizationsClient } from './clients';
import { BuiltOrganization, UnitLayout, buildMotoOrganization } from './moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer, useMotoServer } from './moto-server';
import { ResponseRecorder } from './response-recorder';
import { RunContextSettings, buildRunContext } from './run-context-config';
import { StrictDynamoDB } from './strict-dynamodb';
import { ContactParameterNames } from '../../src/contacts/contact-parameters';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { OrganizationHandlerOptions, SqsBatchResponse, handleOrganizationEvent } from '../../src/organization/organization-handler';
import { OrganizationRunContext } from '../../src/organization/run-context';
import { CustomResourceEvent } from '../../src/runtime/cloudformation-custom-resource';
import { LogFields } from '../../src/runtime/log';
import { RateLimiter } from '../../src/runtime/rate-limiter';

export interface HarnessOptions {
  /** The Account API server's rate limits per operation. @default none */
  readonly rateLimits?: Record<string, RateLimit>;
}

/** How to play the SQS event source. */
export interface DrainOptions {
  /** Concurrent consumers. @default 2 */
  readonly concurrency?: number;
  /** The consumers' container contexts. @default one fresh context per consumer */
  readonly contexts?: OrganizationRunContext[];
  readonly handlerOptions?: Partial<OrganizationHandlerOptions>;
  /** Invokes "the function" with an SQS event. @default handleOrganizationEvent with the consumer's context */
  readonly invoke?: (event: { Records: Array<{ messageId: string; body: string; eventSource: string }> }) => Promise<SqsBatchResponse>;
  /** Messages per invocation, gathered from several receives as Lambda's batching window does. @default 10 */
  readonly batchSize?: number;
  /**
   * Visibility timeout of received messages. @default 1200, the construct's queue: longer than the function's 15
   * minutes, so that no message is delivered again while a worker still works on it (a shorter one made the
   * benchmark write 30 contacts twice).
   */
  readonly visibilityTimeoutSeconds?: number;
  /** Stops when this holds and no consumer is busy. @default every started run is complete */
  readonly until?: () => boolean;
  readonly timeoutMs?: number;
}

let tableCounter = 0;

/** One test's world: moto (Organizations, SQS, DynamoDB), the Account API server, a queue and a table. */
export class OrganizationHarness {
  public static async start(moto: MotoServer, options: HarnessOptions = {}): Promise<OrganizationHarness> {
    const accountServer = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, rateLimits: options.rateLimits });
    const harness = new OrganizationHarness(moto, accountServer, await StrictDynamoDB.start(moto.endpoint));
    harness.queueUrl = (await harness.sqs.send(new CreateQueueCommand({ QueueName: `work-${process.pid}-${tableCounter}` }))).QueueUrl!;
    harness.tableName = `results-${process.pid}-${tableCounter++}`;
    await harness.dynamodb.send(
      new CreateTableCommand({
        TableName: harness.tableName,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return harness;
  }

  public readonly organizations: OrganizationsClient;
  public readonly sqs: SQSClient;
  public readonly dynamodb: DynamoDBClient;
  public queueUrl = '';
  public tableName = '';
  public readonly logs: LogFields[] = [];
  public readonly notifications: Array<{ subject: string; message: string }> = [];
  /** What outside-change notifications said. */
  public readonly outsideChangeNotifications: Array<{ subject: string; message: string }> = [];
  /** Whether contexts keep snapshots before the first write (the construct's ContactRemoval.RESTORE_PREVIOUS). */
  public restorePreviousContacts = false;
  /** Whether containers read member accounts' primary emails (`runs.checkPrimaryEmail`). @default false */
  public checkPrimaryEmail = false;
  /** Where containers call Organizations: a strict front in front of moto. @default moto itself */
  public organizationsEndpoint?: string;
  /** The default contacts' SSM parameters (in moto's SSM) that containers read, as the function does. @default none */
  public contactParameterNames?: ContactParameterNames;
  /** The function's role, as the deployed function knows it (ROLE_ARN). */
  public readonly ownRoleArn = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/Stack-OrganizationContactsRole-ABC123`;
  public readonly declarations = new Map<string, OrganizationDeclaration>();
  /** Handler invocations with an SQS batch, and the most that ran at once. */
  public invocations = 0;
  public peakConcurrency = 0;

  private constructor(
    public readonly moto: MotoServer,
    public readonly accountServer: AccountApiServer,
    /** DynamoDB as strict as AWS about request sizes, in front of moto. */
    public readonly strictDynamoDB: StrictDynamoDB,
  ) {
    this.organizations = organizationsClient(moto.endpoint);
    this.sqs = new SQSClient(localClientConfig(moto.endpoint));
    this.dynamodb = new DynamoDBClient(localClientConfig(strictDynamoDB.endpoint));
  }

  public async stop(): Promise<void> {
    await this.accountServer.stop();
    await this.strictDynamoDB.stop();
  }

  /** Builds the organization in moto and tells the Account API server which accounts are members. */
  public async buildOrganization(rootAccounts: number, units: UnitLayout[] = [], trustedAccess = true): Promise<BuiltOrganization> {
    const built = await buildMotoOrganization(this.organizations, rootAccounts, units, trustedAccess);
    built.memberAccountIds.forEach((accountId) => this.accountServer.memberAccountIds.add(accountId));
    return built;
  }

  /**
   * A run context of one "Lambda container": its own rate limiter (the rates given are this container's share).
   */
  public context(
    options: { rates?: ConstructorParameters<typeof RateLimiter>[0]; respond?: OrganizationRunContext['respond'] } = {},
  ): OrganizationRunContext {
    return buildRunContext(this.settings(), {
      declaration: (key) => this.declarations.get(key),
      log: (fields) => {
        this.logs.push(fields);
      },
      notifyFailures: async (subject, message) => {
        this.notifications.push({ subject, message });
      },
      notifyOutsideChange: async (subject, message) => {
        this.outsideChangeNotifications.push({ subject, message });
      },
      respond: options.respond,
      rates: options.rates,
    });
  }

  /** What a container of this harness is given. */
  public settings(): RunContextSettings {
    return {
      motoEndpoint: this.moto.endpoint,
      dynamodbEndpoint: this.strictDynamoDB.endpoint,
      accountEndpoint: this.accountServer.endpoint,
      tableName: this.tableName,
      queueUrl: this.queueUrl,
      ownRoleArn: this.ownRoleArn,
      restorePreviousContacts: this.restorePreviousContacts,
      contactParameterNames: this.contactParameterNames,
      organizationsEndpoint: this.organizationsEndpoint,
      checkPrimaryEmail: this.checkPrimaryEmail,
    };
  }

  /**
   * Plays the SQS event source until the queue is empty (nothing visible, in flight or delayed): `concurrency`
   * consumers, each with its own container context, receive up to 10 messages and invoke the handler.
   */
  public async drain(options: DrainOptions = {}): Promise<void> {
    const concurrency = options.concurrency ?? 2;
    const contexts = options.contexts ?? Array.from({ length: concurrency }, () => this.context());
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    let busy = 0;
    const consumer = async (context: OrganizationRunContext) => {
      for (;;) {
        if (Date.now() > deadline) {
          throw new Error('the work queue did not drain in time');
        }
        const messages: Message[] = [];
        while (messages.length < (options.batchSize ?? 10)) {
          const received = await this.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: this.queueUrl,
              MaxNumberOfMessages: Math.min(10, (options.batchSize ?? 10) - messages.length),
              VisibilityTimeout: options.visibilityTimeoutSeconds ?? 1200,
            }),
          );
          messages.push(...(received.Messages ?? []));
          if ((received.Messages ?? []).length === 0) {
            break;
          }
        }
        if (messages.length === 0) {
          if (busy === 0 && ((options.until ?? this.runsComplete)() || (await this.queueIsEmpty()))) {
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        busy++;
        this.invocations++;
        this.peakConcurrency = Math.max(this.peakConcurrency, busy);
        try {
          const event = { Records: messages.map((message) => ({ messageId: message.MessageId!, body: message.Body!, eventSource: 'aws:sqs' })) };
          const response = options.invoke
            ? await options.invoke(event)
            : ((await handleOrganizationEvent(event, context, { currentDeclarationKey: 'unused', ...options.handlerOptions })) as SqsBatchResponse);
          const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
          const done = messages.filter((message) => !failed.has(message.MessageId!));
          for (let start = 0; start < done.length; start += 10) {
            await this.sqs.send(
              new DeleteMessageBatchCommand({
                QueueUrl: this.queueUrl,
                Entries: done.slice(start, start + 10).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
              }),
            );
          }
        } finally {
          busy--;
        }
      }
    };
    await Promise.all(contexts.map(consumer));
  }

  /**
   * Whether every run started so far has completed. A completed run may leave its delayed deadline message in
   * the queue (SQS drops it when it comes due): waiting for an empty queue would wait for that delay.
   */
  public readonly runsComplete = (): boolean => {
    const started = new Set(this.logged('run-started').map((line) => line.runId));
    const complete = new Set(this.logged('run-complete').map((line) => line.runId));
    return started.size > 0 && [...started].every((runId) => complete.has(runId));
  };

  /** The logged lines of one event kind. */
  public logged(event: string): LogFields[] {
    return this.logs.filter((line) => line.event === event);
  }

  private async queueIsEmpty(): Promise<boolean> {
    const attributes =
      (
        await this.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: this.queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
          }),
        )
      ).Attributes ?? {};
    return Object.values(attributes).every((value) => value === '0');
  }
}

/** A harness per test (on a moto_server reset per test) and a CloudFormation response recorder per file. */
export interface OrganizationFixture {
  readonly harness: OrganizationHarness;
  readonly recorder: ResponseRecorder;
}

/**
 * Registers the hooks: moto_server (reset each test), a response recorder for the file (cleared each test), and a
 * harness started before and stopped after each test. Read `fixture.harness` inside tests and hooks.
 */
export function useOrganizationHarness(): OrganizationFixture {
  const moto = useMotoServer({ resetEachTest: true });
  const fixture: { harness?: OrganizationHarness; recorder?: ResponseRecorder } = {};
  beforeAll(async () => {
    fixture.recorder = await ResponseRecorder.start();
  });
  afterAll(async () => fixture.recorder?.stop());
  beforeEach(async () => {
    fixture.recorder!.clear();
    fixture.harness = await OrganizationHarness.start(moto.server);
  });
  afterEach(async () => fixture.harness?.stop());
  return fixture as OrganizationFixture;
}

/** A CloudFormation request for the organization resource, answered to `responseUrl`. */
export function organizationResourceEvent(
  responseUrl: string,
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, string>,
  physicalResourceId?: string,
): CustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
    RequestId: `request-${requestType}-${Math.random().toString(16).slice(2)}`,
    LogicalResourceId: 'OrganizationContacts',
    ResourceType: 'Custom::OrganizationContacts',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: {
      ConstructPath: 'Stack/OrganizationContacts',
      WaitSeconds: '600',
      FailOnAccountErrors: 'true',
      RemovalPolicy: 'RETAIN',
      ...properties,
    },
  };
}
