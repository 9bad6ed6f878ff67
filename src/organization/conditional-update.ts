/**
 * One conditional `UpdateItem` on the results table, the building block of every claim, lease and fence the run
 * engine keeps there: `false` when its condition refused it, any other failure thrown.
 */
import { DynamoDBClient, UpdateItemCommand, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';

/** A write refused by its condition: the item was written before, or the state moved on. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

export async function conditionalUpdate(client: DynamoDBClient, input: UpdateItemCommandInput): Promise<boolean> {
  try {
    await client.send(new UpdateItemCommand(input));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return false;
    }
    throw error;
  }
}

const DAY_SECONDS = 86_400;

/** When an item written now expires (DynamoDB's time to live, epoch seconds): `retentionDays` from now. */
export function expiresAtSeconds(nowMilliseconds: number, retentionDays: number): number {
  return Math.floor(nowMilliseconds / 1000) + retentionDays * DAY_SECONDS;
}
