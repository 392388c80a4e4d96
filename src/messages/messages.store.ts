import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { Message, MessageStatus, NewOutboundMessage } from './message.js';
import { STATUS_RANK } from './status-progress.js';

// The forward-only order of statuses, as SQL, from the one table in status-progress.ts.
const rankOf = (expr: string) =>
  `(CASE ${expr} ${Object.entries(STATUS_RANK)
    .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
    .join(' ')} ELSE 0 END)`;

interface MessageRow {
  id: string;
  team_id: string;
  direction: 'inbound' | 'outbound';
  channel: Message['channel'];
  from_address: string;
  to_address: string;
  body: string;
  media: Message['media'];
  content: Message['content'];
  kind: string | null;
  status: MessageStatus;
  read_at: Date | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  event_id: string | null;
  created_by: string | null;
  ticket_id: string | null;
  attempts: number;
  outcome_unknown: boolean;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  send_after: Date | null;
}

export interface MessageFilter {
  readonly to?: string;
  readonly kind?: string;
  readonly direction?: 'inbound' | 'outbound';
  readonly limit: number;
  readonly before?: Date;
}

export class MessagesStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /**
   * Returns false when this event already produced a message of this kind. A message on a ticket
   * moves the ticket's last_message_at (the inbox's order) in the same statement.
   */
  async insertOutbound(m: NewOutboundMessage): Promise<boolean> {
    const rows = await this.sql.query(
      `WITH inserted AS (
         INSERT INTO messages (id, team_id, direction, channel, from_address, to_address, body, kind, status, attempts, event_id, created_by, created_at, ticket_id, media, content, send_after)
         VALUES ($1, $2, 'outbound', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb, $16)
         ON CONFLICT DO NOTHING RETURNING id, ticket_id, created_at),
       -- Only when it moves: an automated reply to a text has the text's time, and a row version saved is index entries saved.
       touched AS (UPDATE tickets t SET last_message_at = i.created_at
                     FROM inserted i WHERE t.id = i.ticket_id AND t.last_message_at < i.created_at)
       SELECT id FROM inserted`,
      [
        m.id,
        m.teamId,
        m.channel,
        m.from,
        m.to,
        m.body,
        m.kind,
        m.claimed ? 'sending' : 'queued',
        m.claimed ? 1 : 0,
        m.eventId,
        m.createdBy,
        m.createdAt,
        m.ticketId ?? null,
        JSON.stringify(m.media ?? []),
        m.content ? JSON.stringify(m.content) : null,
        m.sendAfter ?? null,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Our automated messages to the customer since `since`, newest first (at most `limit`), each with
   * the customer's first message after it went out: the hourly limit and the auto-responder signal.
   */
  async recentAutomated(
    teamId: string,
    to: string,
    since: Date,
    limit: number,
  ): Promise<{ sentAt: Date; answeredAt: Date | null; kind: string | null }[]> {
    const rows = await this.sql.query<{
      sent_at: Date | string;
      answered_at: Date | string | null;
      kind: string | null;
    }>(
      `SELECT s.sent_at, s.kind,
              (SELECT min(i.created_at) FROM messages i
                WHERE i.team_id = $1 AND i.from_address = $2 AND i.direction = 'inbound'
                  AND i.created_at > s.sent_at) AS answered_at
         FROM (SELECT GREATEST(created_at, COALESCE(send_after, created_at)) AS sent_at, kind FROM messages
                WHERE team_id = $1 AND to_address = $2 AND direction = 'outbound' AND created_by = 'auto-reply'
                  AND created_at > $3 AND status NOT IN ('failed', 'undelivered', 'canceled')
                ORDER BY created_at DESC LIMIT $4) s
        ORDER BY s.sent_at DESC`,
      [teamId, to, since, limit],
    );
    return rows.map((r) => ({
      sentAt: new Date(r.sent_at),
      answeredAt: r.answered_at ? new Date(r.answered_at) : null,
      kind: r.kind,
    }));
  }

  /** A web chat visitor's conversation with the team, oldest first: the newest `limit` messages to or from `address`. */
  async conversationOf(teamId: string, address: string, limit: number): Promise<Message[]> {
    const rows = await this.sql.query<MessageRow>(
      `SELECT * FROM (SELECT * FROM messages WHERE team_id = $1 AND (to_address = $2 OR from_address = $2)
                       ORDER BY created_at DESC, id DESC LIMIT $3) m ORDER BY created_at, id`,
      [teamId, address, limit],
    );
    return rows.map(toMessage);
  }

  /** Marks the outbound messages `ids` to `to` as read (the widget showed them); answers the ids it marked now. */
  async markReadByRecipient(teamId: string, to: string, ids: readonly string[], at: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE messages SET read_at = $4, status = 'read'
        WHERE team_id = $1 AND to_address = $2 AND direction = 'outbound' AND id = ANY($3::text[]) AND read_at IS NULL
        RETURNING id`,
      [teamId, to, ids, at],
    );
    return rows.map((r) => r.id);
  }

  /** When an agent (anyone but the automation) last wrote on the ticket's thread. */
  async lastAgentMessageAt(ticketId: string): Promise<Date | null> {
    const [row] = await this.sql.query<{ last: Date | string | null }>(
      `SELECT max(created_at) AS last FROM messages
        WHERE ticket_id = $1 AND direction = 'outbound' AND created_by <> 'auto-reply'`,
      [ticketId],
    );
    return row?.last ? new Date(row.last) : null;
  }

  /**
   * When this kind was last sent to the customer (failed sends do not count). Read it while
   * holding the customer's contact row lock, so that concurrent decisions see each other.
   */
  async lastReplyAt(teamId: string, to: string, kind: string): Promise<Date | null> {
    const [row] = await this.sql.query<{ last: Date | string | null }>(
      `SELECT max(created_at) AS last FROM messages
        WHERE team_id = $1 AND to_address = $2 AND kind = $3 AND direction = 'outbound'
          AND status NOT IN ('failed', 'undelivered', 'canceled')`,
      [teamId, to, kind],
    );
    return row?.last ? new Date(row.last) : null;
  }

  /** When a reply of `kind` last went out on one ticket (not counting failed ones). */
  async lastReplyOnTicketAt(ticketId: string, kind: string): Promise<Date | null> {
    const [row] = await this.sql.query<{ last: Date | string | null }>(
      `SELECT max(created_at) AS last FROM messages
        WHERE ticket_id = $1 AND kind = $2 AND direction = 'outbound'
          AND status NOT IN ('failed', 'undelivered', 'canceled')`,
      [ticketId, kind],
    );
    return row?.last ? new Date(row.last) : null;
  }

  /**
   * The customer's last message to the team: its channel and the team number it went to (the
   * number an agent answers from).
   */
  async lastInboundFrom(
    teamId: string,
    customer: string,
  ): Promise<{ channel: Message['channel']; teamNumber: string; at: Date } | null> {
    const [row] = await this.sql.query<{ channel: Message['channel']; to_address: string; created_at: Date | string }>(
      `SELECT channel, to_address, created_at FROM messages
        WHERE team_id = $1 AND from_address = $2 AND direction = 'inbound'
        ORDER BY created_at DESC LIMIT 1`,
      [teamId, customer],
    );
    return row ? { channel: row.channel, teamNumber: row.to_address, at: new Date(row.created_at) } : null;
  }

  async get(id: string): Promise<Message | null> {
    const [row] = await this.sql.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
    return row ? toMessage(row) : null;
  }

  async getForUpdate(id: string): Promise<Message | null> {
    const [row] = await this.sql.query<MessageRow>('SELECT * FROM messages WHERE id = $1 FOR UPDATE', [id]);
    return row ? toMessage(row) : null;
  }

  async findByProviderIdForUpdate(providerMessageId: string): Promise<Message | null> {
    const [row] = await this.sql.query<MessageRow>('SELECT * FROM messages WHERE provider_message_id = $1 FOR UPDATE', [
      providerMessageId,
    ]);
    return row ? toMessage(row) : null;
  }

  /**
   * Takes a queued message for sending, in one statement, and says whether its customer has
   * opted out meanwhile. A message left `sending` longer than the lease belongs to a worker that
   * died mid-send: it is taken again, flagged as an unknown outcome.
   */
  /** A message held for quiet hours is not claimed before its `send_after` (by the caller's clock, `now`). */
  async claimForSending(
    id: string,
    leaseMs: number,
    now: Date = new Date(),
  ): Promise<(Message & { customerOptedOut: boolean }) | null> {
    const rows = await this.sql.query<MessageRow & { customer_opted_out: boolean }>(
      `UPDATE messages m
          SET outcome_unknown = m.outcome_unknown OR m.status = 'sending',
              status = 'sending', attempts = m.attempts + 1, updated_at = now()
        WHERE m.id = $1 AND m.direction = 'outbound'
          AND m.provider_message_id IS NULL -- accepted by the provider: never sent again
          AND (m.status = 'queued' OR (m.status = 'sending' AND m.updated_at < $2))
          AND (m.send_after IS NULL OR m.send_after <= $3)
      RETURNING m.*, EXISTS (SELECT 1 FROM contacts c
                              WHERE c.team_id = m.team_id AND c.number = m.to_address
                                AND c.opted_out_at IS NOT NULL) AS customer_opted_out`,
      [id, new Date(Date.now() - leaseMs), now],
    );
    const row = rows[0];
    return row ? { ...toMessage(row), customerOptedOut: row.customer_opted_out } : null;
  }

  /** Records the provider's acceptance; a status a callback already advanced to is kept. */
  async recordAccepted(id: string, providerMessageId: string, status: MessageStatus, at: Date): Promise<void> {
    await this.sql.query(
      `UPDATE messages
          SET provider_message_id = $1, outcome_unknown = false, sent_at = $2, updated_at = now(),
              status = CASE WHEN status = 'sending' OR ${rankOf('status')} < ${rankOf('$3::text')} THEN $3 ELSE status END
        WHERE id = $4`,
      [providerMessageId, at, status, id],
    );
  }

  async update(
    id: string,
    changes: Partial<{
      status: MessageStatus;
      providerMessageId: string | null;
      errorCode: string | null;
      errorMessage: string | null;
      outcomeUnknown: boolean;
      sentAt: Date;
      /** Kept once set: the first report of "read" is when it was read. */
      readAt: Date;
    }>,
  ): Promise<void> {
    const columns: Array<[string, unknown]> = [];
    if (changes.status !== undefined) columns.push(['status', changes.status]);
    if (changes.providerMessageId !== undefined) columns.push(['provider_message_id', changes.providerMessageId]);
    if (changes.errorCode !== undefined) columns.push(['error_code', changes.errorCode]);
    if (changes.errorMessage !== undefined) columns.push(['error_message', changes.errorMessage]);
    if (changes.outcomeUnknown !== undefined) columns.push(['outcome_unknown', changes.outcomeUnknown]);
    if (changes.sentAt !== undefined) columns.push(['sent_at', changes.sentAt]);
    if (changes.readAt !== undefined) columns.push(['read_at', changes.readAt]);
    const sets = columns.map(([column], i) =>
      column === 'read_at' ? `read_at = COALESCE(read_at, $${i + 2})` : `${column} = $${i + 2}`,
    );
    await this.sql.query(`UPDATE messages SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, [
      id,
      ...columns.map(([, v]) => v),
    ]);
  }

  async list(teamId: string, filter: MessageFilter): Promise<Message[]> {
    const q = this.db<MessageRow>('messages')
      .where({ team_id: teamId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    if (filter.to) q.andWhere({ to_address: filter.to });
    if (filter.kind) q.andWhere({ kind: filter.kind });
    if (filter.direction) q.andWhere({ direction: filter.direction });
    if (filter.before) q.andWhere('created_at', '<', filter.before);
    return (await q.limit(filter.limit)).map(toMessage);
  }

  /**
   * One ticket's thread, oldest first, after the cursor (a message's created_at and id) when given.
   * At the same instant the customer's message comes before what answered it.
   */
  async thread(ticketId: string, after: { createdAt: Date; id: string } | null, limit: number): Promise<Message[]> {
    const rows = await this.sql.query<MessageRow>(
      `SELECT * FROM messages WHERE ticket_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, direction = 'outbound', id) >
               ($2::timestamptz, COALESCE((SELECT direction = 'outbound' FROM messages WHERE id = $3), false), $3::text))
        ORDER BY created_at, direction = 'outbound', id LIMIT $4`,
      [ticketId, after?.createdAt ?? null, after?.id ?? null, limit],
    );
    return rows.map(toMessage);
  }

  /**
   * Outbound messages nobody is sending: queued (or stuck sending) for longer than `olderThanMs`.
   * A message held for quiet hours is listed once it is due (by the caller's clock, `now`): that is how it goes out.
   */
  async listStalePending(olderThanMs: number, limit: number, now: Date = new Date()): Promise<string[]> {
    const rows = await this.db<MessageRow>('messages')
      .where({ direction: 'outbound' })
      .whereNull('provider_message_id')
      .whereIn('status', ['queued', 'sending'])
      .andWhere((q) => void q.whereNull('send_after').orWhere('send_after', '<=', now))
      .andWhere('updated_at', '<', new Date(Date.now() - olderThanMs))
      .orderBy('updated_at')
      .limit(limit)
      .select('id');
    return rows.map((r) => r.id);
  }
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    teamId: row.team_id,
    direction: row.direction,
    channel: row.channel,
    from: row.from_address,
    to: row.to_address,
    body: row.body,
    media: row.media ?? [],
    content: row.content ?? null,
    kind: row.kind,
    status: row.status,
    readAt: row.read_at ? new Date(row.read_at) : null,
    providerMessageId: row.provider_message_id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    eventId: row.event_id,
    createdBy: row.created_by ?? null,
    ticketId: row.ticket_id ?? null,
    attempts: row.attempts,
    outcomeUnknown: row.outcome_unknown,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    sendAfter: row.send_after ? new Date(row.send_after) : null,
  };
}
