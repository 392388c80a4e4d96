import type { Logger } from '../logger.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import type { JobQueue } from '../queue/job-queue.js';

/** The stores this module reads and writes. */
export interface DeliveryRelayStores {
  readonly notifications: NotificationsStore;
}

const BATCH = 200;
/** Batches per run at most, so one run never holds the timer for long. */
const MAX_BATCHES = 10;

/**
 * Hands new webhook deliveries to the `notifications` queue. Team events are recorded in many
 * services' transactions, several of which hold no dispatcher (status callbacks, call settlement,
 * the RLA scan); a relay on the worker keeps each recording a single statement and needs no
 * caller to remember a step after its commit. Each row is claimed once (SKIP LOCKED, any number
 * of workers); a row whose enqueue failed stays pending, and the sweeper enqueues it again.
 */
export class DeliveryRelay {
  constructor(
    private readonly stores: DeliveryRelayStores,
    private readonly queue: JobQueue,
    private readonly log: Logger,
  ) {}

  async relay(): Promise<number> {
    let relayed = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      const ids = await this.stores.notifications.claimUnrelayed(BATCH);
      await Promise.all(ids.map((id) => this.enqueue(id)));
      relayed += ids.length;
      if (ids.length < BATCH) break;
    }
    return relayed;
  }

  private async enqueue(notificationId: string): Promise<void> {
    try {
      await this.queue.enqueue('notifications', { notificationId }, { jobId: notificationId });
    } catch (err) {
      this.log.warn({ notificationId, err: (err as Error).message }, 'delivery not enqueued; the sweeper will retry');
    }
  }
}
