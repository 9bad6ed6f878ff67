/**
 * The results of each run (a deployment, a reconciliation, a new account) in DynamoDB: one summary item with
 * counters and one item per account. Only account ids, contact types, outcomes and masked reasons are stored:
 * no contact. Items expire (TTL) after the retention period.
 */
import {
  AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PendingCloudFormationResponse } from './work-messages';

/** What started a run. */
export enum RunTrigger {
  DEPLOYMENT = 'DEPLOYMENT',
  RECONCILIATION = 'RECONCILIATION',
  NEW_ACCOUNT = 'NEW_ACCOUNT',
  /** An account moved to another organizational unit: applied again with its new unit's contacts. */
  ACCOUNT_MOVED = 'ACCOUNT_MOVED',
  /** An account's tags changed: applied again, or left alone if a tag now excludes it. */
  ACCOUNT_TAGGED = 'ACCOUNT_TAGGED',
  /** A managed contact was changed by another principal: written back (onOutsideChange RESTORE). */
  OUTSIDE_CHANGE = 'OUTSIDE_CHANGE',
}

/** What a run does to each account. */
export enum RunAction {
  APPLY = 'APPLY',
  DELETE = 'DELETE',
  /** Read and compare only: `applied` counts the accounts that would change (dryRun, or before maxAccountChanges). */
  PLAN = 'PLAN',
  /** Write back what each account held before the first write (restorePreviousContacts), then forget it. */
  RESTORE = 'RESTORE',
}

/** How one account ended. */
export enum AccountOutcome {
  /** At least one contact was written (or deleted). */
  APPLIED = 'APPLIED',
  /** Every contact already held the declared values. */
  UNCHANGED = 'UNCHANGED',
  /** At least one contact could not be applied. */
  FAILED = 'FAILED',
  /** Left alone: the account carries a tag of `excludeAccountTags` (read when the account was processed). */
  EXCLUDED = 'EXCLUDED',
}

/** One contact type that failed, and why (masked). */
export interface ContactFailure {
  /** SECURITY, BILLING, OPERATIONS or PRIMARY. */
  readonly contactType: string;
  readonly reason: string;
}

export interface AccountResult {
  readonly accountId: string;
  readonly outcome: AccountOutcome;
  /** The contact types written (or deleted). */
  readonly changed: string[];
  readonly failures: ContactFailure[];
  /** Deliveries it took. */
  readonly attempts: number;
  /** Where the account sat, kept by a plan so that the apply after it queues the account as it was planned. */
  readonly organizationalUnitIds?: string[];
}

/** What the plan before an apply found, for the apply's answer. */
export interface PlanSummary {
  readonly runId: string;
  readonly total: number;
  readonly unchanged: number;
  readonly excluded: number;
}

export interface RunSummary {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly action: RunAction;
  readonly total: number;
  readonly applied: number;
  readonly unchanged: number;
  readonly failed: number;
  /** Accounts left alone because of their tags. */
  readonly excluded: number;
  readonly status: 'RUNNING' | 'COMPLETE';
  readonly startedAt: number;
  /** When a waiting CloudFormation request is answered even if accounts are pending (epoch milliseconds). */
  readonly deadline?: number;
  /** The CloudFormation request to answer when the run ends or the deadline passes. */
  readonly cloudFormation?: PendingCloudFormationResponse;
  /** Whether the CloudFormation request was answered. */
  readonly responded: boolean;
  readonly failOnAccountErrors: boolean;
  /** A plan run that gates its apply: more accounts to change than this refuses the apply. */
  readonly maxAccountChanges?: number;
  /** The declaration a gated plan's apply applies. */
  readonly declarationKey?: string;
  /** The plan an apply run follows. */
  readonly plan?: PlanSummary;
}

const SUMMARY = 'SUMMARY';
const ACCOUNT_PREFIX = 'ACCOUNT#';
const DAY_SECONDS = 86_400;

/** A write refused by its condition: the item was written before, or the state moved on. */
function isConditionalCheckFailed(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

function runKey(runId: string) {
  return { pk: { S: `RUN#${runId}` } };
}

function accountResultFromItem(item: Record<string, AttributeValue>): AccountResult {
  return {
    accountId: item.sk.S!.slice(ACCOUNT_PREFIX.length),
    outcome: item.outcome.S as AccountOutcome,
    changed: item.changed.S ? item.changed.S.split(',') : [],
    failures: JSON.parse(item.failures.S!),
    attempts: Number(item.attempts.N),
    ...(item.units ? { organizationalUnitIds: JSON.parse(item.units.S!) } : {}),
  };
}

/** Accounts counted so far: the outcome counters of a summary item (`excluded` is absent from older runs). */
function countedTotal(summary: Record<string, AttributeValue>): number {
  return Number(summary.applied.N) + Number(summary.unchanged.N) + Number(summary.failed.N) + Number(summary.excluded?.N ?? 0);
}

export class RunStore {
  /** DynamoDB calls made, by operation. */
  public readonly callCounts: Record<string, number> = {};

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates the run's summary item; a run id that exists already is an error (a redelivered request). */
  public async createRun(run: Omit<RunSummary, 'applied' | 'unchanged' | 'failed' | 'excluded' | 'status' | 'responded'>): Promise<boolean> {
    const item: Record<string, AttributeValue> = {
      ...runKey(run.runId),
      sk: { S: SUMMARY },
      trigger: { S: run.trigger },
      action: { S: run.action },
      total: { N: String(run.total) },
      applied: { N: '0' },
      unchanged: { N: '0' },
      failed: { N: '0' },
      excluded: { N: '0' },
      status: { S: run.total === 0 ? 'COMPLETE' : 'RUNNING' },
      startedAt: { N: String(run.startedAt) },
      failOnAccountErrors: { BOOL: run.failOnAccountErrors },
      expiresAt: { N: String(this.expiresAt()) },
    };
    if (run.deadline !== undefined) {
      item.deadline = { N: String(run.deadline) };
    }
    if (run.cloudFormation) {
      item.cloudFormation = { S: JSON.stringify(run.cloudFormation) };
    }
    if (run.maxAccountChanges !== undefined) {
      item.maxAccountChanges = { N: String(run.maxAccountChanges) };
    }
    if (run.plan) {
      item.plan = { S: JSON.stringify(run.plan) };
    }
    if (run.declarationKey) {
      item.declarationKey = { S: run.declarationKey };
    }
    try {
      await this.send('PutItem', () => this.client.send(new PutItemCommand({
        TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)',
      })));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw error;
    }
  }

  /** One account's stored result, or `undefined`. */
  private async accountResult(runId: string, accountId: string): Promise<AccountResult | undefined> {
    const response = await this.send('GetItem', () => this.client.send(new GetItemCommand({
      TableName: this.tableName, Key: { ...runKey(runId), sk: { S: `${ACCOUNT_PREFIX}${accountId}` } }, ConsistentRead: true,
    })));
    return response.Item ? accountResultFromItem(response.Item) : undefined;
  }

  /** The run's summary item; a missing one is an error (the run was never created). */
  private async summaryItem(runId: string): Promise<Record<string, AttributeValue>> {
    const response = await this.send('GetItem', () => this.client.send(new GetItemCommand({
      TableName: this.tableName, Key: { ...runKey(runId), sk: { S: SUMMARY } }, ConsistentRead: true,
    })));
    if (!response.Item) {
      throw new Error(`run ${runId} has no summary item in ${this.tableName}`);
    }
    return response.Item;
  }

  public async getRun(runId: string): Promise<RunSummary | undefined> {
    const response = await this.send('GetItem', () => this.client.send(new GetItemCommand({
      TableName: this.tableName, Key: { ...runKey(runId), sk: { S: SUMMARY } }, ConsistentRead: true,
    })));
    const item = response.Item;
    if (!item) {
      return undefined;
    }
    return {
      runId,
      trigger: item.trigger.S as RunTrigger,
      action: item.action.S as RunAction,
      total: Number(item.total.N),
      applied: Number(item.applied.N),
      unchanged: Number(item.unchanged.N),
      failed: Number(item.failed.N),
      excluded: Number(item.excluded?.N ?? 0),
      status: item.status.S as RunSummary['status'],
      startedAt: Number(item.startedAt.N),
      deadline: item.deadline ? Number(item.deadline.N) : undefined,
      cloudFormation: item.cloudFormation ? JSON.parse(item.cloudFormation.S!) : undefined,
      responded: item.responded?.BOOL ?? false,
      failOnAccountErrors: item.failOnAccountErrors?.BOOL ?? true,
      maxAccountChanges: item.maxAccountChanges ? Number(item.maxAccountChanges.N) : undefined,
      plan: item.plan ? JSON.parse(item.plan.S!) : undefined,
      declarationKey: item.declarationKey?.S,
    };
  }

  /**
   * Records the final results of a few accounts, each once, and counts each account once.
   *
   * Recording: a conditional put per account. An account recorded before (by a delivery of this or another message
   * that stopped, or a duplicate) keeps its stored result, which is read back and used instead.
   * Counting: one update of the run's summary that adds the outcomes and the account ids to `countedAccounts`, on the
   * condition that none of them is in it yet; when some are, they are left out and the rest is counted. So a worker
   * that stops between the two steps leaves accounts recorded and not counted, and the next delivery that meets them
   * counts them: the run always reaches its total, and never passes it. (`countedAccounts` holds 12-digit ids: about
   * 25,000 accounts fit in DynamoDB's 400 KB item.)
   * Returns the accounts counted now, with their stored results, and the run's progress.
   */
  public async recordAccountResults(runId: string, results: AccountResult[]): Promise<{ counted: AccountResult[]; done: number; total: number }> {
    const stored = await Promise.all(results.map(async (result) => {
      try {
        await this.send('PutItem', () => this.client.send(new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...runKey(runId),
            sk: { S: `${ACCOUNT_PREFIX}${result.accountId}` },
            outcome: { S: result.outcome },
            changed: { S: result.changed.join(',') },
            failures: { S: JSON.stringify(result.failures) },
            attempts: { N: String(result.attempts) },
            ...(result.organizationalUnitIds ? { units: { S: JSON.stringify(result.organizationalUnitIds) } } : {}),
            recordedAt: { N: String(this.now()) },
            expiresAt: { N: String(this.expiresAt()) },
          },
          ConditionExpression: 'attribute_not_exists(sk)',
        })));
        return result;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) {
          throw error;
        }
        return (await this.accountResult(runId, result.accountId)) ?? result;
      }
    }));

    let toCount = stored;
    for (;;) {
      if (toCount.length === 0) {
        const summary = await this.summaryItem(runId);
        return { counted: [], done: countedTotal(summary), total: Number(summary.total.N) };
      }
      const count = (outcome: AccountOutcome) => String(toCount.filter((result) => result.outcome === outcome).length);
      const ids = toCount.map((result) => result.accountId);
      const idValues = Object.fromEntries(ids.map((accountId, index) => [`:a${index}`, { S: accountId }]));
      try {
        const updated = await this.send('UpdateItem', () => this.client.send(new UpdateItemCommand({
          TableName: this.tableName,
          Key: { ...runKey(runId), sk: { S: SUMMARY } },
          UpdateExpression: 'ADD applied :applied, unchanged :unchanged, failed :failed, excluded :excluded, countedAccounts :ids',
          ConditionExpression: ['attribute_exists(pk)', ...ids.map((_id, index) => `NOT contains(countedAccounts, :a${index})`)].join(' AND '),
          ExpressionAttributeValues: {
            ':applied': { N: count(AccountOutcome.APPLIED) },
            ':unchanged': { N: count(AccountOutcome.UNCHANGED) },
            ':failed': { N: count(AccountOutcome.FAILED) },
            ':excluded': { N: count(AccountOutcome.EXCLUDED) },
            ':ids': { SS: ids },
            ...idValues,
          },
          ReturnValues: 'ALL_NEW',
        })));
        const attributes = updated.Attributes!;
        return { counted: toCount, done: countedTotal(attributes), total: Number(attributes.total.N) };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) {
          throw error;
        }
        // Some were counted already (by the delivery that recorded them, or a duplicate): count the others.
        const already = new Set((await this.summaryItem(runId)).countedAccounts?.SS ?? []);
        toCount = toCount.filter((result) => !already.has(result.accountId));
      }
    }
  }

  /** Marks the run complete; `false` when another worker did it first. */
  public async markComplete(runId: string): Promise<boolean> {
    return this.conditionalSet(runId, 'SET #status = :complete, completedAt = :now', '#status = :running', { '#status': 'status' }, {
      ':complete': { S: 'COMPLETE' }, ':running': { S: 'RUNNING' }, ':now': { N: String(this.now()) },
    });
  }

  /** Claims the CloudFormation answer; `false` when it was given already (completion and deadline race). */
  public async claimResponse(runId: string): Promise<boolean> {
    return this.conditionalSet(runId, 'SET responded = :true', 'attribute_not_exists(responded)', undefined, { ':true': { BOOL: true } });
  }

  /** The results of every account of the run (paged: a run may hold thousands). */
  public async accountResults(runId: string, outcome?: AccountOutcome): Promise<AccountResult[]> {
    const results: AccountResult[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.send('Query', () => this.client.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': runKey(runId).pk,
          ':prefix': { S: ACCOUNT_PREFIX },
          ...(outcome ? { ':outcome': { S: outcome } } : {}),
        },
        ...(outcome ? { FilterExpression: 'outcome = :outcome' } : {}),
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      })));
      results.push(...(page.Items ?? []).map(accountResultFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return results;
  }

  private async conditionalSet(
    runId: string,
    update: string,
    condition: string,
    names: Record<string, string> | undefined,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    try {
      await this.send('UpdateItem', () => this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: { ...runKey(runId), sk: { S: SUMMARY } },
        UpdateExpression: update,
        ConditionExpression: `attribute_exists(pk) AND ${condition}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      })));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw error;
    }
  }

  private expiresAt(): number {
    return Math.floor(this.now() / 1000) + this.retentionDays * DAY_SECONDS;
  }

  private send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    this.callCounts[operation] = (this.callCounts[operation] ?? 0) + 1;
    return call();
  }
}
