import type { WebhookPost } from '../../channels/contract.js';
import type { Notification } from './notification.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

/**
 * The JSON a team's endpoint receives. Built from the stored row only, so every retry posts the
 * same bytes; only the signature's timestamp changes.
 */
export function webhookBody(n: Notification): string {
  return JSON.stringify({
    id: n.id,
    event: n.event,
    teamId: n.teamId,
    createdAt: n.createdAt.toISOString(),
    subject: n.subject,
    text: n.body,
    data: n.payload,
  });
}

/** The signed post for one try of a webhook notification. */
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
