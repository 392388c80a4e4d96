import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';

export type WebhookEventType = 'message.inbound' | 'message.status';
export type WebhookEventStatus = 'accepted' | 'processed' | 'quarantined' | 'failed';

export interface WebhookEvent {
  readonly id: string;
  readonly provider: string;
  readonly type: WebhookEventType;
  readonly teamId: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly parsed: unknown;
  readonly status: WebhookEventStatus;
  readonly reason: string | null;
  readonly decision: unknown;
  readonly attempts: number;
  readonly receivedAt: Date;
}

export interface NewWebhookEvent {
  readonly id: string;
  readonly provider: string;
  readonly type: WebhookEventType;
  readonly teamId: string | null;
  readonly dedupeKey: string;
  readonly idempotencyToken: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly parsed: unknown;
  readonly status: 'accepted' | 'quarantined';
  readonly reason: string | null;
}

export class WebhookEventsStore {
  constructor(private readonly db: Db | Knex.Transaction) {}

  /** Stores the event once; false when its dedupe key or idempotency token was seen before. */
  async insertOnce(e: NewWebhookEvent): Promise<boolean> {
    const rows = await this.db('webhook_events')
      .insert({
        id: e.id,
        provider: e.provider,
        type: e.type,
        team_id: e.teamId,
        dedupe_key: e.dedupeKey,
        idempotency_token: e.idempotencyToken,
        params: JSON.stringify(e.params),
        parsed: e.parsed === null ? null : JSON.stringify(e.parsed),
        status: e.status,
        reason: e.reason,
      })
      .onConflict()
      .ignore()
      .returning('id');
    return rows.length > 0;
  }

  /** Locks an accepted event for processing; null when it is gone or already done. */
  async lockAccepted(id: string): Promise<WebhookEvent | null> {
    const row = await this.db('webhook_events').where({ id, status: 'accepted' }).forUpdate().first();
    return row ? toEvent(row) : null;
  }

  async get(id: string): Promise<WebhookEvent | null> {
    const row = await this.db('webhook_events').where({ id }).first();
    return row ? toEvent(row) : null;
  }

  async markProcessed(id: string, decision: unknown): Promise<void> {
    await this.db('webhook_events')
      .where({ id })
      .update({ status: 'processed', decision: JSON.stringify(decision), processed_at: this.db.fn.now() });
  }

  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    await this.db('webhook_events')
      .where({ id })
      .update({ attempts: this.db.raw('attempts + 1'), last_error: error.slice(0, 1000), ...(final ? { status: 'failed' } : {}) });
  }

  async listStaleAccepted(olderThanMs: number, limit: number): Promise<Array<{ id: string; type: WebhookEventType }>> {
    return this.db('webhook_events')
      .where({ status: 'accepted' })
      .andWhere('received_at', '<', new Date(Date.now() - olderThanMs))
      .orderBy('received_at')
      .limit(limit)
      .select('id', 'type');
  }

  async listForTeam(teamId: string, limit: number): Promise<WebhookEvent[]> {
    const rows = await this.db('webhook_events').where({ team_id: teamId }).orderBy('received_at', 'desc').limit(limit);
    return rows.map(toEvent);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db('webhook_events').select('status').count<{ status: string; count: string | number }[]>('id as count').groupBy('status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }
}

function toEvent(row: Record<string, unknown>): WebhookEvent {
  return {
    id: row.id as string,
    provider: row.provider as string,
    type: row.type as WebhookEventType,
    teamId: (row.team_id as string | null) ?? null,
    params: row.params as Record<string, string>,
    parsed: row.parsed ?? null,
    status: row.status as WebhookEventStatus,
    reason: (row.reason as string | null) ?? null,
    decision: row.decision ?? null,
    attempts: row.attempts as number,
    receivedAt: new Date(row.received_at as string),
  };
}
