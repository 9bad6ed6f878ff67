/**
 * The events that announce a new account, and where each holds the account id. Organizations sends its events
 * to EventBridge in us-east-1; Control Tower sends its lifecycle events in its home Region.
 */

import { isAccountId } from '../contacts/validation';
import { ACCOUNT_MOVED_EVENT_NAME, ACCOUNT_TAG_EVENT_NAMES, CONTROL_TOWER_EVENT_NAMES, ORGANIZATIONS_EVENT_NAMES } from '../protocol/account-events';

/** A CloudTrail-based EventBridge event, as far as this library reads it. */
export interface AccountLifecycleEvent {
  readonly id?: string;
  readonly source?: string;
  readonly 'detail-type'?: string;
  readonly detail?: {
    readonly eventName?: string;
    readonly errorCode?: string;
    readonly userIdentity?: { readonly accountId?: string };
    readonly recipientAccountId?: string;
    readonly requestParameters?: { readonly accountId?: string; readonly destinationParentId?: string; readonly resourceId?: string } | null;
    readonly responseElements?: { readonly handshake?: { readonly parties?: Array<{ readonly id?: string; readonly type?: string }> } } | null;
    readonly serviceEventDetails?: {
      readonly createAccountStatus?: { readonly state?: string; readonly accountId?: string };
      readonly createManagedAccountStatus?: { readonly state?: string; readonly account?: { readonly accountId?: string } };
    };
  };
}

/** Whether an event is one of those above (whatever its outcome). */
export function isAccountLifecycleEvent(event: unknown): event is AccountLifecycleEvent {
  const candidate = event as AccountLifecycleEvent;
  return (
    (candidate?.source === 'aws.organizations' &&
      [...ORGANIZATIONS_EVENT_NAMES, ACCOUNT_MOVED_EVENT_NAME, ...ACCOUNT_TAG_EVENT_NAMES].includes(candidate.detail?.eventName ?? '')) ||
    (candidate?.source === 'aws.controltower' && CONTROL_TOWER_EVENT_NAMES.includes(candidate.detail?.eventName ?? ''))
  );
}

/**
 * The id of the account the event announces (created, joined, moved to another unit, tagged or untagged), or
 * `undefined` when the event does not announce a usable account (a failed creation, a failed call, an id that is not
 * 12 digits: a unit's or a policy's tags).
 */
export function newAccountId(event: AccountLifecycleEvent): string | undefined {
  const detail = event.detail;
  let accountId: string | undefined;
  switch (detail?.eventName) {
    case 'CreateAccountResult': {
      const status = detail.serviceEventDetails?.createAccountStatus;
      accountId = status?.state === 'SUCCEEDED' ? status.accountId : undefined;
      break;
    }
    case 'CreateManagedAccount': {
      const status = detail.serviceEventDetails?.createManagedAccountStatus;
      accountId = status?.state === 'SUCCEEDED' ? status.account?.accountId : undefined;
      break;
    }
    case 'AcceptHandshake': {
      if (detail.errorCode) {
        return undefined;
      }
      // The accepting account is the handshake's ACCOUNT party; the caller of AcceptHandshake is that account too.
      const party = detail.responseElements?.handshake?.parties?.find((candidate) => candidate.type === 'ACCOUNT');
      accountId = party?.id ?? detail.userIdentity?.accountId;
      break;
    }
    case ACCOUNT_MOVED_EVENT_NAME: {
      // MoveAccount, an API call: the account is in the request; a failed call moved nothing.
      accountId = detail.errorCode ? undefined : detail.requestParameters?.accountId;
      break;
    }
    case 'TagResource':
    case 'UntagResource': {
      // Tags of a unit, root or policy have ids that are not 12 digits: rejected below.
      accountId = detail.errorCode ? undefined : detail.requestParameters?.resourceId;
      break;
    }
    default:
      return undefined;
  }
  return isAccountId(accountId) ? accountId : undefined;
}

/** Whether the event is an account moved to another parent (not a new account: no wait for it to become ready). */
export function isAccountMovedEvent(event: AccountLifecycleEvent): boolean {
  return event.detail?.eventName === ACCOUNT_MOVED_EVENT_NAME;
}

/** Whether the event is a change of an account's tags (not a new account either). */
export function isAccountTagEvent(event: AccountLifecycleEvent): boolean {
  return ACCOUNT_TAG_EVENT_NAMES.includes(event.detail?.eventName ?? '');
}
