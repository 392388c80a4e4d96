import { z } from 'zod';
import { isTeamEventType, TEAM_EVENT_TYPES } from '../team-events/team-event.js';
import { ALL_EVENTS } from '../team-events/webhook-subscription.js';

const eventName = z.string().refine((name) => name === ALL_EVENTS || isTeamEventType(name), {
  message: `is not an event; use "${ALL_EVENTS}" or one of ${TEAM_EVENT_TYPES.join(', ')}`,
});

export const webhookCreateSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2_000, 'keep the URL to 2000 characters'),
  events: z
    .array(eventName)
    .min(1, `name at least one event, or "${ALL_EVENTS}" for all of them`)
    .max(50, 'at most 50 events')
    // "*" covers every other name; each name once.
    .transform((names) => (names.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(names)])),
});
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;

export const deliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
  /** The id of the last delivery of the page before: the next page is older. */
  before: z.string().min(1, 'must not be empty').optional(),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;
