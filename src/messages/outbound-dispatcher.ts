import type { Logger } from '../logger.js';
import type { JobQueue } from '../queue/job-queue.js';

/**
 * Hands committed outbound messages to the delivery queue. A failure here loses nothing: the
 * message row is `queued` in Postgres and the sweeper enqueues it again.
 */
export class OutboundDispatcher {
  constructor(
    private readonly queue: JobQueue,
    private readonly log: Logger,
  ) {}

  async dispatch(messageIds: readonly string[]): Promise<void> {
    for (const messageId of messageIds) {
      try {
        await this.queue.enqueue('deliveries', { messageId }, { jobId: messageId });
      } catch (err) {
        this.log.warn({ messageId, err: (err as Error).message }, 'delivery not enqueued; the sweeper will retry');
      }
    }
  }
}
