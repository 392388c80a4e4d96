import type { DeliveryStatusUpdate } from '../../channels/contract.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { MessagesStore } from './messages.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import { RetryableJobError } from '../job-errors.js';
import { advanceStatus } from './status-progress.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { messageStatus } from '../team-events/team-event-of.js';

/** The stores this module reads and writes. */
export interface DeliveryStatusStores extends TeamEventStores {
  readonly events: WebhookEventsStore;
  readonly messages: MessagesStore;
  readonly teams: TeamsStore;
}

/** How long a callback may wait for the send it reports to be recorded (it can race our write). */
const UNKNOWN_MESSAGE_GRACE_MS = 10 * 60_000;

export interface StatusCallbackPayload {
  readonly update: DeliveryStatusUpdate;
  /** Our message id, carried in the StatusCallback URL. */
  readonly messageId: string | null;
}

/** Applies delivery status callbacks; they only ever move a message forward. */
export class DeliveryStatusService {
  constructor(
    private readonly transact: Transact<DeliveryStatusStores>,
    private readonly clock: Clock,
  ) {}

  async process(eventId: string): Promise<void> {
    await this.transact(async (stores) => {
      const event = await stores.events.lockAccepted(eventId);
      if (!event) return;
      const { update, messageId } = event.parsed as StatusCallbackPayload;
      const message =
        (messageId ? await stores.messages.getForUpdate(messageId) : null) ??
        (await stores.messages.findByProviderIdForUpdate(update.providerMessageId));
      if (!message) {
        if (this.clock().getTime() - event.receivedAt.getTime() < UNKNOWN_MESSAGE_GRACE_MS) {
          throw new RetryableJobError(`no message ${update.providerMessageId} yet`, 5_000);
        }
        await stores.events.markProcessed(event.id, { applied: false, reason: 'unknown_message' });
        return;
      }
      const next = update.status ? advanceStatus(message.status, update.status) : message.status;
      const failed = next === 'failed' || next === 'undelivered';
      // SMS has no read receipts: delivered counts as read unless the team says otherwise (unreadFallback.smsDeliveredIsRead).
      const smsRead =
        update.status === 'delivered' &&
        message.channel === 'sms' &&
        message.direction === 'outbound' &&
        message.readAt === null &&
        ((await stores.teams.get(message.teamId))?.settings.unreadFallback.smsDeliveredIsRead ?? false);
      await stores.messages.update(message.id, {
        status: next,
        providerMessageId: message.providerMessageId ?? update.providerMessageId,
        // WhatsApp's read receipt: when the callback arrived is when we learnt it.
        ...(update.status === 'read' || smsRead ? { readAt: event.receivedAt } : {}),
        ...(failed && update.errorCode ? { errorCode: update.errorCode, errorMessage: update.errorMessage } : {}),
      });
      const errorCode = failed ? (update.errorCode ?? null) : null;
      if (next !== message.status)
        await recordTeamEvent(
          stores,
          messageStatus(message, { from: message.status, to: next, errorCode }, this.clock()),
        );
      await stores.events.markProcessed(event.id, {
        applied: next !== message.status,
        messageId: message.id,
        from: message.status,
        to: next,
        reason: next !== message.status ? 'advanced' : 'stale_or_unknown_status',
      });
    });
  }
}
