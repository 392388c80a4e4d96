import { z } from 'zod';
import { FALLBACK_CHANNELS, type FallbackChannel } from './unread-fallback-settings.js';

const channel = z.string().refine((c): c is FallbackChannel => (FALLBACK_CHANNELS as readonly string[]).includes(c), {
  error: (issue) =>
    `"${String(issue.input)}" is not a fallback channel; use ${FALLBACK_CHANNELS.map((c) => `"${c}"`).join(', ')}`,
});

/** PATCH /api/teams/:team {"unreadFallback": {…}}: any part. */
export const unreadFallbackPatchSchema = z.strictObject({
  enabled: z.boolean().optional(),
  afterSeconds: z
    .number()
    .int()
    .min(30, 'must be at least 30 seconds')
    .max(86_400, 'must be at most 86400 seconds (a day)')
    .optional(),
  channels: z
    .array(channel)
    .max(FALLBACK_CHANNELS.length)
    .refine((list) => new Set(list).size === list.length, { message: 'lists the same channel twice' })
    .optional(),
  smsDeliveredIsRead: z.boolean().optional(),
  whatsappTemplate: z
    .strictObject({
      contentSid: z.string().regex(/^HX[0-9a-f]{32}$/i, 'must be a Twilio Content SID (HX followed by 32 hex digits)'),
      contentVariables: z.record(z.string().regex(/^\d{1,2}$/), z.string().max(1024)).default({ '1': '{{ replies }}' }),
    })
    .nullable()
    .optional(),
});
