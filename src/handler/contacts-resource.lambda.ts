/**
 * Lambda entry point of the custom resources `Custom::AccountAlternateContact` and
 * `Custom::AccountContactInformation`. Thin: it parses the event, calls the pure logic and answers CloudFormation.
 * It logs no request: the request's properties hold contacts (personal data).
 */
import { AccountClient } from '@aws-sdk/client-account';
import { SSMClient } from '@aws-sdk/client-ssm';
import { handleContactParameterChange, handleContactsResourceEvent, isContactParameterChange } from './contacts-resource';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { ContactParameterChange } from '../protocol/resource-properties';
import { ACCOUNT_CLIENT_REQUEST_HANDLER, AccountContactsApi } from '../runtime/account-api';
import { CustomResourceEvent, failureResponse, sendResponse, successResponse } from '../runtime/cloudformation-custom-resource';
import { contactParameterReader } from '../runtime/contact-parameter-reader';
import { logToConsole } from '../runtime/log';
import { ResourceClaims } from '../runtime/resource-claims';
import { DEFAULT_RETRY_OPTIONS } from '../runtime/retry';

// One client per container. The SDK's own retries are off: AccountContactsApi retries with backoff and jitter, and
// socket timeouts make a hung connection fail an attempt in seconds.
const client = new AccountClient({ maxAttempts: 1, requestHandler: ACCOUNT_CLIENT_REQUEST_HANDLER });
const ssm = new SSMClient({ maxAttempts: 1, requestHandler: ACCOUNT_CLIENT_REQUEST_HANDLER });

/** Time kept back from the function's timeout to answer CloudFormation: at most 15 s, a fifth of a short budget. */
export function answerDeadline(remainingMs: number, now = Date.now()): number {
  return now + remainingMs - Math.min(15_000, Math.floor(remainingMs / 5));
}

export interface LambdaContext {
  readonly invokedFunctionArn: string;
  readonly logStreamName?: string;
  readonly getRemainingTimeInMillis?: () => number;
}

export async function handler(event: CustomResourceEvent, context: LambdaContext): Promise<void> {
  if (isContactParameterChange(event)) {
    await applyChangedParameter(event, context);
    return;
  }
  if (typeof event !== 'object' || event === null || typeof event.ResponseURL !== 'string') {
    // Nothing to answer to: the invocation fails with a reason instead of a TypeError.
    logToConsole({
      level: 'error',
      event: 'malformed-request',
      reason: 'the request is not a CloudFormation custom resource request (no ResponseURL)',
    });
    throw new Error('not a CloudFormation custom resource request: it has no ResponseURL to answer');
  }
  const ownAccountId = context.invokedFunctionArn.split(':')[4];
  // Every call ends before the function's timeout, so that CloudFormation always gets an answer with the reason.
  const deadline = context.getRemainingTimeInMillis ? answerDeadline(context.getRemainingTimeInMillis()) : undefined;
  const api = new AccountContactsApi(client, { callerAccountId: ownAccountId, deadline });
  logToConsole({
    event: 'request',
    requestType: event.RequestType,
    resourceType: event.ResourceType,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: event.PhysicalResourceId,
  });
  let response;
  try {
    const claims = new ResourceClaims(ssm, { ...DEFAULT_RETRY_OPTIONS, deadline });
    const readParameter = contactParameterReader(ssm, { ...DEFAULT_RETRY_OPTIONS, deadline });
    const result = await handleContactsResourceEvent(event, { api, ownAccountId, claims, readParameter });
    response = successResponse(event, result);
  } catch (error) {
    const message = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    logToConsole({ level: 'error', event: 'failed', requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, message });
    response = failureResponse(event, `${message}${context.logStreamName ? ` (log stream ${context.logStreamName})` : ''}`);
  }
  logToConsole({
    event: 'response',
    status: response.Status,
    physicalResourceId: response.PhysicalResourceId,
    apiCalls: JSON.stringify(api.callCounts),
  });
  await sendResponse(event.ResponseURL, response);
}

/**
 * EventBridge's invocation after a contact parameter changed: no CloudFormation to answer. A failure is logged and
 * thrown, so that Lambda retries the asynchronous invocation (twice); the next deployment applies the value too.
 */
async function applyChangedParameter(event: ContactParameterChange, context: LambdaContext): Promise<void> {
  const ownAccountId = context.invokedFunctionArn.split(':')[4];
  const deadline = context.getRemainingTimeInMillis ? answerDeadline(context.getRemainingTimeInMillis()) : undefined;
  const api = new AccountContactsApi(client, { callerAccountId: ownAccountId, deadline });
  try {
    const claims = new ResourceClaims(ssm, { ...DEFAULT_RETRY_OPTIONS, deadline });
    const readParameter = contactParameterReader(ssm, { ...DEFAULT_RETRY_OPTIONS, deadline });
    await handleContactParameterChange(event, { api, ownAccountId, claims, readParameter });
  } catch (error) {
    const message = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    logToConsole({ level: 'error', event: 'contact-parameter-change-failed', logicalResourceId: String(event.LogicalResourceId), message });
    throw new Error(message);
  } finally {
    logToConsole({ event: 'contact-parameter-change-done', apiCalls: JSON.stringify(api.callCounts) });
  }
}
