/**
 * Calls per second of the AWS Account Management API for the whole organization, shared by every worker.
 * AWS's quotas for the calling account: GetAlternateContact 10/s, PutAlternateContact 5/s,
 * DeleteAlternateContact 1/s.
 */
export interface AccountApiRates {
  /**
   * PutAlternateContact calls per second.
   *
   * @default 4.5
   */
  readonly alternateContactWritesPerSecond?: number;

  /**
   * GetAlternateContact calls per second.
   *
   * @default 9
   */
  readonly alternateContactReadsPerSecond?: number;

  /**
   * DeleteAlternateContact calls per second (RemovalPolicy.DESTROY only).
   *
   * @default 0.9
   */
  readonly alternateContactDeletesPerSecond?: number;

  /**
   * PutContactInformation calls per second.
   *
   * @default 4.5
   */
  readonly contactInformationWritesPerSecond?: number;

  /**
   * GetContactInformation calls per second.
   *
   * @default 9
   */
  readonly contactInformationReadsPerSecond?: number;
}
