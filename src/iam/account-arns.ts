import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { isOwnAccount } from '../contacts/own-account';

/**
 * The IAM resource ARNs of the Account Management API (service authorization reference, "AWS Account
 * Management"): `account` for the caller's own account, `accountInOrganization` for a member account.
 */

/** `arn:${Partition}:account::${AccountId}:account`: the stack's own account (calls without `AccountId`). */
export function ownAccountArn(stack: Stack): string {
  return stack.formatArn({ service: 'account', region: '', account: stack.account, resource: 'account', arnFormat: ArnFormat.NO_RESOURCE_NAME });
}

/**
 * `arn:${Partition}:account::*:account/o-*\/${MemberAccountId}`: a member account managed with `AccountId`.
 * The management account id and organization id in the ARN are not known at synth time (a delegated
 * administrator deploys from another account), so they are wildcards; the member account id is not.
 */
export function memberAccountArn(stack: Stack, memberAccountId: string, managementAccountId = '*'): string {
  return stack.formatArn({
    service: 'account',
    region: '',
    account: managementAccountId,
    resource: 'account',
    resourceName: `o-*/${memberAccountId}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * `arn:*:account::*:account/o-*\/${MemberAccountId}`: the same member account as `memberAccountArn`, in the form
 * that lists many accounts in few characters. The partition, the management account and the organization are
 * wildcards, which widen nothing: a role acts only in its own partition, and the API reaches member accounts of the
 * caller's own organization only. 44 characters in a policy instead of 53 (in `aws-us-gov`), so that 1,000 accounts
 * fit in 8 managed policies of IAM's 6,144 characters.
 */
export function memberAccountArnPattern(stack: Stack, memberAccountId: string): string {
  return stack.formatArn({
    partition: '*',
    service: 'account',
    region: '',
    account: '*',
    resource: 'account',
    resourceName: `o-*/${memberAccountId}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** How a construct's `accountId` relates to the stack it is in. */
export enum AccountRelation {
  /** The stack's own account: the API is called without `AccountId`. */
  OWN = 'OWN',
  /** Another account of the organization: the API is called with `AccountId`. */
  MEMBER = 'MEMBER',
  /** Not known at synth time (a token, or an environment-agnostic stack): decided by the handler. */
  UNKNOWN = 'UNKNOWN',
}

export function accountRelation(stack: Stack, accountId: string | undefined): AccountRelation {
  if (accountId === undefined) {
    return AccountRelation.OWN;
  }
  if (Token.isUnresolved(accountId) || Token.isUnresolved(stack.account)) {
    return AccountRelation.UNKNOWN;
  }
  return isOwnAccount(accountId, stack.account) ? AccountRelation.OWN : AccountRelation.MEMBER;
}

/** The ARNs a call for `accountId` may need. */
export function accountArns(stack: Stack, accountId: string | undefined): string[] {
  switch (accountRelation(stack, accountId)) {
    case AccountRelation.OWN:
      return [ownAccountArn(stack)];
    case AccountRelation.MEMBER:
      return [memberAccountArn(stack, accountId!)];
    case AccountRelation.UNKNOWN:
      return [ownAccountArn(stack), memberAccountArn(stack, accountId!)];
  }
}
