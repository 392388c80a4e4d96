import type { Logger } from '../logger.js';
import { retryDelayMs } from '../queue/backoff.js';
import { RetryableJobError, type JobQueue } from '../queue/job-queue.js';

/**
 * Hands committed outbound messages to delivery. In a worker, the first try runs at once in the
 * same job (no queue hop on the hot path); a try that must be repeated goes to the delivery queue
 * with its backoff. A failure to enqueue loses nothing: the message is `queued` in Postgres and
 * the sweeper enqueues it again.
 */
export class OutboundDispatcher {
  constructor(
    private readonly queue: JobQueue,
    private readonly log: Logger,
    private readonly deliverNow: ((messageId: string) => Promise<unknown>) | null = null,
  ) {}

  async dispatch(messageIds: readonly string[]): Promise<void> {
    await Promise.all(messageIds.map((id) => this.dispatchOne(id)));
  }

  private async dispatchOne(messageId: string): Promise<void> {
    let delayMs = 0;
    if (this.deliverNow) {
      try {
        await this.deliverNow(messageId);
        return;
      } catch (err) {
        const retry = err instanceof RetryableJobError ? err : null;
        delayMs = retryDelayMs(retry?.attemptsMade ?? 1, retry?.retryAfterMs ?? null);
        if (!retry) this.log.warn({ messageId, err: (err as Error).message }, 'first delivery try failed');
      }
    }
    try {
      await this.queue.enqueue('deliveries', { messageId }, { jobId: messageId, delayMs });
    } catch (err) {
      this.log.warn({ messageId, err: (err as Error).message }, 'delivery not enqueued; the sweeper will retry');
    }
  }
}
