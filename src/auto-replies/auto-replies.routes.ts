import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { SUPPORTED_LOCALES } from '../teams/team.js';
import type { AutoReplyEntry } from './auto-reply.js';
import { allowedPlaceholders } from './catalogue.js';
import type { AutoRepliesService } from './auto-replies.service.js';

const locale = z.enum(SUPPORTED_LOCALES, { message: `must be one of ${SUPPORTED_LOCALES.join(', ')}` });
const options = z.strictObject({
  includeCompanyName: z.boolean().optional(),
  includeTeamName: z.boolean().optional(),
  extraMessage: z.string().max(500).nullable().optional(),
});

const whatsappTemplate = z.strictObject({
  contentSid: z
    .string()
    .regex(
      /^HX[0-9a-fA-F]{32}$/,
      'must be a Twilio Content SID: "HX" and 32 hex digits, from Content Template Builder',
    ),
  contentVariables: z
    .record(
      z.string().regex(/^[A-Za-z0-9_]{1,40}$/, 'name a variable as in the template: "1", "2" … or a word'),
      z.string().trim().min(1, 'must not be empty').max(1024, 'keep a variable to 1024 characters'),
    )
    .refine((v) => Object.keys(v).length <= 20, 'at most 20 variables')
    .default({}),
});

const updateSchema = z.strictObject({
  enabled: z.boolean().optional(),
  body: z.string().trim().min(1, 'must not be empty; send null to go back to the default text').nullable().optional(),
  locale: locale.optional(),
  options: options.optional(),
  repeatWindowHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .nullable()
    .optional(),
  /** Approved WhatsApp templates by locale, sent outside the 24-hour window; a locale set to null is removed, null removes all. */
  whatsappTemplate: z.partialRecord(locale, whatsappTemplate.nullable()).nullable().optional(),
});

const previewSchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty; leave it out to preview the saved text').optional(),
  options: options.optional(),
  sample: z.record(z.string(), z.string().max(500)).optional(),
  locale: locale.optional(),
  channel: z.enum(['sms', 'whatsapp'], { message: 'must be "sms" or "whatsapp"' }).optional(),
});

export function autoRepliesRoutes(autoReplies: AutoRepliesService): Router {
  const router = Router();

  router.get('/teams/:team/auto-replies', async (req, res) => {
    res.json((await autoReplies.list(principalOf(res), req.params.team)).map(autoReplyView));
  });

  router.get('/teams/:team/auto-replies/:kind', async (req, res) => {
    res.json(autoReplyView(await autoReplies.get(principalOf(res), req.params.team, req.params.kind)));
  });

  router.put('/teams/:team/auto-replies/:kind', async (req, res) => {
    const update = parseInput(updateSchema, req.body);
    res.json(autoReplyView(await autoReplies.update(principalOf(res), req.params.team, req.params.kind, update)));
  });

  // Reset to the catalogue's defaults: DELETE for REST clients, POST …/reset for forms and buttons. Same effect.
  router.delete('/teams/:team/auto-replies/:kind', async (req, res) => {
    res.json(autoReplyView(await autoReplies.reset(principalOf(res), req.params.team, req.params.kind)));
  });
  router.post('/teams/:team/auto-replies/:kind/reset', async (req, res) => {
    res.json(autoReplyView(await autoReplies.reset(principalOf(res), req.params.team, req.params.kind)));
  });

  router.post('/teams/:team/auto-replies/:kind/preview', async (req, res) => {
    const input = parseInput(previewSchema, req.body ?? {});
    res.json(await autoReplies.preview(principalOf(res), req.params.team, req.params.kind, input));
  });

  return router;
}

export function autoReplyView(entry: AutoReplyEntry) {
  return {
    kind: entry.kind,
    group: entry.definition.group,
    title: entry.definition.title,
    firesWhen: entry.definition.firesWhen,
    trigger: entry.definition.trigger,
    channels: entry.definition.channels,
    enabled: entry.enabled,
    enabledByDefault: entry.definition.enabledByDefault,
    locale: entry.locale,
    body: entry.body,
    isDefaultBody: entry.isDefaultBody,
    bodies: entry.bodies,
    options: entry.options,
    repeatWindowHours: entry.repeatWindowHours,
    whatsappTemplate: Object.keys(entry.whatsappTemplates).length > 0 ? entry.whatsappTemplates : null,
    placeholders: allowedPlaceholders(entry.definition).map(({ name, description }) => ({ name, description })),
  };
}
