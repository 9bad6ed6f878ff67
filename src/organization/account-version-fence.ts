/**
 * The version fence of each account, across runs: two runs that read different versions of a default contact's
 * SSM parameter (a deployment and the reconciliation a parameter change started, or two changes a second apart) can
 * overlap, and without a fence the one that read the older version may write an account last. An account's fence
 * (`FENCE#<account id>` in the results table) holds the newest version of each parameter applied to it, and who is
 * applying it now:
 *
 * - a run takes the fence before it reads the account, on the condition that no parameter's stored version is newer
 *   than the run's and that no other delivery holds it; it stores its versions, reads, writes, and gives the fence
 *   back (its versions stay);
 * - a run that finds a newer version stored leaves the account alone: a newer run has applied it, or is applying it;
 * - a run that finds the fence held hands the account back to the queue until the holder's invocation ends, as with
 *   the write lease of its own run.
 *
 * Taken before the read (not before the write): a newer run that finds an account already as declared still marks it,
 * so an older run cannot write it afterwards. Only runs that pin parameter versions take it: a run without parameters
 * has nothing older or newer to apply.
 */
import { AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { conditionalUpdate, expiresAtSeconds } from './conditional-update';

const FENCE_SORT_KEY = 'FENCE';

/** What taking an account's fence found. */
export type FenceTaking =
  | { readonly state: 'TAKEN' }
  /** A newer version of this parameter was applied to the account (or is being applied) by another run. */
  | { readonly state: 'NEWER'; readonly parameterName: string; readonly version: number; readonly appliedVersion: number }
  /** Another delivery holds the fence until then (epoch milliseconds) at the latest. */
  | { readonly state: 'HELD'; readonly heldUntil: number };

export class AccountVersionFence {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes the account's fence for the parameter versions a run pinned (`versions`, by parameter name). A fence whose
   * holder's time is up is taken over: its invocation ended.
   */
  public async take(accountId: string, versions: Record<string, number>, owner: string, leaseMilliseconds: number): Promise<FenceTaking> {
    const names = Object.keys(versions).sort();
    const attributeNames: Record<string, string> = {};
    const values: Record<string, AttributeValue> = {
      ':owner': { S: owner },
      ':until': { N: String(this.now() + leaseMilliseconds) },
      ':now': { N: String(this.now()) },
      ':expires': { N: String(expiresAtSeconds(this.now(), this.retentionDays)) },
    };
    const sets = ['fenceOwner = :owner', 'fenceUntil = :until', 'expiresAt = :expires'];
    const conditions = ['(attribute_not_exists(fenceOwner) OR fenceOwner = :owner OR fenceUntil < :now)'];
    names.forEach((name, index) => {
      attributeNames[`#p${index}`] = versionAttribute(name);
      values[`:v${index}`] = { N: String(versions[name]) };
      sets.push(`#p${index} = :v${index}`);
      conditions.push(`(attribute_not_exists(#p${index}) OR #p${index} <= :v${index})`);
    });
    const taken = await conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: fenceKey(accountId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ...(names.length > 0 ? { ExpressionAttributeNames: attributeNames } : {}),
      ExpressionAttributeValues: values,
    });
    if (taken) {
      return { state: 'TAKEN' };
    }
    const item =
      (await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: fenceKey(accountId), ConsistentRead: true }))).Item ?? {};
    for (const name of names) {
      const applied = Number(item[versionAttribute(name)]?.N ?? 0);
      if (applied > versions[name]) {
        return { state: 'NEWER', parameterName: name, version: versions[name], appliedVersion: applied };
      }
    }
    // Held by another delivery until then (or given back since: then at once).
    return { state: 'HELD', heldUntil: Number(item.fenceUntil?.N ?? this.now()) };
  }

  /** Gives the fence back once the account is done (its versions stay); a fence another holds is left. */
  public async giveBack(accountId: string, owner: string): Promise<void> {
    await conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: fenceKey(accountId),
      UpdateExpression: 'REMOVE fenceOwner, fenceUntil',
      ConditionExpression: 'fenceOwner = :owner',
      ExpressionAttributeValues: { ':owner': { S: owner } },
    });
  }
}

function fenceKey(accountId: string): Record<string, AttributeValue> {
  return { pk: { S: `FENCE#${accountId}` }, sk: { S: FENCE_SORT_KEY } };
}

/** The attribute holding a parameter's newest applied version: `version <parameter name>`. */
function versionAttribute(parameterName: string): string {
  return `version ${parameterName}`;
}
