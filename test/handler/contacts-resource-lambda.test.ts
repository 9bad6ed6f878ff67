/**
 * The CloudFormation custom resource contract, end to end through the bundled Lambda code
 * (assets/handler/contacts-resource.lambda/index.js, built by `projen bundle`): a CloudFormation request in, the
 * response PUT to the pre-signed ResponseURL (a local HTTP server here), the Account API on the local server.
 */
import * as net from 'net';
import { AddressInfo } from 'net';
import * as path from 'path';
import { AccountApiServer } from '../support/account-api-server';
import { SECURITY, apiMembers } from '../support/contacts-fixtures';
import { localAwsEnvironment, useMotoServer } from '../support/moto-server';
import { ResponseRecorder } from '../support/response-recorder';

const OWN_ACCOUNT = '111111111111';
const MEMBER = '222222222222';
const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'handler', 'contacts-resource.lambda', 'index.js');

let api: AccountApiServer;
// SSM Parameter Store, where the function records which resources declare a contact.
const moto = useMotoServer({ accountId: OWN_ACCOUNT });
let recorder: ResponseRecorder;
let handler: (event: unknown, context: unknown) => Promise<void>;
let consoleLines: string[];

beforeAll(async () => {
  api = await AccountApiServer.start({ callerAccountId: OWN_ACCOUNT, memberAccountIds: [MEMBER] });
  recorder = await ResponseRecorder.start();
  Object.assign(process.env, localAwsEnvironment({ ACCOUNT: api.endpoint, SSM: moto.endpoint }));
  jest.isolateModules(() => {
    // The bundle is loaded after the environment is set: its AWS client is built when the module loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
});
afterAll(async () => {
  await api.stop();
  delete process.env.AWS_ENDPOINT_URL_SSM;
  await recorder.stop();
  delete process.env.AWS_ENDPOINT_URL_ACCOUNT;
});
beforeEach(() => {
  recorder.clear();
  consoleLines = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => void consoleLines.push(line));
});
afterEach(() => jest.restoreAllMocks());

const lambdaContext = { invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN_ACCOUNT}:function:contacts`, logStreamName: '2026/11/23/[$LATEST]abc' };

function cloudFormationRequest(requestType: string, properties: Record<string, unknown>, physicalResourceId?: string) {
  return {
    RequestType: requestType,
    ServiceToken: lambdaContext.invokedFunctionArn,
    ResponseURL: `${recorder.urlFor('/cloudformation-response')}?X-Amz-Signature=abc`,
    StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/contacts/guid',
    RequestId: `request-${requestType}`,
    LogicalResourceId: 'ContactsSecurity1234',
    ResourceType: 'Custom::AccountAlternateContact',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: {
      ServiceToken: lambdaContext.invokedFunctionArn,
      ConstructPath: 'Stack/Contacts',
      AlternateContactType: 'SECURITY',
      ...apiMembers(SECURITY),
      ...properties,
    },
  };
}

test('Create answers SUCCESS with a physical id and data free of personal data', async () => {
  await handler(cloudFormationRequest('Create', { AccountId: MEMBER }), lambdaContext);

  expect(recorder.received).toEqual([
    {
      method: 'PUT',
      path: '/cloudformation-response',
      bytes: expect.any(Number),
      at: expect.any(Number),
      body: {
        Status: 'SUCCESS',
        PhysicalResourceId: `${MEMBER}/alternate-contact/SECURITY`,
        StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/contacts/guid',
        RequestId: 'request-Create',
        LogicalResourceId: 'ContactsSecurity1234',
        NoEcho: false,
        Data: { AccountId: MEMBER, AlternateContactType: 'SECURITY', Changed: 'true' },
      },
    },
  ]);
  expect(api.alternateContact(MEMBER, 'SECURITY')?.EmailAddress).toBe(SECURITY.emailAddress);
});

test('Update of the same values answers SUCCESS with the same physical id and Changed false', async () => {
  await handler(cloudFormationRequest('Update', { AccountId: MEMBER }, `${MEMBER}/alternate-contact/SECURITY`), lambdaContext);

  expect(recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    PhysicalResourceId: `${MEMBER}/alternate-contact/SECURITY`,
    Data: { Changed: 'false' },
  });
});

test('a failed Create answers FAILED with a marker physical id, whose Delete then succeeds without any call', async () => {
  const before = api.requests.length;
  await handler(cloudFormationRequest('Create', { EmailAddress: 'not-an-email' }), lambdaContext);

  const failed = recorder.responses[0];
  expect(failed).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'failed-create:request-Create' });
  expect(failed.Reason).toBe(
    "Stack/Contacts: security.emailAddress 'n***l' (12 characters, masked) does not match the AWS pattern ^[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*$ (Account Management API, AlternateContact.EmailAddress) (log stream 2026/11/23/[$LATEST]abc)",
  );

  await handler(cloudFormationRequest('Delete', { EmailAddress: 'not-an-email' }, 'failed-create:request-Create'), lambdaContext);
  expect(recorder.responses[1]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'failed-create:request-Create' });
  expect(api.requests.length).toBe(before);
});

test('Delete answers SUCCESS with the physical id it was given', async () => {
  await handler(
    cloudFormationRequest('Delete', { AccountId: MEMBER, DeleteOnRemoval: 'true' }, `${MEMBER}/alternate-contact/SECURITY`),
    lambdaContext,
  );

  expect(recorder.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${MEMBER}/alternate-contact/SECURITY` });
  expect(api.alternateContact(MEMBER, 'SECURITY')).toBeUndefined();
});

test('an API failure answers FAILED with the explained reason', async () => {
  api.deniedAccountIds.add(MEMBER);
  try {
    await handler(cloudFormationRequest('Create', { AccountId: MEMBER }), lambdaContext);
  } finally {
    api.deniedAccountIds.delete(MEMBER);
  }
  expect(recorder.responses[0].Status).toBe('FAILED');
  expect(recorder.responses[0].Reason).toMatch(/^GetAlternateContact for member account 222222222222 from account 111111111111 was denied/);
});

test('nothing the function logs holds a full email address or phone number', async () => {
  await handler(cloudFormationRequest('Create', {}), lambdaContext);
  await handler(cloudFormationRequest('Create', { EmailAddress: 'jane.doe@corp' }), lambdaContext);

  expect(consoleLines.length).toBeGreaterThanOrEqual(4);
  const logged = consoleLines.join('\n');
  expect(logged).not.toContain(SECURITY.emailAddress);
  expect(logged).not.toContain(SECURITY.phoneNumber);
  expect(logged).not.toContain('jane.doe');
  for (const line of consoleLines) {
    expect(() => JSON.parse(line)).not.toThrow();
  }
});

describe('an Account API that never answers', () => {
  let hangingServer: net.Server;
  let sockets: net.Socket[];
  let hangingHandler: (event: unknown, context: unknown) => Promise<void>;
  let previousEndpoint: string | undefined;

  beforeAll(async () => {
    sockets = [];
    // Accepts every connection and never answers, as a black-holed endpoint does.
    hangingServer = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hangingServer.listen(0, '127.0.0.1', resolve));
    // The SDK resolves its endpoint at the first call: the variable stays set while these tests run.
    previousEndpoint = process.env.AWS_ENDPOINT_URL_ACCOUNT;
    process.env.AWS_ENDPOINT_URL_ACCOUNT = `http://127.0.0.1:${(hangingServer.address() as AddressInfo).port}`;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      hangingHandler = require(BUNDLE).handler;
    });
  });
  afterAll(async () => {
    process.env.AWS_ENDPOINT_URL_ACCOUNT = previousEndpoint;
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => hangingServer.close(resolve));
  });

  test("the request is answered FAILED, naming the call, before the function's own timeout ends", async () => {
    const budgetMs = 14_000;
    const started = Date.now();
    await hangingHandler(cloudFormationRequest('Create', { AccountId: MEMBER }), {
      ...lambdaContext,
      getRemainingTimeInMillis: () => started + budgetMs - Date.now(),
    });
    const elapsed = Date.now() - started;

    expect(recorder.received).toHaveLength(1);
    expect(recorder.responses[0].Status).toBe('FAILED');
    expect(recorder.responses[0].Reason).toMatch(
      // The 10 s socket timeout ended the first attempt (a second one was made); the deadline cut the second.
      /^GetAlternateContact for member account 222222222222 from account 111111111111 got no answer in time: 2 attempts in 11 s, the last one TimeoutError/,
    );
    // The answer must reach CloudFormation before Lambda stops the function (here: the 14 s it was given).
    expect(elapsed).toBeLessThan(budgetMs);
    // It kept trying for most of the time it had.
    expect(elapsed).toBeGreaterThan(budgetMs / 2);
  });
});
