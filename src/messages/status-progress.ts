import type { MessageStatus } from './message.js';

// Callbacks arrive out of order: a status only ever moves a message forward along this order.
export const STATUS_RANK: Readonly<Record<MessageStatus, number>> = {
  received: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

/** The status after `next` arrives for a message at `current`. */
export function advanceStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  return STATUS_RANK[next] > STATUS_RANK[current] ? next : current;
}
