import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { REQUEST_KINDS, REQUEST_STATUSES, statusAt, type CustomerRequest } from './customer-request.js';
import type { CustomerRequestsService } from './customer-requests.service.js';
import type { TeamSecretService } from '../secrets/team-secret.service.js';

const listQuerySchema = z.strictObject({
  customer: z.string().min(1).optional(),
  status: z.enum(REQUEST_STATUSES, { message: `must be one of: ${REQUEST_STATUSES.join(', ')}` }).optional(),
  kind: z.enum(REQUEST_KINDS, { message: `must be one of: ${REQUEST_KINDS.join(', ')}` }).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
});

export function customerRequestsRoutes(requests: CustomerRequestsService, secrets: TeamSecretService): Router {
  const router = Router();

  router.get('/teams/:team/requests', async (req, res) => {
    const filter = parseInput(listQuerySchema, req.query);
    const { requests: list, now } = await requests.list(principalOf(res), req.params.team, filter);
    res.json(list.map((r) => customerRequestView(r, now)));
  });

  router.get('/teams/:team/requests/:id', async (req, res) => {
    const { request, now } = await requests.get(principalOf(res), req.params.team, req.params.id);
    res.json(customerRequestView(request, now));
  });

  router.post('/teams/:team/payment-secret', async (req, res) => {
    const { secret, createdAt } = await secrets.rotate(principalOf(res), req.params.team, 'payment');
    res.status(201).json({ secret, createdAt: createdAt.toISOString() });
  });

  return router;
}

export function customerRequestView(r: CustomerRequest, now: Date) {
  return {
    id: r.id,
    kind: r.kind,
    customer: r.customer,
    channel: r.channel,
    messageId: r.messageId,
    status: statusAt(r, now),
    answer: r.answer,
    amount: r.amount,
    currency: r.currency,
    subject: r.subject,
    providerReference: r.providerReference,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
