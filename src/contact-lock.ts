/**
 * The opt-in contact lock of {@link OrganizationContacts}: a service control policy that denies changing contacts
 * (`account:PutAlternateContact`, `account:DeleteAlternateContact`, `account:PutContactInformation`) to every
 * principal of the targeted accounts except the construct's own role and the principals you exempt.
 *
 * Service control policies never apply to the management account: its own principals can still change its
 * contacts (and the management account changes members' contacts with `AccountId` unhindered). SCPs must be
 * enabled in the organization (`aws organizations enable-policy-type --policy-type SERVICE_CONTROL_POLICY
 * --root-id r-...`), and the stack must be deployed where policies can be created: the management account, or a
 * delegated administrator for AWS Organizations with a resource-based delegation policy.
 *
 * @example
 * const lock: ContactLock = {
 *   targetIds: ['r-ab12'],
 *   exemptPrincipalArns: ['arn:aws:iam::111111111111:role/BreakGlassAdministrator'],
 * };
 */
export interface ContactLock {
  /**
   * Where the policy is attached: the root (`r-...`), organizational units (`ou-...`) or member accounts (12 digits).
   */
  readonly targetIds: string[];

  /**
   * Other principals that may still change contacts (IAM role or user ARNs; `*` and `?` wildcards as in
   * `ArnNotLike`), for example a break-glass role. Name their account: an ARN whose account is a wildcard matches a
   * principal that any locked account's administrator can create (synth warns). The policy holds at most 5,120
   * characters: 48 role ARNs of 64-character names.
   *
   * @default - only the construct's own role
   */
  readonly exemptPrincipalArns?: string[];
}
