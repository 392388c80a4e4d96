import type { WebhookEventType } from '../webhooks/webhook-events.store.js';

/**
 * An events-queue job. Intake puts the stored event in it, so the worker does not read it back;
 * the sweeper's jobs carry only the id and the worker reads the event.
 */
export interface EventJob {
  readonly eventId: string;
  readonly type: WebhookEventType;
  readonly teamId?: string | null;
  readonly parsed?: unknown;
  /** ISO time. */
  readonly receivedAt?: string;
}

/** The event a job carries, when it carries all of it. */
export function carriedEvent(data: Readonly<Record<string, unknown>>): { teamId: string; parsed: unknown; receivedAt: Date } | null {
  if (typeof data.teamId !== 'string' || data.parsed == null || typeof data.receivedAt !== 'string') return null;
  return { teamId: data.teamId, parsed: data.parsed, receivedAt: new Date(data.receivedAt) };
}

/** The parsed payload a job carries, for events that need no team id up front (call callbacks). */
export function carriedParsed(data: Readonly<Record<string, unknown>>): { parsed: unknown } | null {
  return data.parsed == null ? null : { parsed: data.parsed };
}
