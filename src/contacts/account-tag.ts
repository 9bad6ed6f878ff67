/**
 * A tag of an AWS account in AWS Organizations, as a condition: the account carries the key, and (when a value is
 * given) that value. Keys and values are compared exactly, case included, as Organizations stores them.
 *
 * @example
 * const sandbox: AccountTag = { key: 'environment', value: 'sandbox' };
 * const anyOwner: AccountTag = { key: 'owner' };
 */
export interface AccountTag {
  /**
   * The tag key (1 to 128 characters).
   */
  readonly key: string;

  /**
   * The tag value (0 to 256 characters).
   *
   * @default - any value: the key alone decides
   */
  readonly value?: string;
}
