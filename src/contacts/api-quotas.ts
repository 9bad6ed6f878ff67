/**
 * The Account Management API's request quotas, as client-side rates: pure data, shared by the constructs (which
 * divide them among an organization run's workers) and the functions' rate limiter.
 */

/** The rate of one operation. */
export interface OperationRate {
  /** Calls per second, sustained. */
  readonly perSecond: number;
  /** Calls at once after a quiet period. */
  readonly burst: number;
}

/**
 * AWS's quotas for the calling account, as token buckets (Account Management API, Service Quotas:
 * GetAlternateContact and GetContactInformation 10/s burst 15, PutAlternateContact and PutContactInformation 5/s
 * burst 8, DeleteAlternateContact 1/s burst 6). A run at these rates waits for nothing but the quota; a throttled
 * call (another caller sharing the quota) is retried with backoff and jitter.
 */
export const DEFAULT_OPERATION_RATES: Record<string, OperationRate> = {
  GetAlternateContact: { perSecond: 10, burst: 15 },
  PutAlternateContact: { perSecond: 5, burst: 8 },
  DeleteAlternateContact: { perSecond: 1, burst: 6 },
  GetContactInformation: { perSecond: 10, burst: 15 },
  PutContactInformation: { perSecond: 5, burst: 8 },
  // 3/s per caller (the Account Management API reference); its burst is not published: 3 is a guess (AM-12).
  GetPrimaryEmail: { perSecond: 3, burst: 3 },
};

/** The command's rates: the functions'. */
export const COMMAND_OPERATION_RATES: Record<string, OperationRate> = DEFAULT_OPERATION_RATES;

/**
 * One worker's rates when `workers` share organization-wide rates: `perSecond` by operation (absent: the default),
 * divided among them; each burst keeps the default's ratio to its rate.
 */
export function divideAmongWorkers(perSecond: Record<string, number | undefined>, workers: number): Record<string, OperationRate> {
  const count = Math.max(1, Math.floor(workers));
  return Object.fromEntries(
    Object.entries(DEFAULT_OPERATION_RATES).map(([operation, defaults]) => {
      const total = perSecond[operation] ?? defaults.perSecond;
      const burst = Math.max(1, Math.floor((total * (defaults.burst / defaults.perSecond)) / count));
      return [operation, { perSecond: total / count, burst }];
    }),
  );
}
