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
 * Defaults a little under AWS's quotas for the calling account (Account Management API: GetAlternateContact 10/s
 * burst 15, PutAlternateContact 5/s burst 8, DeleteAlternateContact 1/s), so that throttling is rare.
 */
export const DEFAULT_OPERATION_RATES: Record<string, OperationRate> = {
  GetAlternateContact: { perSecond: 9, burst: 12 },
  PutAlternateContact: { perSecond: 4.5, burst: 6 },
  DeleteAlternateContact: { perSecond: 0.9, burst: 1 },
  GetContactInformation: { perSecond: 9, burst: 12 },
  PutContactInformation: { perSecond: 4.5, burst: 6 },
};
