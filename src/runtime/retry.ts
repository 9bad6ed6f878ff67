/**
 * Retries with exponential backoff and full jitter, for the Account Management API's throttling
 * (`TooManyRequestsException`, HTTP 429) and server faults (HTTP 5xx).
 */

/** How to retry. */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The backoff ceiling of the first retry, in milliseconds; it doubles with every retry. */
  readonly baseDelayMs: number;
  /** The largest backoff ceiling, in milliseconds. */
  readonly maxDelayMs: number;
  /** Waits; replaced in tests. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** A number in [0, 1); replaced in tests. */
  readonly random?: () => number;
  /** No retry is started whose backoff would end after this time (epoch milliseconds). @default none */
  readonly deadline?: number;
  /** Called before each retry. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Defaults: 10 attempts over up to about a minute, well beyond the SDK's default of 3. */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 15_000 };

/** Whether an error from an AWS SDK v3 client is worth retrying: throttling, 5xx and network faults. */
export function isRetryableError(error: unknown): boolean {
  const candidate = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (!candidate || typeof candidate !== 'object') {
    return false;
  }
  const status = candidate.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) {
    return true;
  }
  const name = candidate.name ?? '';
  if (['TooManyRequestsException', 'ThrottlingException', 'InternalServerException', 'ServiceUnavailableException', 'TimeoutError'].includes(name)) {
    return true;
  }
  return ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(candidate.code ?? '');
}

const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * Calls `operation` until it succeeds, fails with an error that is not retryable, or runs out of attempts.
 */
export async function withRetries<T>(operation: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY_OPTIONS): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.maxAttempts || !isRetryableError(error)) {
        throw error;
      }
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.floor(random() * ceiling);
      if (options.deadline !== undefined && Date.now() + delay >= options.deadline) {
        throw error;
      }
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
