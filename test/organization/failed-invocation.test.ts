/**
 * Every asynchronous invocation of an event failed (Lambda tries three times): Lambda's on-failure destination sends
 * its invocation record to the work queue, and the queue's consumer handles the event again. The gap it closes: a
 * deployment whose invocations all died before the run's watchdog was queued used to wait for its service timeout.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { FailedInvocationRecord } from '../../src/organization/failed-invocation';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { RunTransition } from '../../src/organization/run-state-machine';
import { CustomResourceEvent } from '../../src/runtime/cloudformation-custom-resource';
import { BILLING, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { LambdaContainer } from '../support/lambda-container';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';

jest.setTimeout(120_000);

const fixture = useOrganizationHarness();
/** No deployment was answered (a record taken for a failed invocation would have answered this one). */
const recorderUntouched = () => fixture.recorder.responses.length === 0;
const KEY = 'v1.json';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${MOTO_ACCOUNT_ID}:function:organization`;

/** The record Lambda sends to an SQS on-failure destination, in the format the Lambda documentation gives. */
function failedInvocationRecord(event: unknown): FailedInvocationRecord {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: 'c2a6f2ae-7dbb-4d22-8782-d0485c9877e2',
      functionArn: `${FUNCTION_ARN}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, functionError: 'Unhandled' },
  };
}

test('a deployment whose three invocations all died is answered from the record Lambda queues, with the true answer', async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(3);
  harness.declarations.set(KEY, organizationDeclaration());
  const event = organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: KEY, WaitSeconds: '60' });

  // The first attempt dies right after creating the run, before its watchdog is queued; the two retries die before
  // any commit point (they leave nothing behind, so they are not played).
  const container = await LambdaContainer.start(harness.settings(), harness.declarations, { log: () => undefined, notification: () => undefined }, 8);
  try {
    const end = await container.invoke(event, { currentDeclarationKey: KEY }, RunTransition.CREATE);
    expect(end.killedAt).toBe(RunTransition.CREATE);
  } finally {
    container.stop();
  }
  // Lambda gives up and sends its invocation record to the work queue (the construct's on-failure destination).
  await harness.sqs.send(new SendMessageCommand({ QueueUrl: harness.queueUrl, MessageBody: JSON.stringify(failedInvocationRecord(event)) }));
  await harness.drain({ until: () => recorder.responses.length > 0 });

  expect(recorder.responses).toHaveLength(1);
  expect(recorder.responses[0]).toMatchObject({
    Status: 'SUCCESS',
    RequestId: event.RequestId,
    Data: { Status: 'COMPLETE', Accounts: '4', Applied: '4', Failed: '0' },
  });
  for (const accountId of [MOTO_ACCOUNT_ID, ...organization.memberAccountIds]) {
    expect(harness.accountServer.alternateContact(accountId, 'SECURITY')).toEqual(expect.objectContaining(apiMembers(SECURITY)));
    expect(harness.accountServer.alternateContact(accountId, 'BILLING')).toEqual(expect.objectContaining(apiMembers(BILLING)));
  }
  expect(harness.logged('failed-invocation-handled-again')).toEqual([
    expect.objectContaining({ condition: 'RetriesExhausted', invokeCount: 3, requestType: 'Create', logicalResourceId: 'OrganizationContacts' }),
  ]);
});

test('a record whose payload is an SQS batch is refused (SQS invokes synchronously): the message goes back, toward the dead-letter queue', async () => {
  const { harness } = fixture;
  const batch = { Records: [{ messageId: 'inner', body: '{}', eventSource: 'aws:sqs' }] };
  const outer = { Records: [{ messageId: 'outer', body: JSON.stringify(failedInvocationRecord(batch)), eventSource: 'aws:sqs' }] };
  const response = await handleOrganizationEvent(outer, harness.context(), { currentDeclarationKey: KEY });
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'outer' }] });
  expect(harness.logged('message-failed')).toEqual([expect.objectContaining({ messageId: 'outer', message: expect.stringContaining('SQS batch') })]);
});

test('a record with another condition, or without a payload, is not taken for a failed invocation', async () => {
  const { harness } = fixture;
  const event: CustomResourceEvent = organizationResourceEvent(fixture.recorder.url, 'Create', { DeclarationKey: KEY });
  const record = failedInvocationRecord(event);
  const success = { ...record, requestContext: { ...record.requestContext, condition: 'Success' } };
  const { requestPayload: _dropped, ...withoutPayload } = record;
  const outer = {
    Records: [success, withoutPayload].map((body, index) => ({ messageId: `record-${index}`, body: JSON.stringify(body), eventSource: 'aws:sqs' })),
  };
  await handleOrganizationEvent(outer, harness.context(), { currentDeclarationKey: KEY });
  expect(harness.logged('failed-invocation-handled-again')).toEqual([]);
  expect(recorderUntouched()).toBe(true);
});

test("a contact parameter changed to a broken value: one failure notification, whatever Lambda's three attempts and the record's five deliveries", async () => {
  const { harness } = fixture;
  await harness.buildOrganization(2);
  harness.declarations.set(KEY, { ...organizationDeclaration(), defaults: {}, defaultsFromParameters: ['security'] });
  const broken = JSON.stringify({ name: 'Security', title: 'Team', emailAddress: 'security@example.com', phoneNumber: 'call us' });
  const context = () => ({ ...harness.context(), contactParameters: { names: { security: '/contacts/security' }, read: async () => broken } });
  const event = {
    id: 'f6a1c2d3-0000-4000-8000-000000000001',
    source: 'aws.ssm',
    'detail-type': 'Parameter Store Change',
    detail: { name: '/contacts/security', operation: 'Update' },
  };

  // Lambda's three attempts of the asynchronous invocation, each refused before any write.
  for (let attempt = 0; attempt < 3; attempt++) {
    await expect(handleOrganizationEvent(event, context(), { currentDeclarationKey: KEY })).rejects.toThrow(/phoneNumber/);
  }
  // Then its record on the work queue, delivered five times before the dead-letter queue takes it.
  const record = { Records: [{ messageId: 'record-1', body: JSON.stringify(failedInvocationRecord(event)), eventSource: 'aws:sqs' }] };
  for (let delivery = 0; delivery < 5; delivery++) {
    expect(await handleOrganizationEvent(record, context(), { currentDeclarationKey: KEY })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'record-1' }],
    });
  }

  expect(harness.logged('contact-parameter-change-failed')).toHaveLength(8);
  expect(harness.notifications).toHaveLength(1);
  expect(harness.notifications[0].subject).toBe('cdk-account-contacts: contact parameter /contacts/security not applied');
  expect(harness.notifications[0].message).not.toContain('call us');
  expect(harness.accountServer.count('PutAlternateContact')).toBe(0);
});
