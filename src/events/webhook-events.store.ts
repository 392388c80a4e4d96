import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { FieldAnomaly, ReceivedRequest } from './received-request.js';
import type { WebhookEventType } from './webhook-event-type.js';

export type { WebhookEventType };
export type WebhookEventStatus = 'accepted' | 'processed' | 'quarantined' | 'failed';

export interface WebhookEvent {
  readonly id: string;
  readonly provider: string;
  readonly type: WebhookEventType;
  readonly teamId: string | null;
  /** Each field's first value, as stored (see `anomalies` for what differs from the request). */
  readonly params: Readonly<Record<string, string>>;
  readonly parsed: unknown;
  /** The request body byte for byte; null for events stored before it was kept. */
  readonly rawBody: Buffer | null;
  /** What was not stored exactly as sent, and why; null when nothing was. */
  readonly anomalies: readonly FieldAnomaly[] | null;
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
  /** The request as it arrived; absent for an event that did not come over HTTP. */
  readonly received?: ReceivedRequest;
  /** 'processed' for a call step answered on the request path and kept for the record. */
  readonly status: 'accepted' | 'quarantined' | 'processed';
  readonly reason: string | null;
  readonly receivedAt: Date;
  readonly decision?: unknown;
}

export class WebhookEventsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** Stores the event once; false when its dedupe key or idempotency token was seen before. */
  async insertOnce(e: NewWebhookEvent): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO webhook_events (id, provider, type, team_id, dedupe_key, idempotency_token, params, parsed, status, reason, received_at, decision, raw_body, anomalies)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        e.id,
        e.provider,
        e.type,
        e.teamId,
        e.dedupeKey,
        e.idempotencyToken,
        JSON.stringify(e.params),
        e.parsed === null ? null : JSON.stringify(e.parsed),
        e.status,
        e.reason,
        e.receivedAt,
        e.decision === undefined ? null : JSON.stringify(e.decision),
        rawBodyOf(e),
        anomaliesOf(e),
      ],
    );
    return rows.length > 0;
  }

  /**
   * Stores an event addressed to a team number, finding the team in the same statement: the
   * number's owner at this instant, so a number moved to another team routes the very next
   * webhook there (no cache to expire), for no extra round trip. An unknown number is stored
   * quarantined with `unknown_team_number`. Null when the event was seen before.
   */
  async insertRouted(
    e: NewWebhookEvent & { readonly status: 'accepted' },
    teamNumber: string,
  ): Promise<{ teamId: string | null } | null> {
    const [row] = await this.sql.query<{ team_id: string | null }>(
      `INSERT INTO webhook_events (id, provider, type, team_id, dedupe_key, idempotency_token, params, parsed, status, reason, received_at, decision, raw_body, anomalies)
       SELECT $1, $2, $3, n.team_id, $5, $6, $7, $8,
              CASE WHEN n.team_id IS NULL THEN 'quarantined' ELSE 'accepted' END,
              CASE WHEN n.team_id IS NULL THEN 'unknown_team_number' END,
              $9, $10, $11, $12
         FROM (SELECT $4::text AS number) addressed LEFT JOIN team_numbers n ON n.number = addressed.number
       ON CONFLICT DO NOTHING RETURNING team_id`,
      [
        e.id,
        e.provider,
        e.type,
        teamNumber,
        e.dedupeKey,
        e.idempotencyToken,
        JSON.stringify(e.params),
        e.parsed === null ? null : JSON.stringify(e.parsed),
        e.receivedAt,
        e.decision === undefined ? null : JSON.stringify(e.decision),
        rawBodyOf(e),
        anomaliesOf(e),
      ],
    );
    return row ? { teamId: row.team_id } : null;
  }

  /** How many messages a web chat visitor (`web:<id>`) sent the team since `since`: the rate limit. */
  async countWebChatSince(teamId: string, from: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await this.sql.query<{ n: string | number; oldest: Date | string | null }>(
      `SELECT count(*) AS n, min(received_at) AS oldest FROM webhook_events
        WHERE provider = 'webchat' AND team_id = $1 AND parsed->>'from' = $2 AND received_at > $3`,
      [teamId, from, since],
    );
    return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  /** The stored web chat event of a visitor's message, by its dedupe key (the same clientId twice). */
  async findByDedupeKey(dedupeKey: string): Promise<WebhookEvent | null> {
    const [row] = await this.sql.query('SELECT * FROM webhook_events WHERE dedupe_key = $1', [dedupeKey]);
    return row ? toEvent(row) : null;
  }

  /** Locks an accepted event for processing; null when it is gone or already done. */
  async lockAccepted(id: string): Promise<WebhookEvent | null> {
    const [row] = await this.sql.query(
      `SELECT * FROM webhook_events WHERE id = $1 AND status = 'accepted' FOR UPDATE`,
      [id],
    );
    return row ? toEvent(row) : null;
  }

  async get(id: string): Promise<WebhookEvent | null> {
    const [row] = await this.sql.query('SELECT * FROM webhook_events WHERE id = $1', [id]);
    return row ? toEvent(row) : null;
  }

  /** False when the event was no longer accepted (someone else processed it). */
  async markProcessed(id: string, decision: unknown): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE webhook_events SET status = 'processed', decision = $2, processed_at = now() WHERE id = $1 AND status = 'accepted' RETURNING id`,
      [id, JSON.stringify(decision)],
    );
    return rows.length > 0;
  }

  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    await this.sql.query(
      `UPDATE webhook_events SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1`,
      [id, error.slice(0, 1000), final],
    );
  }

  async listStaleAccepted(olderThanMs: number, limit: number): Promise<Array<{ id: string; type: WebhookEventType }>> {
    return this.db('webhook_events')
      .where({ status: 'accepted' })
      .andWhere('received_at', '<', new Date(Date.now() - olderThanMs))
      .orderBy('received_at')
      .limit(limit)
      .select('id', 'type');
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
    // pg gives a Buffer, PGlite a Uint8Array.
    rawBody: row.raw_body ? Buffer.from(row.raw_body as Uint8Array) : null,
    anomalies: (row.anomalies as FieldAnomaly[] | null) ?? null,
    status: row.status as WebhookEventStatus,
    reason: (row.reason as string | null) ?? null,
    decision: row.decision ?? null,
    attempts: row.attempts as number,
    receivedAt: new Date(row.received_at as string),
  };
}

function rawBodyOf(e: NewWebhookEvent): Buffer | null {
  return e.received
    ? Buffer.from(e.received.rawBody.buffer, e.received.rawBody.byteOffset, e.received.rawBody.byteLength)
    : null;
}

function anomaliesOf(e: NewWebhookEvent): string | null {
  return e.received?.anomalies.length ? JSON.stringify(e.received.anomalies) : null;
}
