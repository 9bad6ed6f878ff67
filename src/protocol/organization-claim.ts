/**
 * What an `OrganizationContacts` resource's claim (an SSM parameter under ORGANIZATION_CLAIMS_PATH) says: which
 * resource it is, since when it owns its scope, its function's role, and the scope. Another resource reads it to
 * refuse a second owner of an account's contact before any write, and to leave the first owner's writes alone.
 * Claims written by earlier versions hold only `<stack ARN> <logical id>`: they are read without a scope.
 */
import { OwnedScope } from '../contacts/ownership';

/** SSM Parameter Store's standard parameters hold at most 4 KB. */
const MAX_CLAIM_CHARACTERS = 4_096;

export interface OrganizationClaim {
  readonly stackId: string;
  readonly logicalResourceId: string;
  /** The construct's path, for messages. @default the logical id */
  readonly constructPath?: string;
  /** When the resource first claimed (epoch milliseconds): of two owners, the earlier keeps the contact. */
  readonly since: number;
  /** The function's role: its writes are the owner's, not outside changes. @default unknown */
  readonly roleArn?: string;
  /** What it owns. @default unknown: too large for one parameter, or an earlier version's claim */
  readonly scope?: OwnedScope;
}

/** The parameter's value: `<stack ARN> <logical id> <JSON>`; without the scope when it would not fit. */
export function organizationClaimValue(claim: OrganizationClaim): string {
  const head = `${claim.stackId} ${claim.logicalResourceId}`;
  const who = { since: claim.since, roleArn: claim.roleArn, constructPath: claim.constructPath };
  const full = `${head} ${JSON.stringify({ ...who, scope: claim.scope })}`;
  return full.length <= MAX_CLAIM_CHARACTERS ? full : `${head} ${JSON.stringify(who)}`;
}

/** Who a claim names in messages: the construct's path and its stack. */
export function describeClaimOwner(claim: OrganizationClaim): string {
  const stackName = claim.stackId.split(':stack/')[1]?.split('/')[0] ?? claim.stackId;
  return `${claim.constructPath ?? claim.logicalResourceId} (stack ${stackName})`;
}

/** Reads a claim's value; `undefined` for a value that is not a claim. */
export function parseOrganizationClaim(value: string): OrganizationClaim | undefined {
  const [stackId, logicalResourceId, ...rest] = value.split(' ');
  if (!stackId?.startsWith('arn:') || !logicalResourceId) {
    return undefined;
  }
  let detail: { since?: unknown; roleArn?: unknown; constructPath?: unknown; scope?: OwnedScope } = {};
  try {
    detail = rest.length > 0 ? JSON.parse(rest.join(' ')) : {};
  } catch {
    detail = {};
  }
  return {
    stackId,
    logicalResourceId,
    since: typeof detail.since === 'number' ? detail.since : 0,
    ...(typeof detail.roleArn === 'string' ? { roleArn: detail.roleArn } : {}),
    ...(typeof detail.constructPath === 'string' ? { constructPath: detail.constructPath } : {}),
    ...(detail.scope && Array.isArray(detail.scope.contactTypes) && Array.isArray(detail.scope.excludeAccountIds) ? { scope: detail.scope } : {}),
  };
}
