/**
 * Notices given once per cause: a cause that every attempt and delivery of the same event meets again (a contact
 * parameter that breaks the rules, met by Lambda's three attempts and each delivery of their record) is claimed in the
 * results table (`NOTICE#<key>`) before it is notified, and marked given after.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { conditionalUpdate, expiresAtSeconds } from './conditional-update';

const NOTICE_SORT_KEY = 'NOTICE';

export class NoticeClaims {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Claims the giving of the notice `key`: `true` for the one arrival that should give it. A claim whose notice was
   * not given (its holder failed or died) is taken over once it is `claimMilliseconds` old; a notice given is never
   * claimed again.
   */
  public async claim(key: string, claimMilliseconds: number): Promise<boolean> {
    return conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: { pk: { S: `NOTICE#${key}` }, sk: { S: NOTICE_SORT_KEY } },
      UpdateExpression: 'SET claimedAt = :now, expiresAt = :expires',
      ConditionExpression: 'attribute_not_exists(givenAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
      ExpressionAttributeValues: {
        ':now': { N: String(this.now()) },
        ':stale': { N: String(this.now() - claimMilliseconds) },
        ':expires': { N: String(expiresAtSeconds(this.now(), this.retentionDays)) },
      },
    });
  }

  /** Marks a claimed notice given: no later arrival gives it again. */
  public async given(key: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `NOTICE#${key}` }, sk: { S: NOTICE_SORT_KEY } },
        UpdateExpression: 'SET givenAt = :now',
        ExpressionAttributeValues: { ':now': { N: String(this.now()) } },
      }),
    );
  }
}
