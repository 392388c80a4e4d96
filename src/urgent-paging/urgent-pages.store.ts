import type { MessageChannel } from '../../channels/contract.js';
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { OnCallSettings } from '../after-hours-flow/after-hours-flow.js';
import type { AckVia, NewUrgentPage, UrgentPage } from './urgent-page.js';

interface UrgentPageRow {
  id: string;
  team_id: string;
  ticket_id: string;
  customer: string;
  customer_name: string | null;
  customer_channel: MessageChannel;
  team_number: string;
  issue: string;
  on_call: OnCallSettings | string;
  pages_sent: number;
  next_page_at: Date | string | null;
  started_at: Date | string;
  stopped_at: Date | string | null;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
  acknowledged_via: AckVia | null;
}

/** A page SMS whose failure is to go on the ticket. */
export interface FailedPageSend {
  readonly pageId: string;
  readonly ticketId: string;
  readonly recipient: string;
  readonly pageNumber: number;
  readonly messageId: string;
  readonly reason: string;
}

/** Urgent pages and the SMS of each (with its acknowledge token's hash). */
export class UrgentPagesStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async insert(p: NewUrgentPage): Promise<void> {
    await this.sql.query(
      `INSERT INTO urgent_pages (id, team_id, ticket_id, customer, customer_name, customer_channel, team_number, issue,
                                 on_call, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)`,
      [
        p.id,
        p.teamId,
        p.ticketId,
        p.customer,
        p.customerName,
        p.customerChannel,
        p.teamNumber,
        p.issue,
        JSON.stringify(p.onCall),
        p.startedAt,
      ],
    );
  }

  /** Notes that page `pagesSent` went out, and when the next is due (null: it was the last). */
  async recordPageSent(id: string, pagesSent: number, nextPageAt: Date | null, at: Date): Promise<void> {
    await this.sql.query(
      `UPDATE urgent_pages SET pages_sent = $2, next_page_at = $3,
              stopped_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz ELSE stopped_at END
        WHERE id = $1`,
      [id, pagesSent, nextPageAt, at],
    );
  }

  async addSend(s: {
    tokenHash: string;
    pageId: string;
    pageNumber: number;
    recipient: string;
    messageId: string | null;
  }): Promise<void> {
    await this.sql.query(
      `INSERT INTO urgent_page_sends (token_hash, page_id, page_number, recipient, message_id) VALUES ($1, $2, $3, $4, $5)`,
      [s.tokenHash, s.pageId, s.pageNumber, s.recipient, s.messageId],
    );
  }

  /**
   * One page whose next page is due, locked until the caller's transaction ends; a page another
   * worker holds is skipped, so every page goes out once however many workers run.
   */
  async claimDue(now: Date): Promise<UrgentPage | null> {
    const [row] = await this.sql.query<UrgentPageRow>(
      `SELECT * FROM urgent_pages
        WHERE next_page_at IS NOT NULL AND next_page_at <= $1 AND acknowledged_at IS NULL
        ORDER BY next_page_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return row ? toUrgentPage(row) : null;
  }

  /** The page a link's token was made for, locked, with the number it was sent to. */
  async lockByToken(tokenHash: string): Promise<{ page: UrgentPage; recipient: string } | null> {
    const [row] = await this.sql.query<UrgentPageRow & { recipient: string }>(
      `SELECT p.*, s.recipient FROM urgent_page_sends s JOIN urgent_pages p ON p.id = s.page_id
        WHERE s.token_hash = $1 FOR UPDATE OF p`,
      [tokenHash],
    );
    return row ? { page: toUrgentPage(row), recipient: row.recipient } : null;
  }

  /** The same, unlocked: what the confirm page shows. */
  async getByToken(tokenHash: string): Promise<{ page: UrgentPage; recipient: string } | null> {
    const [row] = await this.sql.query<UrgentPageRow & { recipient: string }>(
      `SELECT p.*, s.recipient FROM urgent_page_sends s JOIN urgent_pages p ON p.id = s.page_id WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return row ? { page: toUrgentPage(row), recipient: row.recipient } : null;
  }

  /** The ticket's newest page not yet acknowledged, locked; null when there is none. */
  async lockUnacknowledgedForTicket(ticketId: string): Promise<UrgentPage | null> {
    const [row] = await this.sql.query<UrgentPageRow>(
      `SELECT * FROM urgent_pages WHERE ticket_id = $1 AND acknowledged_at IS NULL
        ORDER BY started_at DESC, id DESC LIMIT 1 FOR UPDATE`,
      [ticketId],
    );
    return row ? toUrgentPage(row) : null;
  }

  /** The ticket's newest page, acknowledged or not. */
  async latestForTicket(ticketId: string): Promise<UrgentPage | null> {
    const [row] = await this.sql.query<UrgentPageRow>(
      'SELECT * FROM urgent_pages WHERE ticket_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1',
      [ticketId],
    );
    return row ? toUrgentPage(row) : null;
  }

  /** The team's newest unacknowledged page sent to this on-call number, locked. */
  async lockNewestUnacknowledgedFor(teamId: string, recipient: string): Promise<UrgentPage | null> {
    const [row] = await this.sql.query<UrgentPageRow>(
      `SELECT * FROM urgent_pages p
        WHERE p.team_id = $1 AND p.acknowledged_at IS NULL
          AND EXISTS (SELECT 1 FROM urgent_page_sends s WHERE s.page_id = p.id AND s.recipient = $2)
        ORDER BY p.started_at DESC, p.id DESC LIMIT 1 FOR UPDATE`,
      [teamId, recipient],
    );
    return row ? toUrgentPage(row) : null;
  }

  /** Sets who acknowledged, once: false when it already was. Paging stops with it. */
  async acknowledge(id: string, ack: { by: string; via: AckVia; at: Date }): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE urgent_pages SET acknowledged_at = $2, acknowledged_by = $3, acknowledged_via = $4, next_page_at = NULL
        WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
      [id, ack.at, ack.by, ack.via],
    );
    return rows.length > 0;
  }

  /**
   * Page SMS that failed (at send time, or by a later delivery status) and are not on their
   * ticket yet, marked noted in the same statement: each is taken once, whatever the workers.
   */
  async takeFailedSends(at: Date, limit: number): Promise<FailedPageSend[]> {
    const rows = await this.sql.query<{
      page_id: string;
      ticket_id: string;
      recipient: string;
      page_number: number;
      message_id: string;
      reason: string;
    }>(
      `WITH failed AS (
         SELECT s.token_hash FROM urgent_page_sends s JOIN messages m ON m.id = s.message_id
          WHERE s.failure_noted_at IS NULL AND s.message_id IS NOT NULL
            AND m.status IN ('failed', 'undelivered', 'canceled')
          LIMIT $2 FOR UPDATE OF s SKIP LOCKED)
       UPDATE urgent_page_sends s SET failure_noted_at = $1
         FROM failed, urgent_pages p, messages m
        WHERE s.token_hash = failed.token_hash AND p.id = s.page_id AND m.id = s.message_id
       RETURNING s.page_id, p.ticket_id, s.recipient, s.page_number, s.message_id,
                 trim(both ': ' from coalesce(m.error_code, m.status) || ': ' || coalesce(m.error_message, '')) AS reason`,
      [at, limit],
    );
    return rows.map((r) => ({
      pageId: r.page_id,
      ticketId: r.ticket_id,
      recipient: r.recipient,
      pageNumber: r.page_number,
      messageId: r.message_id,
      reason: r.reason,
    }));
  }
}

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const dateOrNull = (v: Date | string | null) => (v === null ? null : date(v));

function toUrgentPage(r: UrgentPageRow): UrgentPage {
  return {
    id: r.id,
    teamId: r.team_id,
    ticketId: r.ticket_id,
    customer: r.customer,
    customerName: r.customer_name,
    customerChannel: r.customer_channel,
    teamNumber: r.team_number,
    issue: r.issue,
    onCall: typeof r.on_call === 'string' ? (JSON.parse(r.on_call) as OnCallSettings) : r.on_call,
    pagesSent: r.pages_sent,
    nextPageAt: dateOrNull(r.next_page_at),
    startedAt: date(r.started_at),
    stoppedAt: dateOrNull(r.stopped_at),
    acknowledgedAt: dateOrNull(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedVia: r.acknowledged_via,
  };
}
