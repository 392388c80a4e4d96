import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import type { z } from 'zod';
import { parseInput } from '../http/parse-input.js';
import { BadRequestError } from '../errors.js';
import { toHttpError } from '../http/parse-input.js';
import { encodeTicketListCursor } from './ticket-list-cursor.js';
import { threadMessageView } from './thread-message.js';
import { urgentStatusOf } from './urgent-status.js';
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
    // An unknown view, like a cursor this list never gave, is a malformed request.
    const q = parseQuery(ticketListQuerySchema, req.query, (field) => field === 'view' || field === 'cursor');
    const page = await tickets.list(principalOf(res), req.params.team, q);
    if (page.next) {
      const cursor = encodeTicketListCursor(page.next);
      // The body stays a list: the next page is named in headers, as the same query with the cursor.
      const next = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
      next.delete('beforeNumber');
      next.set('cursor', cursor);
      res.set('Link', `<${req.baseUrl}${req.path}?${next.toString()}>; rel="next"`);
      res.set('X-Next-Cursor', cursor);
    }
    res.json(page.views.map(ticketView));
  });

  router.post('/teams/:team/tickets', async (req, res) => {
    const input = parseInput(ticketCreateSchema, req.body);
    res.status(201).json(ticketView(await tickets.create(principalOf(res), req.params.team, input)));
  });

  router.get('/teams/:team/tickets/:id', async (req, res) => {
    res.json(ticketView(await tickets.get(principalOf(res), req.params.team, req.params.id)));
  });

  router.get('/teams/:team/tickets/:id/messages', async (req, res) => {
    // A page that cannot be read is a malformed request, whatever the value's fault.
    const q = parseQuery(ticketThreadQuerySchema, req.query, () => true);
    const page = { after: q.after ?? null, limit: q.limit };
    const thread = await tickets.thread(principalOf(res), req.params.team, req.params.id, page);
    res.json(thread.map(threadMessageView));
  });

  // The panel calls this when an agent opens the thread.
  router.post('/teams/:team/tickets/:id/read', async (req, res) => {
    res.json(ticketView(await tickets.markRead(principalOf(res), req.params.team, req.params.id)));
  });

  router.patch('/teams/:team/tickets/:id', async (req, res) => {
    const patch = parseInput(ticketPatchSchema, req.body);
    res.json(ticketView(await tickets.update(principalOf(res), req.params.team, req.params.id, patch)));
  });

  return router;
}

/** Parses a query; an error on a field that `malformed` names answers 400 whatever its kind. */
function parseQuery<S extends z.ZodType>(schema: S, query: unknown, malformed: (field: string | null) => boolean) {
  const q = schema.safeParse(query, { reportInput: true });
  if (q.success) return q.data;
  const e = toHttpError(q.error.issues[0]!);
  if (e.statusCode !== 400 && malformed(e.field)) throw new BadRequestError(e.message, e.code, e.field);
  throw e;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function ticketView({ ticket: t, events, rla, whatsappWindow, contact, online }: TicketView) {
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
    lastMessageAt: t.lastMessageAt.toISOString(),
    unread: t.unread,
    fields: t.fields,
    contact: contact
      ? {
          name: contact.name,
          email: contact.email,
          leadStatus: contact.leadStatus,
          leadSource: contact.leadSource,
        }
      : null,
    online,
    whatsappWindow: whatsappWindow
      ? { open: whatsappWindow.open, closesAt: whatsappWindow.closesAt.toISOString() }
      : null,
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
    urgent: urgentView(urgentStatusOf(events)),
  };
}

function urgentView(u: ReturnType<typeof urgentStatusOf>) {
  return (
    u && { ...u, pagedAt: u.pagedAt.toISOString(), acknowledgedAt: iso(u.acknowledgedAt), stoppedAt: iso(u.stoppedAt) }
  );
}
