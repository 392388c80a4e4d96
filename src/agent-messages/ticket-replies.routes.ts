import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { MAX_BODY_CHARACTERS } from '../reply-templates/reply-template.js';
import { threadMessageView } from '../tickets/thread-message.js';
import type { TicketRepliesService } from './ticket-replies.service.js';

const httpUrl = z.string().refine(
  (v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL that Twilio can fetch, like "https://example.com/photo.jpg"' },
);

const replySchema = z
  .strictObject({
    body: z
      .string()
      .max(MAX_BODY_CHARACTERS, `keep a message to ${MAX_BODY_CHARACTERS} characters; Twilio refuses longer ones`)
      .optional(),
    channel: z
      .enum(['sms', 'whatsapp', 'web'], { message: 'must be "sms", "whatsapp" or "web" (a web chat ticket)' })
      .optional(),
    mediaUrls: z.array(httpUrl).max(10, 'attach at most 10 media URLs').optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.body?.trim() && !r.mediaUrls?.length)
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'write a message, or attach media with mediaUrls' });
  });

export function ticketRepliesRoutes(replies: TicketRepliesService): Router {
  const router = Router();

  router.post('/teams/:team/tickets/:id/messages', async (req, res) => {
    const input = parseInput(replySchema, req.body);
    const sent = await replies.reply(principalOf(res), req.params.team, req.params.id, {
      body: input.body?.trim() ?? '',
      channel: input.channel,
      mediaUrls: input.mediaUrls ?? [],
    });
    res.status(202).json(threadMessageView(sent));
  });

  return router;
}
