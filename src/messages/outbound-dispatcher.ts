import type { Logger } from '../logger.js';
import { retryDelayMs } from '../queue/backoff.js';
import { RetryableJobError } from '../job-errors.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { ClaimedMessage } from './delivery.service.js';

/**
 * Hands committed outbound messages to delivery.
 * - `dispatch`: queued messages go to the delivery queue.
 * - `sendClaimed` (workers): messages inserted already claimed are sent at once, with no queue hop
 *   on the hot path; a try that must be repeated goes to the delivery queue with its backoff.
 * A failure to enqueue loses nothing: the message is in Postgres and the sweeper enqueues it again.
 */
export class OutboundDispatcher {
  private sendNow: ((message: ClaimedMessage) => Promise<unknown>) | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly log: Logger,
  ) {}

  /** A worker in this process sends claimed messages itself; a web-only process never claims any. */
  attachSender(sendNow: (message: ClaimedMessage) => Promise<unknown>): void {
    this.sendNow = sendNow;
  }

  async dispatch(messageIds: readonly string[]): Promise<void> {
    await Promise.all(messageIds.map((id) => this.enqueue(id, 0)));
  }

  async sendClaimed(messages: readonly ClaimedMessage[]): Promise<void> {
    const sendNow = this.sendNow;
    if (!sendNow) throw new Error('sendClaimed needs a sender: only workers insert claimed messages');
    await Promise.all(
      messages.map(async (message) => {
        try {
          await sendNow(message);
        } catch (err) {
          const retry = err instanceof RetryableJobError ? err : null;
          if (!retry)
            this.log.warn({ messageId: message.id, err: (err as Error).message }, 'first delivery try failed');
          await this.enqueue(message.id, retryDelayMs(retry?.attemptsMade ?? 1, retry?.retryAfterMs ?? null));
        }
      }),
    );
  }

  private async enqueue(messageId: string, delayMs: number): Promise<void> {
    try {
      await this.queue.enqueue('deliveries', { messageId }, { jobId: messageId, delayMs });
    } catch (err) {
      this.log.warn({ messageId, err: (err as Error).message }, 'delivery not enqueued; the sweeper will retry');
    }
  }
}
