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

  /** The events of these tickets of the given types, in the order they were recorded: one query for a dry run. */
  async listForTickets(teamId: string, ticketIds: readonly string[], types: readonly string[]): Promise<TeamEvent[]> {
    if (ticketIds.length === 0) return [];
    const rows = await this.sql.query<TeamEventRow>(
      `SELECT * FROM team_events WHERE team_id = $1 AND ticket_id = ANY($2::text[]) AND type = ANY($3::text[])
        ORDER BY seq`,
      [teamId, ticketIds, types],
    );
    return rows.map(toTeamEvent);
  }

  /** For each of these customers, the seq of their first message ever to the team (customerWroteBefore, at once). */
  async firstCustomerMessages(teamId: string, customers: readonly string[]): Promise<Map<string, number>> {
    if (customers.length === 0) return new Map();
    const rows = await this.sql.query<{ customer: string; seq: string | number }>(
      `SELECT data->>'customer' AS customer, min(seq) AS seq FROM team_events
        WHERE team_id = $1 AND type = 'message.created' AND data->>'author' = 'customer'
          AND data->>'customer' = ANY($2::text[])
        GROUP BY 1`,
      [teamId, customers],
    );
    return new Map(rows.map((r) => [r.customer, Number(r.seq)]));
  }

  /**
   * Marks done, in one statement, the pending events rules will never act on: those without a
   * ticket, of a type rules do not watch, or of a team without rules. Returns how many.
   */
  async skipEventsWithoutRules(types: readonly string[], at: Date): Promise<number> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE team_events e SET rules_done_at = $2
        WHERE e.rules_done_at IS NULL
          AND (e.ticket_id IS NULL OR NOT (e.type = ANY($1::text[]))
               OR NOT EXISTS (SELECT 1 FROM team_rules r WHERE r.team_id = e.team_id AND r.rules <> '[]'::jsonb))
        RETURNING e.id`,
      [types, at],
    );
    return rows.length;
  }

  /**
   * The oldest event rules have not run on, locked until the caller's transaction ends; events
   * another worker holds are skipped. Null when none is pending.
   */
  async claimForRules(): Promise<TeamEvent | null> {
    const [row] = await this.sql.query<TeamEventRow>(
      // One ticket's events in order, whatever the number of workers: an event waits while an
      // earlier one of its ticket is pending (being run by another worker, which holds its lock).
      `SELECT * FROM team_events e WHERE rules_done_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM team_events p WHERE p.ticket_id = e.ticket_id AND p.seq < e.seq AND p.rules_done_at IS NULL)
        ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    return row ? toTeamEvent(row) : null;
  }

  /** The same for one event (after a failed run), or null when it is done or held elsewhere. */
  async claimOneForRules(id: string): Promise<TeamEvent | null> {
    const [row] = await this.sql.query<TeamEventRow>(
      `SELECT * FROM team_events WHERE id = $1 AND rules_done_at IS NULL FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return row ? toTeamEvent(row) : null;
  }

  async markRulesDone(id: string, at: Date): Promise<void> {
    await this.sql.query('UPDATE team_events SET rules_done_at = $2 WHERE id = $1', [id, at]);
  }

  /** Whether the ticket was opened by a customer's message, and any message was recorded on it before event `seq`. */
  async ticketOpening(ticketId: string, seq: number): Promise<{ byCustomer: boolean; earlierMessage: boolean }> {
    const [row] = await this.sql.query<{ by_customer: boolean | null; earlier_message: boolean | null }>(
      `SELECT bool_or(type = 'ticket.created' AND actor = 'customer') AS by_customer,
              bool_or(type = 'message.created') AS earlier_message
         FROM team_events WHERE ticket_id = $1 AND seq < $2`,
      [ticketId, seq],
    );
    return { byCustomer: row?.by_customer === true, earlierMessage: row?.earlier_message === true };
  }

  /** Whether the customer wrote to the team before event `seq`. */
  async customerWroteBefore(teamId: string, customer: string, seq: number): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM team_events
        WHERE team_id = $1 AND seq < $3 AND type = 'message.created'
          AND data->>'author' = 'customer' AND data->>'customer' = $2
        LIMIT 1`,
      [teamId, customer, seq],
    );
    return rows.length > 0;
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
