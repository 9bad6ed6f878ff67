/**
 * The CloudFormation custom resource contract: the request CloudFormation sends to the Lambda function and the
 * response the function PUTs to the pre-signed `ResponseURL`. Written here rather than taken from
 * `custom-resources.Provider`, whose framework function logs every request's ResourceProperties, and so every
 * contact's email address and phone number, in full.
 */
import * as http from 'http';
import * as https from 'https';

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface CustomResourceEvent {
  readonly RequestType: RequestType;
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

/** What the handler answers for a request that succeeded. */
export interface CustomResourceResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho?: boolean;
  readonly Data?: Record<string, string>;
}

/** CloudFormation rejects a response body over 4,096 bytes ("Response object is too long"). */
export const MAX_RESPONSE_BYTES = 4_096;

/** A soft budget, in characters, for reasons composed from many parts (they are still cut by bytes at the end). */
export const MAX_REASON_LENGTH = 2_000;

/** The physical id answered when a Create fails: the Delete that CloudFormation sends next then deletes nothing. */
export const FAILED_CREATE_PHYSICAL_ID_PREFIX = 'failed-create:';

/** Whether this is the Delete that CloudFormation sends for a resource whose Create failed. */
export function isDeleteOfFailedCreate(event: CustomResourceEvent): boolean {
  return event.RequestType === 'Delete' && (event.PhysicalResourceId ?? '').startsWith(FAILED_CREATE_PHYSICAL_ID_PREFIX);
}

export function successResponse(event: CustomResourceEvent, result: CustomResourceResult): CustomResourceResponse {
  return {
    Status: 'SUCCESS',
    PhysicalResourceId: result.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: result.Data,
  };
}

export function failureResponse(event: CustomResourceEvent, reason: string): CustomResourceResponse {
  return withReason(
    {
      Status: 'FAILED',
      PhysicalResourceId: event.PhysicalResourceId ?? `${FAILED_CREATE_PHYSICAL_ID_PREFIX}${event.RequestId}`,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    },
    reason,
  );
}

/**
 * The response with its reason, cut (at a whole character, ending in `...`) so that the serialized body fits
 * {@link MAX_RESPONSE_BYTES}: counted in UTF-8 bytes after JSON escaping, as CloudFormation counts it.
 */
export function withReason(response: Omit<CustomResourceResponse, 'Reason'>, reason: string): CustomResourceResponse {
  const bytesWith = (text: string) => Buffer.byteLength(JSON.stringify({ ...response, Reason: text }), 'utf8');
  if (bytesWith(reason) <= MAX_RESPONSE_BYTES) {
    return { ...response, Reason: reason };
  }
  const characters = [...reason];
  // The longest prefix that fits: binary search over the number of characters kept.
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (bytesWith(`${characters.slice(0, middle).join('')}...`) <= MAX_RESPONSE_BYTES) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return { ...response, Reason: `${characters.slice(0, low).join('')}...` };
}

/**
 * PUTs the response to the pre-signed URL, retrying transient network failures a few times.
 */
export async function sendResponse(responseUrl: string, response: CustomResourceResponse, attempts = 5): Promise<void> {
  const body = JSON.stringify(response);
  for (let attempt = 1; ; attempt++) {
    try {
      await put(responseUrl, body);
      return;
    } catch (error) {
      if (attempt >= attempts) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
}

function put(responseUrl: string, body: string): Promise<void> {
  const url = new URL(responseUrl);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'PUT',
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve();
          } else {
            reject(new Error(`the response URL answered HTTP ${status}`));
          }
        });
      },
    );
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error('the response URL did not answer within 30 s')));
    request.end(body);
  });
}
