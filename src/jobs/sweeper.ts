import type { Transact } from '../db/transactor.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { MessagesStore } from '../messages/messages.store.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../queue/job-queue.js';

/** The stores this module reads and writes. */
export interface SweeperStores {
  readonly events: WebhookEventsStore;
  readonly messages: MessagesStore;
  readonly notifications: NotificationsStore;
}

const BATCH = 500;

/**
 * Finds work that Postgres holds but no queue does (Redis was down, a process died after
 * answering) and enqueues it again. Enqueueing is idempotent by job id, and so is processing.
 */
export class Sweeper {
  constructor(
    private readonly transact: Transact<SweeperStores>,
    private readonly queue: JobQueue,
    private readonly log: Logger,
    /** Whether a message held for quiet hours is due. */
    private readonly clock: Clock = systemClock,
  ) {}

  async sweep(olderThanMs: number): Promise<{ events: number; messages: number; notifications: number }> {
    const { events, messages, notifications } = await this.transact(async (s) => ({
      events: await s.events.listStaleAccepted(olderThanMs, BATCH),
      messages: await s.messages.listStalePending(olderThanMs, BATCH, this.clock()),
      notifications: await s.notifications.listStalePending(olderThanMs, BATCH),
    }));
    for (const { id, type } of events) await this.queue.enqueue('events', { eventId: id, type }, { jobId: id });
    for (const messageId of messages) await this.queue.enqueue('deliveries', { messageId }, { jobId: messageId });
    for (const notificationId of notifications)
      await this.queue.enqueue('notifications', { notificationId }, { jobId: notificationId });
    if (events.length || messages.length || notifications.length) {
      this.log.info(
        { events: events.length, messages: messages.length, notifications: notifications.length },
        'swept unfinished work',
      );
    }
    return { events: events.length, messages: messages.length, notifications: notifications.length };
  }
}
