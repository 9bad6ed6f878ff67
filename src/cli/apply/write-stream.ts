/**
 * `apply --yes`'s pace: an account's writes start as soon as it was read and planned, while the other accounts are
 * still being read. Reads and writes have quotas of their own (10 and 5 calls a second), so the run takes about the
 * longer of the two, not their sum; and each contact is compared with what the plan read, never read twice. Only when
 * the writes are approved beforehand and no `--max-changes` may refuse the whole plan: otherwise the plan is read
 * whole first.
 */
import { AccountOutcome, applyChange } from './apply-plan';
import { AccountChange, ContactsPlan } from './contacts-plan';
import { WriteInterruption } from './write-interruption';
import { AccountContactsApi } from '../../runtime/account-api';

export class WriteStream {
  private readonly started = new Map<string, Promise<AccountOutcome | undefined>>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  /** At most `concurrency` accounts written at once; after an interruption, none is started. */
  constructor(
    private readonly concurrency: number,
    private readonly interruption?: WriteInterruption,
  ) {}

  /** Starts writing one account's change (when a slot is free). */
  public add(api: AccountContactsApi, change: AccountChange): void {
    this.started.set(
      change.account.accountId,
      this.inSlot(() => (this.interruption?.stopped ? Promise.resolve(undefined) : applyChange(api, change))),
    );
  }

  /** Once every account was read: the outcomes of the plan's changes, in its order (`notStarted` counts the others). */
  public async settle(plan: ContactsPlan): Promise<{ outcomes: AccountOutcome[]; notStarted: number }> {
    const results = await Promise.all(plan.changes.map((change) => this.started.get(change.account.accountId) ?? Promise.resolve(undefined)));
    const outcomes = results.filter((outcome): outcome is AccountOutcome => outcome !== undefined);
    return { outcomes, notStarted: results.length - outcomes.length };
  }

  private async inSlot<T>(work: () => Promise<T>): Promise<T> {
    while (this.running >= Math.max(1, this.concurrency)) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
