/**
 * The strict DynamoDB front gives what AWS guarantees and moto does not: conditional writes that are atomic when
 * requests come at once, and expressions refused past 4 KB.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from './clients';
import { useMotoServer } from './moto-server';
import { MAX_EXPRESSION_BYTES, StrictDynamoDB } from './strict-dynamodb';

const moto = useMotoServer();
let front: StrictDynamoDB;
let client: DynamoDBClient;

beforeAll(async () => {
  front = await StrictDynamoDB.start(moto.endpoint);
  client = new DynamoDBClient(localClientConfig(front.endpoint));
  await client.send(
    new CreateTableCommand({
      TableName: 'claims',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
afterAll(async () => front.stop());

test('of 8 conditional claims of one item sent at once, exactly one wins, every time', async () => {
  for (let trial = 0; trial < 20; trial++) {
    const pk = { S: `run-${trial}` };
    await client.send(new PutItemCommand({ TableName: 'claims', Item: { pk, claimedAt: { N: '0' } } }));
    const claims = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        client.send(
          new UpdateItemCommand({
            TableName: 'claims',
            Key: { pk },
            UpdateExpression: 'SET claimedAt = :now',
            ConditionExpression: 'claimedAt < :stale',
            ExpressionAttributeValues: { ':now': { N: String(1000 + index) }, ':stale': { N: '1' } },
          }),
        ),
      ),
    );
    expect(claims.filter((claim) => claim.status === 'fulfilled')).toHaveLength(1);
    expect(claims.filter((claim) => claim.status === 'rejected').map((claim) => (claim as PromiseRejectedResult).reason.name)).toEqual(
      Array(7).fill('ConditionalCheckFailedException'),
    );
  }
});

test('an expression over 4 KB is ValidationException, as AWS answers it; one of 4 KB is taken', async () => {
  const clauses = (count: number) => Array.from({ length: count }, (_, index) => `attribute_not_exists(a${index})`).join(' AND ');
  let count = 1;
  while (Buffer.byteLength(clauses(count + 1)) <= MAX_EXPRESSION_BYTES) {
    count++;
  }
  const put = (condition: string) =>
    client.send(new PutItemCommand({ TableName: 'claims', Item: { pk: { S: `expression-${condition.length}` } }, ConditionExpression: condition }));
  await expect(put(clauses(count))).resolves.toBeDefined();
  await expect(put(clauses(count + 1))).rejects.toMatchObject({
    name: 'ValidationException',
    message: expect.stringMatching(/^Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: \d+$/),
  });
  expect(front.refused).toHaveLength(1);
});

test('a caller that goes away while its request waits (a killed Lambda container) holds up no other request', async () => {
  // An upstream that answers each request after 300 ms, so that requests queue in the front.
  const upstream = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => setTimeout(() => response.end('{}'), 300));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const slowFront = await StrictDynamoDB.start(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  const send = () => {
    const request = http.request(slowFront.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0' } });
    const answered = new Promise<number>((resolve, reject) => {
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
    });
    request.end('{}');
    return { request, answered };
  };
  try {
    const first = send();
    const killed = send();
    await new Promise((resolve) => setTimeout(resolve, 100));
    killed.request.destroy();
    killed.answered.catch(() => undefined);
    const started = Date.now();
    const last = send();
    expect(await first.answered).toBe(200);
    expect(await last.answered).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  } finally {
    await slowFront.stop();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  }
});
