import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { isPhoneNumber } from '../phone-number.js';
import type { Message } from '../messages/message.js';
import type { MessagesService } from './messages.service.js';

const phone = z.string().refine(isPhoneNumber, { message: 'is not a phone number in E.164 form, like "+12125550123"' });
const channel = z.enum(['sms', 'whatsapp'], { message: 'must be "sms" or "whatsapp"' });

const listQuerySchema = z.strictObject({
  to: z.string().optional(),
  kind: z.string().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime({ offset: true }).optional(),
});

// What an agent is typing: empty is allowed (nothing typed yet, 0 parts); the send limit applies.
const previewSchema = z.strictObject({
  body: z.string().max(1600, 'keep a message to 1,600 characters, the most one send takes'),
});

const sendSchema = z.union([
  z.strictObject({ to: phone, channel, from: phone.optional(), body: z.string().trim().min(1).max(1600) }),
  z.strictObject({
    to: phone,
    channel,
    from: phone.optional(),
    kind: z.string().min(1),
    variables: z.record(z.string(), z.string()).default({}),
  }),
]);

export function messagesRoutes(messages: MessagesService): Router {
  const router = Router();

  router.get('/teams/:team/messages', async (req, res) => {
    const q = parseInput(listQuerySchema, req.query);
    const list = await messages.list(principalOf(res), req.params.team, {
      ...q,
      before: q.before ? new Date(q.before) : undefined,
    });
    res.json(list.map(messageView));
  });

  // The reply box's meter, as the agent types: the server's own count, so the browser never has a second copy of it.
  router.post('/teams/:team/messages/preview', async (req, res) => {
    const { body } = parseInput(previewSchema, req.body);
    res.json(await messages.preview(principalOf(res), req.params.team, body));
  });

  router.post('/teams/:team/messages', async (req, res) => {
    const input = parseSend(req.body);
    const sent = await messages.send(principalOf(res), req.params.team, input);
    // A kind that asks the customer something (approval, payment, rating, …) opened a request.
    res.status(202).json(sent.request ? { ...messageView(sent), request: sent.request } : messageView(sent));
  });

  return router;
}

// A union's errors are vague; check against the branch the client evidently meant.
function parseSend(body: unknown) {
  const meantKind = typeof body === 'object' && body !== null && 'kind' in body;
  return parseInput(meantKind ? sendSchema.options[1] : sendSchema.options[0], body);
}

export function messageView(m: Message) {
  return {
    id: m.id,
    direction: m.direction,
    channel: m.channel,
    from: m.from,
    to: m.to,
    body: m.body,
    media: m.media,
    kind: m.kind,
    status: m.status,
    providerMessageId: m.providerMessageId,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    attempts: m.attempts,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    sendAfter: m.sendAfter?.toISOString() ?? null,
  };
}
