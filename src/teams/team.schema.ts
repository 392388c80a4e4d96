import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isPhoneNumber } from '../phone-number.js';
import { rlaPolicyPatchSchema } from '../rla/rla-policy.schema.js';
import { voiceFlowPatchSchema } from '../voice-flow/voice-flow.schema.js';
import { SUPPORTED_LOCALES } from './team.js';
import { unreadFallbackPatchSchema } from './unread-fallback.schema.js';

const timezone = z
  .string()
  .min(1)
  .refine((tz) => IANAZone.isValidZone(tz), {
    message: 'is not an IANA time zone; use a name like "Europe/Warsaw" or "America/New_York"',
  });
const locale = z.enum(SUPPORTED_LOCALES, { message: `must be one of ${SUPPORTED_LOCALES.join(', ')}` });
const phoneNumber = z
  .string()
  .refine(isPhoneNumber, { message: 'is not a phone number in E.164 form, like "+15005550006"' });
const numbers = z
  .array(phoneNumber)
  .max(50)
  .refine((list) => new Set(list).size === list.length, { message: 'lists the same number twice' });
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day like "21:00"' });
const replyLedger = z.strictObject({
  agentActiveMinutes: z.number().int().min(0).max(1440).optional(),
  maxPerCustomerPerHour: z.number().int().min(0).max(100).optional(),
  quietHours: z
    .strictObject({ enabled: z.boolean().optional(), start: timeOfDay.optional(), end: timeOfDay.optional() })
    .optional(),
});
const name = z.string().trim().min(1, 'must not be empty').max(120);

export const createTeamSchema = z.strictObject({
  name,
  companyName: name,
  timezone,
  locale: locale.default('en'),
  numbers: numbers.default([]),
  contactPageUrl: z.url().nullable().optional(),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const patchTeamSchema = z.strictObject({
  name: name.optional(),
  companyName: name.optional(),
  timezone: timezone.optional(),
  locale: locale.optional(),
  numbers: numbers.optional(),
  contactPageUrl: z.url().nullable().optional(),
  missedCalls: z
    .strictObject({
      createTickets: z.boolean().optional(),
      attachWindowHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .optional(),
    })
    .optional(),
  voice: voiceFlowPatchSchema.optional(),
  rla: rlaPolicyPatchSchema.optional(),
  notifications: z
    .strictObject({
      emails: z
        .array(z.email({ message: 'is not an email address' }))
        .max(20, 'notify at most 20 addresses')
        .optional(),
      webhookUrl: z
        .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
        .nullable()
        .optional(),
    })
    .optional(),
  acknowledgements: z
    .strictObject({
      // Said as is in the response-time notice ("within a day"): plain words, no placeholders.
      averageResponseFallback: z
        .string()
        .trim()
        .min(1, 'must not be empty; send null to clear it')
        .max(80, 'keep it to 80 characters, like "within a day"')
        .refine((text) => !/[{}%]/.test(text), { message: 'plain words only: no {{ }} or {% %}' })
        .nullable()
        .optional(),
    })
    .optional(),
  replyLedger: replyLedger.optional(),
  webChat: z
    .strictObject({
      enabled: z.boolean().optional(),
      // An origin as browsers send it: scheme, host and port only (https://shop.example.com).
      allowedOrigins: z
        .array(
          z
            .string()
            .regex(
              /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i,
              'must be an origin: scheme and host (and port), no path, e.g. https://shop.example.com',
            )
            .transform((o) => o.toLowerCase()),
        )
        .max(20, 'at most 20 origins')
        .optional(),
    })
    .optional(),
  unreadFallback: unreadFallbackPatchSchema.optional(),
});
export type PatchTeamInput = z.infer<typeof patchTeamSchema>;
