import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import type { Notification } from './notification.js';
import type { TeamSecretService } from '../secrets/team-secret.service.js';
import type { NotificationsService } from './notifications.service.js';

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
});

export function notificationsRoutes(notifications: NotificationsService, secrets: TeamSecretService): Router {
  const router = Router();

  router.get('/teams/:team/notifications', async (req, res) => {
    const { limit } = parseInput(listQuerySchema, req.query);
    res.json((await notifications.list(principalOf(res), req.params.team, limit)).map(notificationView));
  });

  router.post('/teams/:team/notifications/webhook-secret', async (req, res) => {
    const { secret, createdAt } = await secrets.rotate(principalOf(res), req.params.team, 'notification_webhook');
    res.status(201).json({ secret, createdAt: createdAt.toISOString() });
  });

  return router;
}

/** What the API shows of a notification: never the body's payload, never the secret. */
export function notificationView(n: Notification) {
  return {
    id: n.id,
    channel: n.channel,
    target: n.target,
    event: n.event,
    subject: n.subject,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
  };
}
