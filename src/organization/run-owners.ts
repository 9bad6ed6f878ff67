/**
 * One owner per contact across stacks: a deployment records its claim (scope, role, since when) and reads the
 * others'; an earlier owner of any account's contact in its scope stops it before any write, naming that owner.
 */
import { RunEnvironment } from './run-context';
import { loadValidDeclaration } from './run-declaration';
import { AccountPlacement } from '../contacts/organization-declaration';
import { ONE_OWNER_WAY_OUT, OwnedScope, ownedScope, ownsContact, sharedContactTypes } from '../contacts/ownership';
import { OrganizationClaim, describeClaimOwner, organizationClaimValue, parseOrganizationClaim } from '../protocol/organization-claim';
import { ORGANIZATION_CLAIMS_PATH } from '../protocol/resource-properties';
import { ClaimOwner, ResourceClaims } from '../runtime/resource-claims';

/** The other resources' claims, read. */
export async function organizationClaims(claims: ResourceClaims): Promise<OrganizationClaim[]> {
  return (await claims.list(ORGANIZATION_CLAIMS_PATH)).flatMap((value) => parseOrganizationClaim(value) ?? []);
}

/**
 * Records this resource's claim (keeping when it first claimed) and returns the claims of the owners before it in
 * other stacks: of two owners, the one that claimed first keeps the contacts (ties go to the lower stack ARN).
 */
export async function claimScope(
  context: RunEnvironment,
  claims: ResourceClaims,
  owner: ClaimOwner,
  declarationKey: string,
): Promise<OrganizationClaim[]> {
  const all = await organizationClaims(claims);
  const isOwn = (claim: OrganizationClaim) => claim.stackId === owner.stackId && claim.logicalResourceId === owner.logicalResourceId;
  const since = all.find(isOwn)?.since || context.now();
  const declaration = await loadValidDeclaration(context, declarationKey);
  await claims.claim(
    ORGANIZATION_CLAIMS_PATH,
    owner,
    organizationClaimValue({
      stackId: owner.stackId,
      logicalResourceId: owner.logicalResourceId,
      since,
      constructPath: declaration.constructPath,
      roleArn: context.ownRoleArn,
      scope: ownedScope(declaration),
    }),
  );
  // Another resource of the same stack is one this one replaces (a rename or move within the stack: CloudFormation
  // creates the new before it deletes the old); two at once in one stack were refused at synth.
  return all.filter((claim) => claim.stackId !== owner.stackId && (claim.since < since || (claim.since === since && claim.stackId < owner.stackId)));
}

/**
 * Why this scope may not be applied: an earlier owner's scope holds one of its accounts' contacts of a type it
 * declares too. `undefined` when none does (an earlier claim without a scope is not known to overlap).
 */
export function ownerConflict(mine: OwnedScope, placements: readonly AccountPlacement[], earlier: readonly OrganizationClaim[]): string | undefined {
  for (const other of earlier) {
    if (!other.scope) {
      continue;
    }
    const shared = sharedContactTypes(mine, other.scope);
    const accounts = placements.filter((placement) => shared.some((type) => ownsContact(other.scope!, placement, type)));
    if (accounts.length > 0) {
      const named = accounts
        .slice(0, 5)
        .map((placement) => placement.accountId)
        .join(', ');
      return (
        `${accounts.length} account(s) in scope (${named}${accounts.length > 5 ? ', ...' : ''}) already have their ${shared.join(', ')} contacts ` +
        `declared by ${describeClaimOwner(other)}, which claimed them first: nothing was written; ${ONE_OWNER_WAY_OUT}`
      );
    }
  }
  return undefined;
}
