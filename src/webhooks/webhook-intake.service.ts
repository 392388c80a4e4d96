import crypto from 'node:crypto';
import type { ParseResult } from '../../channels/contract.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { WebhookEventType } from '../events/webhook-events.store.js';
import type { EventJob } from '../events/event-job.js';
import type { ReceivedRequest } from '../events/received-request.js';

/** The stores this module reads and writes. */
export interface WebhookIntakeStores {
  readonly events: WebhookEventsStore;
}

export interface IncomingWebhook<T> {
  readonly provider: 'twilio' | 'webchat';
  readonly type: WebhookEventType;
  /** Identifies a repeat of the same delivery (MessageSid, or MessageSid + status). */
  readonly dedupeKey: string | null;
  readonly idempotencyToken: string | null;
  /** Each field's first value, already made storable. */
  readonly params: Readonly<Record<string, string>>;
  /** The body byte for byte and what was changed to store its values. */
  readonly received?: ReceivedRequest;
  /** The team, when the edge knows it already (the web chat's signed visitor token names it). */
  readonly teamId?: string;
  readonly parsed: ParseResult<T>;
  /** The team number the webhook was addressed to, when it matters (inbound messages). */
  readonly teamNumber: ((value: T) => string) | null;
  /** What to store besides the parsed value (e.g. our message id from the callback URL). */
  readonly toStored?: (value: T) => unknown;
}

export type IntakeOutcome =
  | { readonly status: 'accepted'; readonly eventId: string }
  | { readonly status: 'duplicate' }
  | { readonly status: 'quarantined'; readonly eventId: string; readonly reason: string };

/**
 * The webhook controller's whole job: commit the event to Postgres (once), then try to enqueue
 * it. Twilio does not resend an SMS webhook, so nothing signed is thrown away: what cannot be
 * used is stored as quarantined with its reason.
 */
export class WebhookIntakeService {
  constructor(
    private readonly stores: WebhookIntakeStores,
    private readonly queue: JobQueue,
    private readonly log: Logger,
  ) {}

  async accept<T>(webhook: IncomingWebhook<T>): Promise<IntakeOutcome> {
    const id = crypto.randomUUID();
    const receivedAt = new Date();
    const stores = this.stores;
    let job: EventJob | null = null;
    // One INSERT, committed on its own: the only write on the request path. It also finds the
    // team that owns the addressed number, so a number moved a moment ago routes correctly.
    const outcome = await (async (): Promise<IntakeOutcome> => {
      const stored = webhook.parsed.ok ? (webhook.toStored ?? ((v: T) => v))(webhook.parsed.value) : null;
      const event = {
        id,
        provider: webhook.provider,
        type: webhook.type,
        teamId: null,
        dedupeKey: webhook.dedupeKey ?? `${webhook.provider}:${webhook.type}:unkeyed:${id}`,
        idempotencyToken: webhook.idempotencyToken,
        params: webhook.params,
        received: webhook.received,
        parsed: stored,
        receivedAt,
      };
      let teamId: string | null;
      let reason: string | null = webhook.parsed.ok ? null : webhook.parsed.reason;
      if (webhook.parsed.ok && webhook.teamNumber) {
        const routed = await stores.events.insertRouted(
          { ...event, status: 'accepted', reason: null },
          webhook.teamNumber(webhook.parsed.value),
        );
        if (!routed) return { status: 'duplicate' };
        teamId = routed.teamId;
        if (!teamId) reason = 'unknown_team_number';
      } else if (
        !(await stores.events.insertOnce({
          ...event,
          teamId: webhook.teamId ?? null,
          status: reason ? 'quarantined' : 'accepted',
          reason,
        }))
      ) {
        return { status: 'duplicate' };
      } else teamId = webhook.teamId ?? null;
      if (!reason)
        job = { eventId: id, type: webhook.type, teamId, parsed: stored, receivedAt: receivedAt.toISOString() };
      return reason ? { status: 'quarantined', eventId: id, reason } : { status: 'accepted', eventId: id };
    })();
    if (outcome.status === 'quarantined') {
      this.log.warn({ eventId: outcome.eventId, type: webhook.type, reason: outcome.reason }, 'webhook quarantined');
    }
    // Not awaited: the answer only waits for Postgres. A lost enqueue is found by the sweeper.
    if (job) void this.enqueue(job);
    return outcome;
  }

  private async enqueue(job: EventJob): Promise<void> {
    try {
      await this.queue.enqueue('events', { ...job }, { jobId: job.eventId });
    } catch (err) {
      // Committed already: the sweeper enqueues it when the queue is back.
      this.log.warn({ eventId: job.eventId, err: (err as Error).message }, 'event stored but not enqueued');
    }
  }
}
