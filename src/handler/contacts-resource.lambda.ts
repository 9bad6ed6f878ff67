/**
 * Lambda entry point of the custom resources `Custom::AccountAlternateContact` and
 * `Custom::AccountContactInformation`. Thin: it parses the event, calls the pure logic and answers CloudFormation.
 * It logs no request: the request's properties hold contacts (personal data).
 */
import { AccountClient } from '@aws-sdk/client-account';
import { AccountContactsApi } from './account-api';
import { CustomResourceEvent, failureResponse, sendResponse, successResponse } from './cloudformation-custom-resource';
import { handleContactsResourceEvent } from './contacts-resource';
import { logToConsole } from './log';
import { maskPersonalDataInText } from '../contacts/personal-data';

// One client per container. The SDK's own retries are off: AccountContactsApi retries with backoff and jitter.
const client = new AccountClient({ maxAttempts: 1 });

export async function handler(event: CustomResourceEvent, context: { invokedFunctionArn: string; logStreamName?: string }): Promise<void> {
  if (typeof event !== 'object' || event === null || typeof event.ResponseURL !== 'string') {
    // Nothing to answer to: the invocation fails with a reason instead of a TypeError.
    logToConsole({ level: 'error', event: 'malformed-request', reason: 'the request is not a CloudFormation custom resource request (no ResponseURL)' });
    throw new Error('not a CloudFormation custom resource request: it has no ResponseURL to answer');
  }
  const ownAccountId = context.invokedFunctionArn.split(':')[4];
  const api = new AccountContactsApi(client, { callerAccountId: ownAccountId });
  logToConsole({ event: 'request', requestType: event.RequestType, resourceType: event.ResourceType, logicalResourceId: event.LogicalResourceId, physicalResourceId: event.PhysicalResourceId });
  let response;
  try {
    const result = await handleContactsResourceEvent(event, { api, ownAccountId });
    response = successResponse(event, result);
  } catch (error) {
    const message = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    logToConsole({ level: 'error', event: 'failed', requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, message });
    response = failureResponse(event, `${message}${context.logStreamName ? ` (log stream ${context.logStreamName})` : ''}`);
  }
  logToConsole({ event: 'response', status: response.Status, physicalResourceId: response.PhysicalResourceId, apiCalls: JSON.stringify(api.callCounts) });
  await sendResponse(event.ResponseURL, response);
}
