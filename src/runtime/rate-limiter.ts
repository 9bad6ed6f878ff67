/**
 * A client-side token bucket per API operation, so that calls stay under the Account Management API's quotas
 * and throttling stays rare (it is still retried when it comes).
 */

import { DEFAULT_OPERATION_RATES, OperationRate } from '../contacts/api-quotas';

interface Bucket {
  tokens: number;
  updated: number;
  readonly rate: OperationRate;
}

/**
 * Waits until a call of an operation fits its rate. Operations without a rate are not limited.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    rates: Record<string, OperationRate> = DEFAULT_OPERATION_RATES,
    private readonly now: () => number = Date.now,
    private readonly sleep: (milliseconds: number) => Promise<void> = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
  ) {
    for (const [operation, rate] of Object.entries(rates)) {
      if (!(rate.perSecond > 0) || !(rate.burst >= 1)) {
        throw new Error(`rate of ${operation} must be above 0 per second with a burst of at least 1, got ${rate.perSecond}/s burst ${rate.burst}`);
      }
      this.buckets.set(operation, { tokens: rate.burst, updated: now(), rate });
    }
  }

  /** Resolves when one call of `operation` may be made. Callers are served in order. */
  public acquire(operation: string): Promise<void> {
    const bucket = this.buckets.get(operation);
    if (!bucket) {
      return Promise.resolve();
    }
    const previous = this.queues.get(operation) ?? Promise.resolve();
    const next = previous.then(() => this.take(bucket));
    this.queues.set(operation, next);
    return next;
  }

  private async take(bucket: Bucket): Promise<void> {
    for (;;) {
      const now = this.now();
      bucket.tokens = Math.min(bucket.rate.burst, bucket.tokens + ((now - bucket.updated) / 1000) * bucket.rate.perSecond);
      bucket.updated = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - bucket.tokens) / bucket.rate.perSecond) * 1000));
    }
  }
}
