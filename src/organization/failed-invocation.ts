/**
 * Lambda's record of an asynchronous invocation that failed every attempt (a CloudFormation request, an EventBridge
 * event), as its on-failure destination receives it. The construct sends these records to the work queue, so that
 * an event whose invocations were all killed (out of memory, timed out, a crash before the run's watchdog was
 * queued) is handled once more instead of being dropped, and a deployment is answered instead of waiting for its
 * service timeout.
 */

/** Why Lambda gave up on an invocation. */
export const FAILED_INVOCATION_CONDITIONS = ['RetriesExhausted', 'EventAgeExceeded'] as const;

export interface FailedInvocationRecord {
  readonly version: string;
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: (typeof FAILED_INVOCATION_CONDITIONS)[number];
    readonly approximateInvokeCount: number;
  };
  /** The event the function was invoked with. */
  readonly requestPayload: unknown;
  readonly responseContext?: { readonly statusCode?: number; readonly functionError?: string };
}

export function isFailedInvocationRecord(message: unknown): message is FailedInvocationRecord {
  const candidate = message as FailedInvocationRecord;
  return (
    typeof candidate?.requestContext?.requestId === 'string' &&
    (FAILED_INVOCATION_CONDITIONS as readonly string[]).includes(candidate.requestContext.condition) &&
    typeof candidate.requestPayload === 'object' &&
    candidate.requestPayload !== null
  );
}
