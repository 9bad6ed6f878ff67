/**
 * Claims kept in SSM Parameter Store (see `CLAIMS_PARAMETER_ROOT`): which custom resources, in any stack of this
 * account and Region, declare what a claims path stands for (one account's contact of one type, or contacts across
 * the organization).
 */
import { DeleteParameterCommand, GetParametersByPathCommand, ParameterType, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { collectPages } from './pagination';
import { DEFAULT_RETRY_OPTIONS, RetryOptions, withRetries } from './retry';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { claimParameterName } from '../protocol/resource-properties';

/** The resource that claims: its stack and logical id, as CloudFormation's request names them. */
export interface ClaimOwner {
  /** The stack's ARN (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<guid>`). */
  readonly stackId: string;
  readonly logicalResourceId: string;
}

/** The resource a CloudFormation request is for. */
export function claimOwner(event: { readonly StackId: string; readonly LogicalResourceId: string }): ClaimOwner {
  return { stackId: event.StackId, logicalResourceId: event.LogicalResourceId };
}

/** The stack name inside a stack ARN. */
export function stackNameOf(stackId: string): string {
  const name = stackId.split(':stack/')[1]?.split('/')[0];
  if (!name) {
    throw new Error(`not a CloudFormation stack ARN: '${stackId}'`);
  }
  return name;
}

export class ResourceClaims {
  constructor(
    private readonly client: SSMClient,
    private readonly retry: RetryOptions = DEFAULT_RETRY_OPTIONS,
  ) {}

  /** Records that `owner` declares what `path` stands for (idempotent); `value` says more than who. */
  public async claim(path: string, owner: ClaimOwner, value = `${owner.stackId} ${owner.logicalResourceId}`): Promise<void> {
    const name = this.name(path, owner);
    await explained(`recording the claim ${name}`, () =>
      withRetries(
        () =>
          this.client.send(
            new PutParameterCommand({
              Name: name,
              Value: value,
              Type: ParameterType.STRING,
              Overwrite: true,
              Description: 'cdk-account-contacts: this custom resource declares the contact (deleted with the resource)',
            }),
          ),
        this.retry,
      ),
    );
  }

  /** Removes `owner`'s claim and returns the claims that remain (`<stack ARN> <logical id>` each). */
  public async release(path: string, owner: ClaimOwner): Promise<string[]> {
    await this.deleteClaim(path, owner);
    return (await this.list(path)).map((value) => value.split(' ').slice(0, 2).join(' '));
  }

  /** The values of every claim under `path`. */
  public async list(path: string): Promise<string[]> {
    return collectPages(`ssm:GetParametersByPath ${path}`, async (nextToken) => {
      const page = await explained(`listing the claims under ${path}`, () =>
        withRetries(
          () =>
            this.client.send(
              new GetParametersByPathCommand({
                Path: path,
                Recursive: false,
                NextToken: nextToken,
              }),
            ),
          this.retry,
        ),
      );
      return { items: (page.Parameters ?? []).map((parameter) => parameter.Value ?? parameter.Name ?? ''), next: page.NextToken };
    });
  }

  /**
   * Removes `owner`'s claim when nothing depends on the claims that remain (a removal that deletes nothing): a failure
   * is returned as `claimNotReleased` (the parameter and the SSM error, masked) instead of thrown, for the log line.
   */
  public async releaseIfPossible(path: string, owner: ClaimOwner): Promise<{ claimNotReleased?: string }> {
    try {
      // Only the own claim: nothing reads the others.
      await this.deleteClaim(path, owner);
      return {};
    } catch (error) {
      return { claimNotReleased: (error as Error).message };
    }
  }

  private async deleteClaim(path: string, owner: ClaimOwner): Promise<void> {
    const name = this.name(path, owner);
    await explained(`releasing the claim ${name}`, async () => {
      try {
        await withRetries(() => this.client.send(new DeleteParameterCommand({ Name: name })), this.retry);
      } catch (error) {
        if ((error as { name?: string }).name !== 'ParameterNotFound') {
          throw error;
        }
      }
    });
  }

  private name(path: string, owner: ClaimOwner): string {
    return claimParameterName(path, stackNameOf(owner.stackId), owner.logicalResourceId);
  }
}

/** Runs an SSM call and says, if it fails, what it was for and what to check. */
async function explained<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const sdkError = error as { name?: string; message?: string };
    const advice =
      sdkError.name === 'AccessDeniedException'
        ? ": the function's role needs ssm:PutParameter, ssm:DeleteParameter and ssm:GetParametersByPath on the claims of its resources (granted by the construct), and no service control policy may deny them"
        : '';
    throw new Error(
      `${what} in SSM Parameter Store failed (${sdkError.name ?? 'Error'}: ${maskPersonalDataInText(sdkError.message ?? String(error))})${advice}`,
    );
  }
}

/** What a Delete does about its resource's claim, and whether it may then delete the contacts. */
export type ClaimOnDelete =
  /** Nothing to delete: the claim was released if it could be (`claimNotReleased` says why not; it never fails the Delete). */
  | { readonly deletesNow: false; readonly declaredBy?: undefined; readonly claimNotReleased?: string }
  /** Another resource still declares the contacts: they stay. */
  | { readonly deletesNow: false; readonly declaredBy: string[]; readonly claimNotReleased?: undefined }
  /** No other resource declares them: delete. */
  | { readonly deletesNow: true; readonly declaredBy?: undefined; readonly claimNotReleased?: undefined };

/**
 * The claim rule of every Delete, shared by both functions: a resource that deletes nothing (a failed create, a
 * removal policy that keeps, a dry run) releases its claim if it can, so that it keeps no other resource from deleting
 * later, and a failure to release never fails a removal that leaves the contacts; a resource that deletes releases its
 * claim first and deletes only when no other resource (itself renamed or moved, another stack) claims the same path.
 */
export async function releaseClaimOnDelete(
  claims: ResourceClaims | undefined,
  path: string,
  owner: ClaimOwner,
  deletes: boolean,
): Promise<ClaimOnDelete> {
  if (!deletes) {
    return { deletesNow: false, ...(await claims?.releaseIfPossible(path, owner)) };
  }
  const declaredBy = claims ? await claims.release(path, owner) : [];
  return declaredBy.length > 0 ? { deletesNow: false, declaredBy } : { deletesNow: true };
}
