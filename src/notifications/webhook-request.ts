import type { WebhookPost } from '../../channels/contract.js';
import type { Notification } from './notification.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

/**
 * The JSON a team's endpoint receives: `{id, event, teamId, createdAt, data}`, where `id` is the
 * event's (the same in every subscription's delivery of it). Built from the stored row only, so
 * every retry posts the same bytes; only the signature's timestamp changes. A row from before
 * team events (no event id) keeps the shape it was planned with, `subject` and `text` included.
 */
export function webhookBody(n: Notification): string {
  return JSON.stringify({
    id: n.eventId ?? n.id,
    event: n.event,
    teamId: n.teamId,
    createdAt: (n.eventAt ?? n.createdAt).toISOString(),
    ...(n.eventId ? {} : { subject: n.subject, text: n.body }),
    data: n.payload,
  });
}

/** The signed post for one try of a webhook delivery; X-Switchboard-Delivery is the delivery's id. */
export function webhookPost(n: Notification, secret: string, now: Date): WebhookPost {
  const body = webhookBody(n);
  return {
    url: n.target,
    body,
    headers: {
      'Content-Type': 'application/json',
      [EVENT_HEADER]: n.event,
      [DELIVERY_HEADER]: n.id,
      [SIGNATURE_HEADER]: signWebhook(secret, body, now),
    },
  };
}
