import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { BadRequestError } from '../errors.js';
import { toHttpError } from '../http/parse-input.js';
import { threadMessageView } from './thread-message.js';
import {
  ticketCreateSchema,
  ticketListQuerySchema,
  ticketPatchSchema,
  ticketThreadQuerySchema,
} from './ticket.schema.js';
import type { TicketsService, TicketView } from './tickets.service.js';

export function ticketsRoutes(tickets: TicketsService): Router {
  const router = Router();

  router.get('/teams/:team/tickets', async (req, res) => {
    const q = parseInput(ticketListQuerySchema, req.query);
    const list = await tickets.list(principalOf(res), req.params.team, {
      ...q,
      before: q.before ? new Date(q.before) : undefined,
    });
    res.json(list.map(ticketView));
  });

  router.post('/teams/:team/tickets', async (req, res) => {
    const input = parseInput(ticketCreateSchema, req.body);
    res.status(201).json(ticketView(await tickets.create(principalOf(res), req.params.team, input)));
  });

  router.get('/teams/:team/tickets/:id', async (req, res) => {
    res.json(ticketView(await tickets.get(principalOf(res), req.params.team, req.params.id)));
  });

  router.get('/teams/:team/tickets/:id/messages', async (req, res) => {
    const q = ticketThreadQuerySchema.safeParse(req.query, { reportInput: true });
    // A page that cannot be read is a malformed request, whatever the value's fault.
    if (!q.success) {
      const e = toHttpError(q.error.issues[0]!);
      throw new BadRequestError(e.message, e.code, e.field);
    }
    const page = { after: q.data.after ?? null, limit: q.data.limit };
    const thread = await tickets.thread(principalOf(res), req.params.team, req.params.id, page);
    res.json(thread.map(threadMessageView));
  });

  router.patch('/teams/:team/tickets/:id', async (req, res) => {
    const patch = parseInput(ticketPatchSchema, req.body);
    res.json(ticketView(await tickets.update(principalOf(res), req.params.team, req.params.id, patch)));
  });

  return router;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function ticketView({ ticket: t, events, rla }: TicketView) {
  return {
    id: t.id,
    number: t.number,
    status: t.status,
    chat: t.chat,
    priority: t.priority,
    assigneeId: t.assigneeId,
    groupId: t.groupId,
    tags: t.tags,
    subject: t.subject,
    channel: t.channel,
    source: t.source,
    customer: t.customer,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    lastActivityAt: t.lastActivityAt.toISOString(),
    lastMessageAt: t.lastActivityAt.toISOString(),
    firstResponseDueAt: iso(t.firstResponseDueAt),
    firstRespondedAt: iso(t.firstRespondedAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    resolvedAt: iso(t.resolvedAt),
    rla: {
      ...rla,
      firstResponseWarnedAt: iso(t.firstResponseWarnedAt),
      firstResponseBreachedAt: iso(t.firstResponseBreachedAt),
      resolutionWarnedAt: iso(t.resolutionWarnedAt),
      resolutionBreachedAt: iso(t.resolutionBreachedAt),
    },
    events: events.map((e) => ({ id: e.id, type: e.type, actor: e.actor, at: e.at.toISOString(), ...e.data })),
  };
}
