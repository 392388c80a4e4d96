import { z } from 'zod';
import { PermanentJobError } from '../job-errors.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-event-type.js';

/**
 * An events-queue job. Intake puts the stored event in it, so the worker does not read it back;
 * the sweeper's jobs carry only the id (and type) and the worker reads the event.
 */
export interface EventJob {
  readonly eventId: string;
  readonly type: WebhookEventType;
  readonly teamId?: string | null;
  readonly parsed?: unknown;
  /** ISO time. */
  readonly receivedAt?: string;
}

const eventJobSchema = z.object({
  eventId: z.string().min(1),
  // Not an enum here: an unknown type is read as such and failed with its reason by the processor.
  type: z.string().min(1).optional(),
  teamId: z.string().nullish(),
  parsed: z.unknown().optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});

/** A job as read by the worker: the type when the job names it, and the event when it carries all of it. */
export interface ReadEventJob {
  readonly eventId: string;
  readonly type: string | null;
  readonly carried: { readonly teamId: string; readonly parsed: unknown; readonly receivedAt: Date } | null;
  readonly parsed: unknown;
}

/** Parses an events-queue payload; a malformed one cannot succeed on another try. */
export function readEventJob(data: unknown): ReadEventJob {
  const job = eventJobSchema.safeParse(data);
  if (!job.success)
    throw new PermanentJobError(
      `malformed events job: ${job.error.issues.map((i) => `${i.path.join('.') || 'job'}: ${i.message}`).join('; ')}`,
    );
  const { eventId, type, teamId, parsed, receivedAt } = job.data;
  return {
    eventId,
    type: type ?? null,
    carried:
      typeof teamId === 'string' && parsed != null && receivedAt
        ? { teamId, parsed, receivedAt: new Date(receivedAt) }
        : null,
    parsed: parsed ?? null,
  };
}

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}
