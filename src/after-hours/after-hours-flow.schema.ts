import { z } from 'zod';
import { checkTemplate } from '../reply-templates/reply-template.js';
import { isPhoneNumber } from '../phone-number.js';
import {
  DEFAULT_AFTER_HOURS_FLOW,
  FLOW_CHANNELS,
  FLOW_PATHS,
  FLOW_TEXT_KEYS,
  type AfterHoursFlow,
  type FlowTextKey,
} from '../after-hours-flow/after-hours-flow.js';
import { placeholdersOf } from './flow-texts.js';

const d = DEFAULT_AFTER_HOURS_FLOW;

const onCallSchema = z.strictObject({
  numbers: z
    .array(z.string().refine(isPhoneNumber, 'must be an E.164 number, e.g. +48600700800'))
    .max(10, 'at most 10 on-call numbers')
    .default([...d.onCall.numbers]),
  emails: z
    .array(z.email('must be an email address'))
    .max(10, 'at most 10 on-call addresses')
    .default([...d.onCall.emails]),
  repageMinutes: z
    .number()
    .min(0.5, 'must be at least 0.5 (30 seconds)')
    .max(1440, 'must be at most 1440 (a day)')
    .default(d.onCall.repageMinutes),
  maxPages: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(20, 'must be at most 20')
    .default(d.onCall.maxPages),
});

const textsSchema = z
  .record(z.string(), z.string())
  .default({})
  .superRefine((texts, ctx) => {
    for (const [key, body] of Object.entries(texts)) {
      if (!(FLOW_TEXT_KEYS as readonly string[]).includes(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is not a text of the flow; use one of ${FLOW_TEXT_KEYS.join(', ')}`,
        });
        continue;
      }
      const problem = checkTemplate(body, placeholdersOf(key as FlowTextKey));
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem.message });
    }
  });

/** `PUT /after-hours-flow`: the whole flow; what is left out takes its default. */
export const afterHoursFlowSchema = z
  .strictObject({
    enabled: z.boolean().default(d.enabled),
    channels: z
      .array(z.enum(FLOW_CHANNELS, { message: `must be one of ${FLOW_CHANNELS.join(', ')}` }))
      .refine((c) => new Set(c).size === c.length, 'lists a channel twice')
      .default([...d.channels]),
    paths: z
      .strictObject(
        Object.fromEntries(FLOW_PATHS.map((p) => [p, z.boolean().default(d.paths[p])])) as Record<
          (typeof FLOW_PATHS)[number],
          z.ZodDefault<z.ZodBoolean>
        >,
      )
      .default({ ...d.paths }),
    onCall: onCallSchema.default({ ...d.onCall, numbers: [], emails: [] }),
    idleMinutes: z
      .number()
      .int('must be a whole number')
      .min(5, 'must be at least 5')
      .max(1440, 'must be at most 1440')
      .default(d.idleMinutes),
    texts: textsSchema,
    whatsappMenuContentSid: z
      .string()
      .regex(/^HX[0-9a-f]{32}$/, 'must be a Content API template SID (HX followed by 32 hex digits)')
      .nullable()
      .default(null),
  })
  .superRefine((flow, ctx) => {
    if (flow.paths.urgent && flow.onCall.numbers.length === 0 && flow.onCall.emails.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['onCall'],
        message:
          'the urgent path pages someone: give at least one on-call number or email, or turn the urgent path off',
      });
    if (flow.enabled && !FLOW_PATHS.some((p) => flow.paths[p]))
      ctx.addIssue({ code: 'custom', path: ['paths'], message: 'turn at least one path on, or the flow off' });
  });

export function toAfterHoursFlow(parsed: z.infer<typeof afterHoursFlowSchema>): AfterHoursFlow {
  return { ...parsed, texts: parsed.texts };
}

const slotSchema = z.strictObject({ start: z.string(), end: z.string(), label: z.string().max(200) });

/** The session state a try sends back: what the last try answered, checked so a tampered one fails as 422. */
const flowStateSchema = z.strictObject({
  step: z.enum(['menu', 'form', 'faq_question', 'faq_found']),
  path: z.enum(FLOW_PATHS).nullable(),
  fieldIndex: z.number().int().min(-1).max(20),
  retries: z.number().int().min(0).max(10),
  fields: z.record(z.string().max(40), z.string().max(2_000).nullable()),
  slots: z.array(slotSchema).max(20),
});

/** `POST /after-hours-flow/try`: a step as the customer would take it; `flow` tries a draft instead of the saved one. */
export const tryFlowSchema = z.strictObject({
  state: flowStateSchema.nullable().default(null),
  text: z.string().max(2_000, 'at most 2000 characters').default(''),
  from: z.string().refine(isPhoneNumber, 'must be an E.164 number, e.g. +48600700800').default('+48600700800'),
  flow: afterHoursFlowSchema.optional(),
});

/** `POST /after-hours-flow/preview`: every text of the saved flow, or of a draft. */
export const previewFlowSchema = z.strictObject({ flow: afterHoursFlowSchema.optional() });
