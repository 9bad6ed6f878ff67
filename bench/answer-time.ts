/**
 * Benchmark: how long a deployment waits for the per-account custom resource's answer when the Account Management
 * API does not work: an endpoint that accepts connections and never answers, a refused port, throttling on every
 * call (429) and server faults on every call (500). The bundled handler (assets/handler/contacts-resource.lambda)
 * runs in-process with the function's real budget (its 300 s timeout) and answers a local ResponseURL; SSM (its
 * claims) is moto_server. Run with `npx projen bench:answer-time`; BUDGET_SECONDS changes the budget; SMOKE=1 runs
 * a 20 s budget and writes to a temporary directory; otherwise the table goes into the README between its markers.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { writeBetweenMarkers } from './markers';
import { AccountApiServer } from '../test/support/account-api-server';
import { SECURITY, apiMembers } from '../test/support/contacts-fixtures';
import { MotoServer, freePort, localAwsEnvironment } from '../test/support/moto-server';
import { ResponseRecorder } from '../test/support/response-recorder';

const OWN = '111111111111';
const MEMBER = '222222222222';
const BUNDLE = path.join(__dirname, '..', 'assets', 'handler', 'contacts-resource.lambda', 'index.js');

interface Row {
  readonly case: string;
  readonly budgetSeconds: number;
  readonly answeredAfterSeconds: number;
  readonly status: string;
  readonly reason: string;
}

async function main(): Promise<void> {
  const smoke = process.env.SMOKE === '1';
  const budgetSeconds = Number(process.env.BUDGET_SECONDS ?? (smoke ? 20 : 300));
  const moto = await MotoServer.start({ accountId: OWN });
  const recorder = await ResponseRecorder.start();
  const hangingSockets: net.Socket[] = [];
  const hanging = net.createServer((socket) => void hangingSockets.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const throttling = await AccountApiServer.start({
    callerAccountId: OWN,
    memberAccountIds: [MEMBER],
    rateLimits: { GetAlternateContact: { ratePerSecond: 0, burst: 0 } },
  });
  const faulting = await AccountApiServer.start({ callerAccountId: OWN, memberAccountIds: [MEMBER], faultRate: 1 });
  const cases: Array<[string, string]> = [
    ['endpoint accepts and never answers', `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`],
    ['connection refused', `http://127.0.0.1:${await freePort()}`],
    ['every call throttled (429)', throttling.endpoint],
    ['every call a server fault (500)', faulting.endpoint],
  ];
  Object.assign(process.env, localAwsEnvironment({ SSM: moto.endpoint }));
  const rows: Row[] = [];
  try {
    for (const [name, endpoint] of cases) {
      process.env.AWS_ENDPOINT_URL_ACCOUNT = endpoint;
      // A fresh container for each case, as a new function version would be.
      delete require.cache[require.resolve(BUNDLE)];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(BUNDLE) as { handler: (event: unknown, context: unknown) => Promise<void> };
      recorder.clear();
      const started = Date.now();
      await handler(
        {
          RequestType: 'Create',
          ServiceToken: `arn:aws:lambda:us-east-1:${OWN}:function:contacts`,
          ResponseURL: recorder.url,
          StackId: `arn:aws:cloudformation:us-east-1:${OWN}:stack/Contacts/0a3c6d10-0000-11ef-8000-0123456789ab`,
          RequestId: `request-${rows.length}`,
          LogicalResourceId: 'ContactsSecurity',
          ResourceType: 'Custom::AccountAlternateContact',
          ResourceProperties: {
            ConstructPath: 'Stack/Contacts',
            AccountId: MEMBER,
            AlternateContactType: 'SECURITY',
            DeleteOnRemoval: 'false',
            ...apiMembers(SECURITY),
          },
        },
        {
          invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:contacts`,
          logStreamName: 'bench',
          getRemainingTimeInMillis: () => started + budgetSeconds * 1000 - Date.now(),
        },
      );
      const seconds = (Date.now() - started) / 1000;
      const answer = recorder.responses[0] ?? { Status: 'NO ANSWER', Reason: '' };
      rows.push({
        case: name,
        budgetSeconds,
        answeredAfterSeconds: Math.round(seconds * 10) / 10,
        status: String(answer.Status),
        reason: String(answer.Reason ?? '').slice(0, 160),
      });
      console.error(JSON.stringify(rows[rows.length - 1]));
    }
  } finally {
    hangingSockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => hanging.close(resolve));
    await recorder.stop();
    await throttling.stop();
    await faulting.stop();
    await moto.stop();
  }
  const directory = smoke ? fs.mkdtempSync(path.join(os.tmpdir(), 'answer-time-')) : __dirname;
  fs.writeFileSync(path.join(directory, 'answer-time.json'), `${JSON.stringify({ node: process.version, budgetSeconds, rows }, null, 2)}\n`);
  const table = [
    '| the Account API | answered after | answer |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.case} | ${row.answeredAfterSeconds} s of ${row.budgetSeconds} s | ${row.status}: ${row.reason.split(' (')[0]} |`),
  ].join('\n');
  console.log(table);
  if (!smoke) {
    writeBetweenMarkers(path.join(__dirname, '..', 'README.md'), 'answer-time', table);
  }
  if (rows.some((row) => row.status !== 'FAILED' || row.answeredAfterSeconds >= budgetSeconds)) {
    console.error('a case was not answered FAILED within the budget');
    process.exitCode = 1;
  }
}

void main();
