/**
 * The EventBridge events that announce a new account, one moved to another unit or one whose tags changed: the
 * construct's rules match them and the organization function reads them. Organizations sends its events to EventBridge in us-east-1; Control Tower sends its
 * lifecycle events in its home Region.
 */

/** Organizations events that add an account: a created account, and an invited account that accepted. */
export const ORGANIZATIONS_EVENT_NAMES = ['CreateAccountResult', 'AcceptHandshake'];

/** The Organizations event of an account moved to another parent (root or organizational unit): it is applied again. */
export const ACCOUNT_MOVED_EVENT_NAME = 'MoveAccount';

/**
 * The Organizations API calls that change tags (of accounts, units, roots or policies: the function acts on accounts
 * only). Matched only when the declaration excludes or overrides by tag.
 */
export const ACCOUNT_TAG_EVENT_NAMES = ['TagResource', 'UntagResource'];

/** Control Tower's lifecycle event of an enrolled (Account Factory) account. */
export const CONTROL_TOWER_EVENT_NAMES = ['CreateManagedAccount'];

/** Both ways CloudTrail-based events arrive: service events and API calls. */
export const CLOUDTRAIL_DETAIL_TYPES = ['AWS Service Event via CloudTrail', 'AWS API Call via CloudTrail'];

/** The Account Management API calls that change contacts (CloudTrail, source aws.account): outside changes. */
export const CONTACT_CHANGE_EVENT_NAMES = ['PutAlternateContact', 'DeleteAlternateContact', 'PutContactInformation'];
