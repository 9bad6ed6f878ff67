import { SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { WorkMessage } from './work-messages';
import { DEFAULT_RETRY_OPTIONS, RetryOptions, withRetries } from '../runtime/retry';

/** SendMessageBatch takes at most 10 messages. */
const BATCH_SIZE = 10;

/**
 * The SQS queue that spreads an organization's accounts over as many Lambda invocations as the work needs.
 */
export class WorkQueue {
  /** SQS calls made, by operation. */
  public readonly callCounts: Record<string, number> = {};

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly retry: RetryOptions = DEFAULT_RETRY_OPTIONS,
  ) {}

  /** Sends every message, 10 at a time; entries SQS did not take are sent again, and a lasting failure throws. */
  public async sendAll(messages: WorkMessage[], delaySeconds = 0): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH_SIZE) {
      let entries = messages.slice(start, start + BATCH_SIZE).map((message, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify(message),
        DelaySeconds: delaySeconds,
      }));
      await withRetries(async () => {
        this.callCounts.SendMessageBatch = (this.callCounts.SendMessageBatch ?? 0) + 1;
        const response = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = response.Failed ?? [];
        if (failed.length > 0) {
          const senderFault = failed.find((entry) => entry.SenderFault);
          if (senderFault) {
            throw new Error(`SQS refused a work message: ${senderFault.Code} ${senderFault.Message ?? ''}`);
          }
          entries = entries.filter((entry) => failed.some((failure) => failure.Id === entry.Id));
          throw Object.assign(new Error(`SQS did not take ${failed.length} work message(s): ${failed[0].Code}`), { name: 'InternalServerException' });
        }
      }, this.retry);
    }
  }

  /** Sends one message, delivered after `delaySeconds` (at most 900). */
  public async send(message: WorkMessage, delaySeconds: number): Promise<void> {
    await withRetries(async () => {
      this.callCounts.SendMessage = (this.callCounts.SendMessage ?? 0) + 1;
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(message),
          DelaySeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))),
        }),
      );
    }, this.retry);
  }
}
