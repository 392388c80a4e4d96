import type { DeliveryStatus } from '../contract.js';

/** Twilio MessageStatus → our DeliveryStatus. Inbound-only statuses map to null: they never update an outbound message. */
const MESSAGE_STATUS: Readonly<Record<string, DeliveryStatus | null>> = {
  queued: 'queued',
  accepted: 'queued',
  scheduled: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  read: 'read',
  receiving: null,
  received: null,
};

/** Maps a Twilio MessageStatus to a DeliveryStatus; unknown statuses give null (stored, never applied). */
export function toDeliveryStatus(twilioStatus: string): DeliveryStatus | null {
  // hasOwn: a status named like an Object.prototype key ("constructor") must not hit the prototype.
  return Object.hasOwn(MESSAGE_STATUS, twilioStatus) ? (MESSAGE_STATUS[twilioStatus] ?? null) : null;
}
