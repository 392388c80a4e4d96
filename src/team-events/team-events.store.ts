import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { NewTeamEvent, TeamEvent, TeamEventType } from './team-event.js';

interface TeamEventRow {
  id: string;
  seq: string | number;
  team_id: string;
  ticket_id: string | null;
  type: TeamEventType;
  actor: string;
  data: Record<string, unknown> | string;
  created_at: Date | string;
}

/** The outbox: events are only ever added, in the transaction of the change they describe. */
export class TeamEventsStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /**
   * Adds the event and, in the same statement, one pending webhook delivery (a `webhook`
   * notification) for each of the team's subscriptions that asks for it (`*` or its name): one
   * round trip, and a committed event always has its deliveries. The delivery carries the event's
   * data (with its `ticketId`), so every try posts the same body. Returns the event's id.
   */
  async record(e: NewTeamEvent): Promise<string> {
    const id = crypto.randomUUID();
    await this.sql.query(
      `WITH e AS (INSERT INTO team_events (id, team_id, ticket_id, type, actor, data, created_at)
                  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING *)
       INSERT INTO notifications (id, team_id, channel, target, event, subject, body, payload, dedupe_key,
                                  subscription_id, event_id)
       SELECT gen_random_uuid()::text, e.team_id, 'webhook', s.url, e.type, '', '',
              jsonb_build_object('ticketId', e.ticket_id) || e.data, e.id || ':' || s.id, s.id, e.id
         FROM e JOIN webhook_subscriptions s ON s.team_id = e.team_id AND s.events && ARRAY['*', e.type]::text[]`,
      [id, e.teamId, e.ticketId, e.type, e.actor, JSON.stringify(e.data), e.at],
    );
    return id;
  }

  /** The team's events in the order they were recorded, after `afterSeq`; optionally one ticket's only. */
  async list(teamId: string, opts: { ticketId?: string; afterSeq?: number; limit: number }): Promise<TeamEvent[]> {
    const rows = await this.sql.query<TeamEventRow>(
      `SELECT * FROM team_events
        WHERE team_id = $1 AND ($2::text IS NULL OR ticket_id = $2) AND seq > $3
        ORDER BY seq LIMIT $4`,
      [teamId, opts.ticketId ?? null, opts.afterSeq ?? 0, opts.limit],
    );
    return rows.map(toTeamEvent);
  }
}

function toTeamEvent(row: TeamEventRow): TeamEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    teamId: row.team_id,
    ticketId: row.ticket_id,
    type: row.type,
    actor: row.actor,
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
    createdAt: new Date(row.created_at),
  };
}
