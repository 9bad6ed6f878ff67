/**
 * What each account held before the construct first wrote to it (ContactRemoval.RESTORE_PREVIOUS), kept in the results
 * table under one partition (`SNAPSHOTS`), one item per account and contact type, without expiry until restored.
 * These items hold contacts (personal data): the table is encrypted with a KMS key, and no snapshot value is ever
 * logged. A snapshot is taken once: the first write to an account's contact of a type; later writes keep it.
 */
import { AttributeValue, DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { AlternateContact } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';

const PARTITION = { S: 'SNAPSHOTS' };
/** Restored snapshots stay a day (for the record), then expire. */
const RESTORED_RETENTION_SECONDS = 86_400;

/** One contact as it was before the first write: `undefined` where the account held none. */
export interface ContactSnapshot {
  readonly accountId: string;
  /** SECURITY, BILLING, OPERATIONS or PRIMARY. */
  readonly contactType: string;
  readonly contact?: AlternateContact | ContactInformation;
}

export class SnapshotStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps what the account holds before a write, unless a snapshot is kept already (a restored one is replaced). */
  public async keep(snapshot: ContactSnapshot): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: PARTITION,
            sk: { S: `${snapshot.accountId}#${snapshot.contactType}` },
            contact: { S: JSON.stringify(snapshot.contact ?? null) },
            takenAt: { N: String(this.now()) },
          },
          ConditionExpression: 'attribute_not_exists(sk) OR restored = :true',
          ExpressionAttributeValues: { ':true': { BOOL: true } },
        }),
      );
    } catch (error) {
      if ((error as Error)?.name !== 'ConditionalCheckFailedException') {
        throw error;
      }
    }
  }

  /** The snapshots not restored yet, of one account or of every account. */
  public async snapshots(accountId?: string): Promise<ContactSnapshot[]> {
    const snapshots: ContactSnapshot[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: accountId ? 'pk = :pk AND begins_with(sk, :account)' : 'pk = :pk',
          FilterExpression: 'attribute_not_exists(restored)',
          ExpressionAttributeValues: { ':pk': PARTITION, ...(accountId ? { ':account': { S: `${accountId}#` } } : {}) },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        const [id, contactType] = item.sk.S!.split('#');
        const contact = JSON.parse(item.contact.S!);
        snapshots.push({ accountId: id, contactType, ...(contact ? { contact } : {}) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return snapshots;
  }

  /** Marks a snapshot restored: it no longer counts, expires in a day, and the next first write takes a new one. */
  public async markRestored(accountId: string, contactType: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: PARTITION, sk: { S: `${accountId}#${contactType}` } },
        UpdateExpression: 'SET restored = :true, expiresAt = :expires',
        ExpressionAttributeValues: { ':true': { BOOL: true }, ':expires': { N: String(Math.floor(this.now() / 1000) + RESTORED_RETENTION_SECONDS) } },
      }),
    );
  }
}
