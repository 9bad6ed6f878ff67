/**
 * Calls per second of the AWS Account Management API for the whole organization, shared by every worker (each
 * worker's token bucket holds its share of the rate and of AWS's burst). The defaults are AWS's quotas for the
 * calling account: GetAlternateContact and GetContactInformation 10/s (burst 15), PutAlternateContact and
 * PutContactInformation 5/s (burst 8), DeleteAlternateContact 1/s (burst 6), GetPrimaryEmail 3/s.
 */
export interface AccountApiRates {
  /**
   * PutAlternateContact calls per second.
   *
   * @default 5
   */
  readonly alternateContactWritesPerSecond?: number;

  /**
   * GetAlternateContact calls per second.
   *
   * @default 10
   */
  readonly alternateContactReadsPerSecond?: number;

  /**
   * DeleteAlternateContact calls per second (RemovalPolicy.DESTROY only).
   *
   * @default 1
   */
  readonly alternateContactDeletesPerSecond?: number;

  /**
   * PutContactInformation calls per second.
   *
   * @default 5
   */
  readonly contactInformationWritesPerSecond?: number;

  /**
   * GetContactInformation calls per second.
   *
   * @default 10
   */
  readonly contactInformationReadsPerSecond?: number;

  /**
   * GetPrimaryEmail calls per second (the primary email check of `runs.checkPrimaryEmail`).
   *
   * @default 3
   */
  readonly primaryEmailReadsPerSecond?: number;
}
