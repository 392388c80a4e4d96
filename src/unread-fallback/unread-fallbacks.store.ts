import type { Knex } from 'knex';
import type { MessageChannel } from '../../channels/contract.js';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import { DEFAULT_UNREAD_FALLBACK, type FallbackChannel } from '../teams/unread-fallback-settings.js';

/** An agent's reply on a ticket that the customer has not read, due for the fallback. */
export interface UnreadReply {
  readonly id: string;
  readonly channel: MessageChannel;
  readonly from: string;
  readonly body: string;
  readonly createdAt: Date;
}

/** One fallback of a ticket's unread replies: sent on a channel, or skipped with its reason. */
export interface UnreadFallback {
  readonly id: string;
  readonly teamId: string;
  readonly ticketId: string;
  readonly action: 'send' | 'skip';
  readonly channel: FallbackChannel | null;
  readonly reason: string;
  readonly target: string | null;
  readonly messageId: string | null;
  readonly notificationId: string | null;
  readonly replyIds: readonly string[];
  readonly createdAt: Date;
}

/** A reply more than this past due is left alone: a fallback a day late is noise (and a team turning it on does not resend history). */
const LOOKBACK_SECONDS = 86_400;

// The team's setting read in SQL, with the defaults a team saved before the setting had.
const AFTER_SECONDS = `COALESCE((t.settings->'unreadFallback'->>'afterSeconds')::int, ${DEFAULT_UNREAD_FALLBACK.afterSeconds})`;
const ENABLED = `COALESCE((t.settings->'unreadFallback'->>'enabled')::boolean, ${DEFAULT_UNREAD_FALLBACK.enabled})`;

// An agent's reply on a ticket, not read and not covered by a fallback yet, within the lookback (alias `m`, team `t`).
const UNREAD_REPLY = (m: string) =>
  `${m}.direction = 'outbound' AND ${m}.ticket_id IS NOT NULL AND ${m}.read_at IS NULL AND ${m}.unread_fallback_id IS NULL
   AND ${m}.created_by <> 'auto-reply' AND ${m}.status <> 'canceled'
   AND ${m}.created_at > $1::timestamptz - make_interval(secs => ${AFTER_SECONDS} + ${LOOKBACK_SECONDS})`;

/** The fallback's rows, and the scan of messages for due unread replies (which only this store reads). */
export class UnreadFallbacksStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /**
   * Claims one ticket with due unread replies until the transaction ends: locks its oldest unread
   * reply (FOR UPDATE SKIP LOCKED). Only a ticket's oldest is ever claimed, so two workers never
   * take two replies of one ticket; the second skips the ticket while the first holds it.
   */
  async claimDueTicket(now: Date): Promise<{ teamId: string; ticketId: string } | null> {
    const [row] = await this.sql.query<{ team_id: string; ticket_id: string }>(
      `SELECT m.team_id, m.ticket_id FROM messages m JOIN teams t ON t.id = m.team_id
        WHERE ${UNREAD_REPLY('m')} AND ${ENABLED}
          AND m.created_at <= $1::timestamptz - make_interval(secs => ${AFTER_SECONDS})
          AND (m.unread_fallback_after IS NULL OR m.unread_fallback_after <= $1)
          AND NOT EXISTS (SELECT 1 FROM messages o
                           WHERE o.ticket_id = m.ticket_id AND ${UNREAD_REPLY('o')}
                             AND (o.created_at, o.id) < (m.created_at, m.id))
        ORDER BY m.created_at
        LIMIT 1
        FOR UPDATE OF m SKIP LOCKED`,
      [now],
    );
    return row ? { teamId: row.team_id, ticketId: row.ticket_id } : null;
  }

  /** The claimed ticket's due unread replies, oldest first, locked. */
  async dueReplies(ticketId: string, now: Date): Promise<UnreadReply[]> {
    const rows = await this.sql.query<{
      id: string;
      channel: MessageChannel;
      from_address: string;
      body: string;
      created_at: Date | string;
    }>(
      `SELECT m.id, m.channel, m.from_address, m.body, m.created_at FROM messages m JOIN teams t ON t.id = m.team_id
        WHERE m.ticket_id = $2 AND ${UNREAD_REPLY('m')}
          AND m.created_at <= $1::timestamptz - make_interval(secs => ${AFTER_SECONDS})
        ORDER BY m.created_at, m.id
        FOR UPDATE OF m`,
      [now, ticketId],
    );
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      from: r.from_address,
      body: r.body,
      createdAt: new Date(r.created_at),
    }));
  }

  /** Holds the replies' fallback until `after` (the end of the customer's quiet hours): the scan leaves the ticket until then. */
  async holdUntil(replyIds: readonly string[], after: Date): Promise<void> {
    await this.sql.query('UPDATE messages SET unread_fallback_after = $1 WHERE id = ANY($2::text[])', [
      after,
      [...replyIds],
    ]);
  }

  /** Stores the fallback and marks its replies covered, in the caller's transaction: never again for them. */
  async record(f: UnreadFallback): Promise<void> {
    await this.sql.query(
      `INSERT INTO unread_fallbacks (id, team_id, ticket_id, action, channel, reason, target, message_id, notification_id,
                                     reply_ids, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
      [
        f.id,
        f.teamId,
        f.ticketId,
        f.action,
        f.channel,
        f.reason,
        f.target,
        f.messageId,
        f.notificationId,
        JSON.stringify(f.replyIds),
        f.createdAt,
      ],
    );
    await this.sql.query('UPDATE messages SET unread_fallback_id = $1 WHERE id = ANY($2::text[])', [
      f.id,
      [...f.replyIds],
    ]);
  }

  /** A ticket's fallbacks, newest first. */
  async listForTicket(ticketId: string): Promise<UnreadFallback[]> {
    const rows = await this.sql.query<Record<string, unknown>>(
      'SELECT * FROM unread_fallbacks WHERE ticket_id = $1 ORDER BY created_at DESC, id',
      [ticketId],
    );
    return rows.map(toFallback);
  }
}

function toFallback(row: Record<string, unknown>): UnreadFallback {
  const ids = row.reply_ids;
  return {
    id: row.id as string,
    teamId: row.team_id as string,
    ticketId: row.ticket_id as string,
    action: row.action as 'send' | 'skip',
    channel: (row.channel as FallbackChannel | null) ?? null,
    reason: row.reason as string,
    target: (row.target as string | null) ?? null,
    messageId: (row.message_id as string | null) ?? null,
    notificationId: (row.notification_id as string | null) ?? null,
    replyIds: (typeof ids === 'string' ? JSON.parse(ids) : ids) as string[],
    createdAt: new Date(row.created_at as string),
  };
}
