/**
 * The bundled organization function (assets/organization/organization-contacts.lambda/index.js) end to end: its
 * clients come from the environment (AWS_ENDPOINT_URL_* pointing at moto_server and the local Account API
 * server), it reads the declaration from S3, and is invoked as CloudFormation, the SQS event source and
 * EventBridge invoke it.
 */
import * as path from 'path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { localClientConfig } from '../support/clients';
import { BILLING, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { addMotoAccount } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer, localAwsEnvironment, useMotoServer } from '../support/moto-server';
import { OrganizationHarness } from '../support/organization-harness';
import { ResponseRecorder } from '../support/response-recorder';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'organization', 'organization-contacts.lambda', 'index.js');
const DECLARATION_KEY = '0123abcd.json';

const motoFixture = useMotoServer();
let moto: MotoServer;
let recorder: ResponseRecorder;
let harness: OrganizationHarness;
let handler: (event: unknown, context: unknown) => Promise<unknown>;
let consoleLines: string[];
const lambdaContext = {
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${MOTO_ACCOUNT_ID}:function:organization`,
  logStreamName: 'stream',
  // Lambda's deadline: write leases last until it.
  getRemainingTimeInMillis: jest.fn(() => 900_000),
};
const ENDPOINT_VARIABLES = ['ORGANIZATIONS', 'SQS', 'DYNAMODB', 'S3', 'SNS', 'SSM', 'ACCOUNT'].map((service) => `AWS_ENDPOINT_URL_${service}`);

beforeAll(async () => {
  moto = motoFixture.server;
  recorder = await ResponseRecorder.start();
  harness = await OrganizationHarness.start(moto);
  const s3 = new S3Client(localClientConfig(moto.endpoint));
  await s3.send(new CreateBucketCommand({ Bucket: 'assets' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'assets',
      Key: DECLARATION_KEY,
      Body: JSON.stringify(organizationDeclaration()),
    }),
  );
  Object.assign(
    process.env,
    localAwsEnvironment({
      ORGANIZATIONS: moto.endpoint,
      SQS: moto.endpoint,
      DYNAMODB: moto.endpoint,
      S3: moto.endpoint,
      SSM: moto.endpoint,
      ACCOUNT: harness.accountServer.endpoint,
    }),
    {
      RESULTS_TABLE_NAME: harness.tableName,
      WORK_QUEUE_URL: harness.queueUrl,
      DECLARATION_BUCKET: 'assets',
      DECLARATION_KEY,
      WORKER_RATES: JSON.stringify({ PutAlternateContact: { perSecond: 50, burst: 10 } }),
      CONSTRUCT_PATH: 'Stack/OrganizationContacts',
    },
  );
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
});
afterAll(async () => {
  await harness.stop();
  await recorder.stop();
  ENDPOINT_VARIABLES.forEach((name) => delete process.env[name]);
});
beforeEach(() => {
  consoleLines = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => void consoleLines.push(line));
});
afterEach(() => jest.restoreAllMocks());

const logLines = () => consoleLines.map((line) => JSON.parse(line) as Record<string, unknown>);
const invoke = async (event: unknown) => handler(event, lambdaContext) as Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
const drain = (until: () => boolean) => harness.drain({ concurrency: 2, invoke, until });

test('a CloudFormation Create applies every account through the queue and is answered when the last account is recorded', async () => {
  const organization = await harness.buildOrganization(3);
  await handler(
    {
      RequestType: 'Create',
      ServiceToken: 'arn',
      ResponseURL: recorder.url,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/OrganizationStack/0a3c6d10-0000-11ef-8000-0123456789ab',
      RequestId: 'request-1',
      LogicalResourceId: 'OrganizationContacts',
      ResourceType: 'Custom::OrganizationContacts',
      ResourceProperties: {
        ConstructPath: 'Stack/OrganizationContacts',
        DeclarationKey: DECLARATION_KEY,
        WaitSeconds: '600',
        FailOnAccountErrors: 'true',
        RemovalPolicy: 'RETAIN',
      },
    },
    lambdaContext,
  );
  await drain(() => recorder.responses.length === 1);

  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Accounts: '4', Applied: '4', Failed: '0', Pending: '0' } });
  // Each invocation reads its deadline once, for its write leases.
  expect(lambdaContext.getRemainingTimeInMillis).toHaveBeenCalled();
  for (const accountId of [MOTO_ACCOUNT_ID, ...organization.memberAccountIds]) {
    expect(harness.accountServer.alternateContact(accountId, 'SECURITY')).toMatchObject(apiMembers(SECURITY));
    expect(harness.accountServer.alternateContact(accountId, 'BILLING')).toMatchObject(apiMembers(BILLING));
  }
  // One structured line per account, which is also a CloudWatch embedded-metric data point; no contact in any line.
  const accountLines = logLines().filter((line) => line.event === 'account');
  expect(accountLines).toHaveLength(4);
  expect(accountLines[0]).toMatchObject({
    _aws: { CloudWatchMetrics: [{ Namespace: 'CdkAccountContacts', Dimensions: [['OrganizationContacts']] }] },
    OrganizationContacts: 'Stack/OrganizationContacts',
    AccountsApplied: 1,
    AccountsFailed: 0,
  });
  const everything = consoleLines.join('\n');
  for (const value of [SECURITY.emailAddress, BILLING.emailAddress, SECURITY.phoneNumber, SECURITY.name]) {
    expect(everything).not.toContain(value);
  }
});

test('a new account created in the organization is applied when its event arrives', async () => {
  const { accountId: newAccount } = await addMotoAccount(harness.organizations, 'new');
  harness.accountServer.memberAccountIds.add(newAccount);
  const putsBefore = harness.accountServer.count('PutAlternateContact');

  await invoke({
    id: 'event-7',
    source: 'aws.organizations',
    'detail-type': 'AWS Service Event via CloudTrail',
    detail: { eventName: 'CreateAccountResult', serviceEventDetails: { createAccountStatus: { state: 'SUCCEEDED', accountId: newAccount } } },
  });
  await drain(() => logLines().some((line) => line.event === 'run-complete'));

  expect(harness.accountServer.alternateContact(newAccount, 'SECURITY')).toMatchObject(apiMembers(SECURITY));
  // Only the new account was written: two types.
  expect(harness.accountServer.count('PutAlternateContact') - putsBefore).toBe(2);
  expect(logLines().find((line) => line.event === 'run-complete')).toMatchObject({ trigger: 'NEW_ACCOUNT', accounts: 1, applied: 1 });
});
