/**
 * The results of each run (a deployment, a reconciliation, a new account) in DynamoDB: one summary item with
 * counters and one item per account (run-records.ts), written only through conditional writes. Items expire (TTL)
 * after the retention period.
 */
import {
  AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { AccountVersionFence } from './account-version-fence';
import { conditionalUpdate, expiresAtSeconds, isConditionalCheckFailed } from './conditional-update';
import { NoticeClaims } from './notice-claims';
import {
  ACCOUNT_PREFIX,
  AccountResult,
  NewRun,
  RunScope,
  RunSummary,
  SCOPE_KEY,
  SUMMARY_KEY,
  WriteLease,
  accountResultFromItem,
  countedTotal,
  runFromItem,
  summaryItem,
} from './run-records';
import { AccountOutcome, RUN_TRANSITIONS, RunPhase, RunTransition } from './run-state-machine';

function runKey(runId: string) {
  return { pk: { S: `RUN#${runId}` } };
}

/**
 * The accounts one counting update names: its condition has a ` AND NOT contains(countedAccounts, :aNN)` clause (about
 * 41 characters) per account, and DynamoDB refuses an expression over 4 KB.
 */
const ACCOUNTS_PER_COUNT = 80;

export class RunStore {
  /** DynamoDB calls made, by operation. */
  public readonly callCounts: Record<string, number> = {};

  /** Notices given once per cause, in the same table. */
  public readonly notices: NoticeClaims;

  /** The accounts' version fences across runs, in the same table. */
  public readonly fences: AccountVersionFence;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
    private readonly now: () => number = Date.now,
  ) {
    this.notices = new NoticeClaims(client, tableName, retentionDays, now);
    this.fences = new AccountVersionFence(client, tableName, retentionDays, now);
  }

  /**
   * CREATE: puts the run's summary, STARTING, and its scope, in one transaction, on the condition that no run has
   * its id. Returns whether this call created it, and the run as stored (created now, or found: a retried request).
   * The scope has an item of its own: the summary, read by every arrival, stays small.
   */
  public async createRun(run: NewRun): Promise<{ created: boolean; run: RunSummary }> {
    const scope = run.scope;
    const item = summaryItem(run, this.expiresAt());
    try {
      await this.send('TransactWriteItems', () =>
        this.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...runKey(run.runId),
                    sk: { S: SCOPE_KEY },
                    scope: { S: JSON.stringify(scope) },
                    expiresAt: { N: String(this.expiresAt()) },
                  },
                  ConditionExpression: 'attribute_not_exists(sk)',
                },
              },
            ],
          }),
        ),
      );
      return { created: true, run: runFromItem(run.runId, item) };
    } catch (error) {
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> })?.CancellationReasons ?? [];
      if ((error as Error)?.name === 'TransactionCanceledException' && reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
        return { created: false, run: (await this.getRun(run.runId))! };
      }
      throw error;
    }
  }

  /** The accounts the run covers, as stored when it was created. */
  public async runScope(runId: string): Promise<RunScope> {
    const item = await this.readRunItem(runId, SCOPE_KEY);
    if (!item) {
      throw new Error(`run ${runId} has no scope item in ${this.tableName}`);
    }
    return JSON.parse(item.scope.S!) as RunScope;
  }

  public async getRun(runId: string): Promise<RunSummary | undefined> {
    const item = await this.readRunItem(runId, SUMMARY_KEY);
    return item ? runFromItem(runId, item) : undefined;
  }

  /** One item of a run, read consistently: every arrival decides on what the last transition wrote. */
  private async readRunItem(runId: string, sortKey: string): Promise<Record<string, AttributeValue> | undefined> {
    const response = await this.send('GetItem', () =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { ...runKey(runId), sk: { S: sortKey } }, ConsistentRead: true })),
    );
    return response.Item;
  }

  /**
   * Commits a transition: moves the run's phase (or its answer's) on the condition that it is in one of the
   * transition's `from` phases, setting `attributes` in the same write. `false` when another arrival moved it first.
   */
  public async transition(runId: string, transition: RunTransition, attributes: Record<string, AttributeValue> = {}): Promise<boolean> {
    const rule = RUN_TRANSITIONS[transition];
    if (rule.from.length === 0) {
      throw new Error(`${transition} is not a transition of an existing run`);
    }
    const names: Record<string, string> = { '#state': rule.attribute };
    const values: Record<string, AttributeValue> = { ':to': { S: rule.to } };
    rule.from.forEach((phase, index) => {
      values[`:from${index}`] = { S: phase };
    });
    const sets = ['#state = :to'];
    Object.entries(attributes).forEach(([name, value], index) => {
      names[`#set${index}`] = name;
      values[`:set${index}`] = value;
      sets.push(`#set${index} = :set${index}`);
    });
    return this.conditionalUpdate({
      Key: { ...runKey(runId), sk: { S: SUMMARY_KEY } },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: `attribute_exists(pk) AND #state IN (${rule.from.map((_phase, index) => `:from${index}`).join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /**
   * Takes over the closing of a COMPLETE run whose completer may have died: one arrival at a time, until `until`.
   * `false` while another's claim lasts (it is closing; it may die too, and then its claim ends). Runs of earlier
   * versions hold only `closingClaimedAt`: stale once `claimMilliseconds` old.
   */
  public async claimClosing(runId: string, now: number, until: number, claimMilliseconds: number): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { ...runKey(runId), sk: { S: SUMMARY_KEY } },
      UpdateExpression: 'SET closingClaimedAt = :now, closingClaimUntil = :until',
      ConditionExpression:
        '#phase = :complete AND (closingClaimUntil < :now OR (attribute_not_exists(closingClaimUntil) AND (attribute_not_exists(closingClaimedAt) OR closingClaimedAt < :stale)))',
      ExpressionAttributeNames: { '#phase': 'phase' },
      ExpressionAttributeValues: {
        ':now': { N: String(now) },
        ':until': { N: String(until) },
        ':stale': { N: String(now - claimMilliseconds) },
        ':complete': { S: RunPhase.COMPLETE },
      },
    });
  }

  /** Marks the run's result lines and summary line given, so that an arrival that takes the closing over does not repeat them. */
  public async markLinesGiven(runId: string, now: number): Promise<void> {
    await this.conditionalUpdate({
      Key: { ...runKey(runId), sk: { S: SUMMARY_KEY } },
      UpdateExpression: 'SET linesGivenAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': { N: String(now) } },
    });
  }

  /** Counts a failed delivery of the decided answer; returns the count. */
  public async countAnswerAttempt(runId: string): Promise<number> {
    const updated = await this.send('UpdateItem', () =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { ...runKey(runId), sk: { S: SUMMARY_KEY } },
          UpdateExpression: 'ADD answerAttempts :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(updated.Attributes?.answerAttempts?.N ?? 1);
  }

  /**
   * Takes an account's write lease before a write, and records the contact type about to be written (the write
   * intent). The lease keeps two deliveries of the same account (a duplicate message, a re-queued start) from
   * writing at once; the intent makes a later delivery that finds the account already as declared count it as
   * APPLIED, which is what happened to it. A lease whose time is up is taken over: its holder's invocation ended.
   * The owner is one delivery (one receive of one message): a second delivery of the same message is another owner.
   * Refused while another holds it: `heldUntil` says when that lease ends at the latest.
   */
  public async leaseAccount(
    runId: string,
    accountId: string,
    owner: string,
    contactType: string,
    leaseMilliseconds: number,
  ): Promise<{ readonly lease: WriteLease; readonly heldUntil?: number }> {
    const taken = await this.conditionalUpdate({
      Key: { ...runKey(runId), sk: { S: `${ACCOUNT_PREFIX}${accountId}` } },
      UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, expiresAt = :expires ADD writing :type',
      ConditionExpression: 'attribute_not_exists(outcome) AND (attribute_not_exists(leaseOwner) OR leaseOwner = :owner OR leaseUntil < :now)',
      ExpressionAttributeValues: {
        ':owner': { S: owner },
        ':until': { N: String(this.now() + leaseMilliseconds) },
        ':now': { N: String(this.now()) },
        ':expires': { N: String(this.expiresAt()) },
        ':type': { SS: [contactType] },
      },
    });
    if (taken) {
      return { lease: WriteLease.TAKEN };
    }
    const item = await this.accountItem(runId, accountId);
    if (item?.outcome) {
      return { lease: WriteLease.RECORDED };
    }
    // Held by another delivery until then (or released since: then at once).
    return { lease: WriteLease.HELD, heldUntil: Number(item?.leaseUntil?.N ?? this.now()) };
  }

  /** Gives an account's lease back (its work goes to a later delivery); a lease held by another is left. */
  public async releaseLease(runId: string, accountId: string, owner: string): Promise<void> {
    await this.conditionalUpdate({
      Key: { ...runKey(runId), sk: { S: `${ACCOUNT_PREFIX}${accountId}` } },
      UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
      ConditionExpression: 'leaseOwner = :owner',
      ExpressionAttributeValues: { ':owner': { S: owner } },
    });
  }

  /**
   * Records the final results of a few accounts, each once, and counts each account once.
   *
   * Recording: a conditional write per account. An account recorded before (by a delivery of this or another
   * message that stopped, or a duplicate) keeps its stored result, which is read back and used instead. An account
   * found UNCHANGED whose write intent is recorded (a delivery wrote it and stopped, or wrote it while this one
   * read) is recorded APPLIED with the intended types: its outcome is what happened to it, not who recorded it.
   * Counting: one update of the run's summary that adds the outcomes and the account ids to `countedAccounts`, on the
   * condition that none of them is in it yet; when some are, they are left out and the rest is counted. So a worker
   * that stops between the two steps leaves accounts recorded and not counted, and the next delivery that meets them
   * counts them: the run always reaches its total, and never passes it. (`countedAccounts` holds 12-digit ids: about
   * 25,000 accounts fit in DynamoDB's 400 KB item.)
   * Returns the accounts counted now, with their stored results, and the run's progress.
   */
  public async recordAccountResults(
    runId: string,
    results: AccountResult[],
    afterRecorded: () => Promise<void> = async () => {},
  ): Promise<{ counted: AccountResult[]; done: number; total: number }> {
    const stored = await Promise.all(results.map((result) => this.recordAccountResult(runId, result)));
    await afterRecorded();
    // Counted in groups whose condition expression stays within DynamoDB's 4 KB (DDB-3): a run can record
    // thousands of accounts at once (listed accounts the organization lacks).
    let progress = await this.countAccountResults(runId, stored.slice(0, ACCOUNTS_PER_COUNT));
    const counted = [...progress.counted];
    for (let start = ACCOUNTS_PER_COUNT; start < stored.length; start += ACCOUNTS_PER_COUNT) {
      progress = await this.countAccountResults(runId, stored.slice(start, start + ACCOUNTS_PER_COUNT));
      counted.push(...progress.counted);
    }
    return { counted, done: progress.done, total: progress.total };
  }

  /** Counts up to `ACCOUNTS_PER_COUNT` recorded results: one conditional update, the ones counted already left out. */
  private async countAccountResults(runId: string, stored: AccountResult[]): Promise<{ counted: AccountResult[]; done: number; total: number }> {
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
        const updated = await this.send('UpdateItem', () =>
          this.client.send(
            new UpdateItemCommand({
              TableName: this.tableName,
              Key: { ...runKey(runId), sk: { S: SUMMARY_KEY } },
              UpdateExpression:
                'ADD applied :applied, unchanged :unchanged, failed :failed, excluded :excluded, skipped :skipped, personalPrimaryEmails :personal, countedAccounts :ids',
              ConditionExpression: ['attribute_exists(pk)', ...ids.map((_id, index) => `NOT contains(countedAccounts, :a${index})`)].join(' AND '),
              ExpressionAttributeValues: {
                ':applied': { N: count(AccountOutcome.APPLIED) },
                ':unchanged': { N: count(AccountOutcome.UNCHANGED) },
                ':failed': { N: count(AccountOutcome.FAILED) },
                ':excluded': { N: count(AccountOutcome.EXCLUDED) },
                ':skipped': { N: count(AccountOutcome.SKIPPED) },
                ':personal': { N: String(toCount.filter((result) => result.primaryEmailLooksPersonal).length) },
                ':ids': { SS: ids },
                ...idValues,
              },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
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

  /** The results of every account of the run (paged: a run may hold thousands). */
  public async accountResults(runId: string, outcome?: AccountOutcome): Promise<AccountResult[]> {
    const results: AccountResult[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.send('Query', () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            FilterExpression: outcome ? 'outcome = :outcome' : 'attribute_exists(outcome)',
            ExpressionAttributeValues: {
              ':pk': runKey(runId).pk,
              ':prefix': { S: ACCOUNT_PREFIX },
              ...(outcome ? { ':outcome': { S: outcome } } : {}),
            },
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        ),
      );
      results.push(...(page.Items ?? []).map(accountResultFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return results;
  }

  /** Records one account's result unless one is recorded; returns the result that stands. */
  private async recordAccountResult(runId: string, result: AccountResult): Promise<AccountResult> {
    const unchanged = result.outcome === AccountOutcome.UNCHANGED;
    const recorded = await this.conditionalUpdate({
      Key: { ...runKey(runId), sk: { S: `${ACCOUNT_PREFIX}${result.accountId}` } },
      UpdateExpression: `SET outcome = :outcome, changed = :changed, failures = :failures, attempts = :attempts, recordedAt = :now, expiresAt = :expires${
        result.organizationalUnitIds ? ', units = :units' : ''
      }${result.warnings ? ', warnings = :warnings' : ''}${result.primaryEmailLooksPersonal ? ', personalEmail = :personal' : ''} REMOVE leaseOwner, leaseUntil`,
      // UNCHANGED only where no write was intended: else the intent decides (below).
      ConditionExpression: unchanged ? 'attribute_not_exists(outcome) AND attribute_not_exists(writing)' : 'attribute_not_exists(outcome)',
      ExpressionAttributeValues: {
        ':outcome': { S: result.outcome },
        ':changed': { S: result.changed.join(',') },
        ':failures': { S: JSON.stringify(result.failures) },
        ':attempts': { N: String(result.attempts) },
        ':now': { N: String(this.now()) },
        ':expires': { N: String(this.expiresAt()) },
        ...(result.organizationalUnitIds ? { ':units': { S: JSON.stringify(result.organizationalUnitIds) } } : {}),
        ...(result.warnings ? { ':warnings': { S: JSON.stringify(result.warnings) } } : {}),
        ...(result.primaryEmailLooksPersonal ? { ':personal': { BOOL: true } } : {}),
      },
    });
    if (recorded) {
      return result;
    }
    const item = await this.accountItem(runId, result.accountId);
    if (item?.outcome) {
      return accountResultFromItem(item);
    }
    // Found as declared, but a write was intended during this run: it was written (by a delivery that stopped, or
    // one that wrote while this one read). Not retried forever: an intent never goes away, so this cannot loop.
    return this.recordAccountResult(runId, { ...result, outcome: AccountOutcome.APPLIED, changed: item?.writing?.SS ?? [] });
  }

  /** One conditional UpdateItem on the table: `false` when its condition refused it, any other failure thrown. */
  private async conditionalUpdate(input: Omit<UpdateItemCommandInput, 'TableName'>): Promise<boolean> {
    return this.send('UpdateItem', () => conditionalUpdate(this.client, { TableName: this.tableName, ...input }));
  }

  private async accountItem(runId: string, accountId: string): Promise<Record<string, AttributeValue> | undefined> {
    const response = await this.send('GetItem', () =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { ...runKey(runId), sk: { S: `${ACCOUNT_PREFIX}${accountId}` } },
          ConsistentRead: true,
        }),
      ),
    );
    return response.Item;
  }

  /** The run's summary item; a missing one is an error (the run was never created). */
  private async summaryItem(runId: string): Promise<Record<string, AttributeValue>> {
    const response = await this.send('GetItem', () =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { ...runKey(runId), sk: { S: SUMMARY_KEY } },
          ConsistentRead: true,
        }),
      ),
    );
    if (!response.Item) {
      throw new Error(`run ${runId} has no summary item in ${this.tableName}`);
    }
    return response.Item;
  }

  private expiresAt(): number {
    return expiresAtSeconds(this.now(), this.retentionDays);
  }

  private send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    this.callCounts[operation] = (this.callCounts[operation] ?? 0) + 1;
    return call();
  }
}
