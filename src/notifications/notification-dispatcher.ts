import type { Logger } from '../logger.js';
import type { JobQueue } from '../queue/job-queue.js';

/**
 * Hands committed notifications to the `notifications` queue, one job per id. A failure to enqueue
 * loses nothing: the row is pending in Postgres and the sweeper enqueues it again.
 */
export class NotificationDispatcher {
  constructor(
    private readonly queue: JobQueue,
    private readonly log: Logger,
  ) {}

  /** Call after the transaction that planned them has committed. Never throws. */
  async dispatch(notificationIds: readonly string[]): Promise<void> {
    await Promise.all(notificationIds.map((id) => this.enqueue(id)));
  }

  private async enqueue(notificationId: string): Promise<void> {
    try {
      await this.queue.enqueue('notifications', { notificationId }, { jobId: notificationId });
    } catch (err) {
      this.log.warn(
        { notificationId, err: (err as Error).message },
        'notification not enqueued; the sweeper will retry',
      );
    }
  }
}
