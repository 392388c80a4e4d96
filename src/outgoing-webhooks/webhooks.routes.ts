import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import type { Notification } from '../notifications/notification.js';
import type { WebhookSubscription } from '../team-events/webhook-subscription.js';
import { deliveriesQuerySchema, webhookCreateSchema } from './webhook.schema.js';
import type { WebhooksService } from './webhooks.service.js';

export function webhooksRoutes(webhooks: WebhooksService): Router {
  const router = Router();

  router.post('/teams/:team/webhooks', async (req, res) => {
    const input = parseInput(webhookCreateSchema, req.body);
    const { subscription, secret } = await webhooks.create(principalOf(res), req.params.team, input);
    res.status(201).json({ ...webhookView(subscription), secret });
  });

  router.get('/teams/:team/webhooks', async (req, res) => {
    res.json((await webhooks.list(principalOf(res), req.params.team)).map(webhookView));
  });

  router.delete('/teams/:team/webhooks/:id', async (req, res) => {
    await webhooks.delete(principalOf(res), req.params.team, req.params.id);
    res.status(204).end();
  });

  router.get('/teams/:team/webhooks/:id/deliveries', async (req, res) => {
    const page = parseInput(deliveriesQuerySchema, req.query);
    res.json((await webhooks.deliveries(principalOf(res), req.params.team, req.params.id, page)).map(deliveryView));
  });

  return router;
}

/** A subscription as the API shows it: never its secret. */
export function webhookView(s: WebhookSubscription) {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    managedBy: s.managedBy,
    createdAt: s.createdAt.toISOString(),
  };
}

/** `sent` is `delivered` in the log; `recorded` (sandbox mode: not posted) shows as itself. */
const DELIVERY_STATUS: Readonly<Record<Notification['status'], string>> = {
  pending: 'pending',
  sent: 'delivered',
  recorded: 'recorded',
  failed: 'failed',
};

/** One try-and-outcome row of a subscription's delivery log. */
export function deliveryView(n: Notification) {
  return {
    id: n.id,
    event: n.event,
    eventId: n.eventId,
    status: DELIVERY_STATUS[n.status],
    attempts: n.attempts,
    lastError: n.lastError,
    responseStatus: n.responseStatus,
    createdAt: n.createdAt.toISOString(),
    deliveredAt: n.sentAt?.toISOString() ?? null,
  };
}
