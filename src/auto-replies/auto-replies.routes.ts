import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/auth.middleware.js';
import { parseInput } from '../http/parse-input.js';
import type { AutoReplyEntry } from './auto-reply.js';
import { allowedPlaceholders } from './catalogue.js';
import type { AutoRepliesService } from './auto-replies.service.js';

const updateSchema = z.strictObject({
  enabled: z.boolean().optional(),
  body: z.string().trim().min(1, 'must not be empty; send null to go back to the default text').nullable().optional(),
  options: z
    .strictObject({
      includeCompanyName: z.boolean().optional(),
      includeTeamName: z.boolean().optional(),
      extraMessage: z.string().max(500).nullable().optional(),
    })
    .optional(),
  repeatWindowHours: z.number().int().min(0).max(24 * 30).nullable().optional(),
});

export function autoRepliesRoutes(autoReplies: AutoRepliesService): Router {
  const router = Router();

  router.get('/teams/:team/auto-replies', async (req, res) => {
    res.json((await autoReplies.list(principalOf(res), req.params.team)).map(autoReplyView));
  });

  router.put('/teams/:team/auto-replies/:kind', async (req, res) => {
    const update = parseInput(updateSchema, req.body);
    res.json(autoReplyView(await autoReplies.update(principalOf(res), req.params.team, req.params.kind, update)));
  });

  return router;
}

export function autoReplyView(entry: AutoReplyEntry) {
  return {
    kind: entry.kind,
    group: entry.definition.group,
    title: entry.definition.title,
    firesWhen: entry.definition.firesWhen,
    channels: entry.definition.channels,
    enabled: entry.enabled,
    body: entry.body,
    isDefaultBody: entry.isDefaultBody,
    options: entry.options,
    repeatWindowHours: entry.repeatWindowHours,
    placeholders: allowedPlaceholders(entry.definition),
  };
}
