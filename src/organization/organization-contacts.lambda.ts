/**
 * Lambda entry point of `OrganizationContacts`: builds the clients from the environment and hands the event to
 * the handler. It logs no request body: the declaration (personal data) is read from S3 and never logged.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SqsBatchResponse, handleOrganizationEvent } from './organization-handler';
import { OrganizationRunContext } from './run-context';
import { RunStore } from './run-store';
import { SnapshotStore } from './snapshot-store';
import { WorkQueue } from './work-queue';
import { OperationRate } from '../contacts/api-quotas';
import { ContactParameterNames } from '../contacts/contact-parameters';
import { OrganizationDeclaration } from '../contacts/organization-declaration';
import { ORGANIZATION_ENVIRONMENT } from '../protocol/organization-resource';
import { ACCOUNT_CLIENT_REQUEST_HANDLER, AccountContactsApi } from '../runtime/account-api';
import { contactParameterReader } from '../runtime/contact-parameter-reader';
import { OrganizationDirectory } from '../runtime/organization-directory';
import { RateLimiter } from '../runtime/rate-limiter';
import { ResourceClaims } from '../runtime/resource-claims';

function environment(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

// Clients and the rate limiter live as long as the container: the limiter's buckets span invocations.
// The SDK's own retries are off for the Account and Organizations APIs: the library retries with backoff and jitter.
// Socket timeouts: a hung connection fails an attempt in seconds and is retried, instead of holding a worker.
const accountClient = new AccountClient({ maxAttempts: 1, requestHandler: ACCOUNT_CLIENT_REQUEST_HANDLER });
const organizationsClient = new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1, requestHandler: ACCOUNT_CLIENT_REQUEST_HANDLER });
const dynamodb = new DynamoDBClient({});
const sqs = new SQSClient({});
const s3 = new S3Client({});
const sns = new SNSClient({});
const ssm = new SSMClient({ maxAttempts: 1, requestHandler: ACCOUNT_CLIENT_REQUEST_HANDLER });
const claims = new ResourceClaims(ssm);
const readParameter = contactParameterReader(ssm);
const rateLimiter = new RateLimiter(JSON.parse(process.env[ORGANIZATION_ENVIRONMENT.WORKER_RATES] ?? '{}') as Record<string, OperationRate>);
const declarations = new Map<string, Promise<OrganizationDeclaration>>();

function loadDeclaration(key: string): Promise<OrganizationDeclaration> {
  let declaration = declarations.get(key);
  if (!declaration) {
    declaration = s3
      .send(new GetObjectCommand({ Bucket: environment(ORGANIZATION_ENVIRONMENT.DECLARATION_BUCKET), Key: key }))
      .then(async (object) => JSON.parse(await object.Body!.transformToString()) as OrganizationDeclaration);
    declaration.catch(() => declarations.delete(key));
    declarations.set(key, declaration);
  }
  return declaration;
}

export async function handler(
  event: unknown,
  context: { invokedFunctionArn: string; logStreamName?: string; getRemainingTimeInMillis?: () => number },
): Promise<SqsBatchResponse | void> {
  const ownAccountId = context.invokedFunctionArn.split(':')[4];
  const tableName = environment(ORGANIZATION_ENVIRONMENT.TABLE_NAME);
  const topicArn = process.env[ORGANIZATION_ENVIRONMENT.FAILURE_TOPIC_ARN];
  const outsideChangeTopicArn = process.env[ORGANIZATION_ENVIRONMENT.OUTSIDE_CHANGE_TOPIC_ARN];
  const publish = (arn: string) => async (subject: string, message: string) => {
    await sns.send(new PublishCommand({ TopicArn: arn, Subject: subject, Message: message }));
  };
  const runContext: OrganizationRunContext = {
    ownAccountId,
    directory: new OrganizationDirectory(organizationsClient),
    api: new AccountContactsApi(accountClient, { callerAccountId: ownAccountId, rateLimiter }),
    store: new RunStore(dynamodb, tableName, Number(process.env[ORGANIZATION_ENVIRONMENT.RESULT_RETENTION_DAYS] ?? 90)),
    queue: new WorkQueue(sqs, environment(ORGANIZATION_ENVIRONMENT.QUEUE_URL)),
    loadDeclaration,
    resultsLocation: `DynamoDB table ${tableName}`,
    notifyFailures: topicArn ? publish(topicArn) : undefined,
    notifyOutsideChange: outsideChangeTopicArn ? publish(outsideChangeTopicArn) : undefined,
    ownRoleArn: process.env[ORGANIZATION_ENVIRONMENT.ROLE_ARN],
    snapshots: process.env[ORGANIZATION_ENVIRONMENT.RESTORE_SNAPSHOTS] === 'true' ? new SnapshotStore(dynamodb, tableName) : undefined,
    metricNamespace: process.env[ORGANIZATION_ENVIRONMENT.METRIC_NAMESPACE],
    constructPath: process.env[ORGANIZATION_ENVIRONMENT.CONSTRUCT_PATH] ?? 'OrganizationContacts',
    // Names only: the values are read per invocation, so a new parameter version is applied by the next run.
    contactParameters: process.env[ORGANIZATION_ENVIRONMENT.CONTACT_PARAMETERS]
      ? { names: JSON.parse(process.env[ORGANIZATION_ENVIRONMENT.CONTACT_PARAMETERS]!) as ContactParameterNames, read: readParameter }
      : undefined,
    // A write lease lasts as long as this invocation can: a worker that is still running never loses it.
    invocationEndsAt: context.getRemainingTimeInMillis ? Date.now() + context.getRemainingTimeInMillis() : undefined,
    checkPrimaryEmail: process.env[ORGANIZATION_ENVIRONMENT.CHECK_PRIMARY_EMAIL] === '1',
  };
  return handleOrganizationEvent(event, runContext, {
    currentDeclarationKey: environment(ORGANIZATION_ENVIRONMENT.DECLARATION_KEY),
    logStreamName: context.logStreamName,
    claims,
    outsideChangeAction: process.env[ORGANIZATION_ENVIRONMENT.OUTSIDE_CHANGE_ACTION] === 'NOTIFY' ? 'NOTIFY' : 'RESTORE',
    dryRun: process.env[ORGANIZATION_ENVIRONMENT.DRY_RUN] === 'true',
  });
}
