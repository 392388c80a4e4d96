import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { InboundMessage } from '../../channels/contract.js';
import type { Message, MessageStatus, NewOutboundMessage } from './message.js';
import { STATUS_RANK } from './status-progress.js';

// The forward-only order of statuses, as SQL, from the one table in status-progress.ts.
const rankOf = (expr: string) =>
  `(CASE ${expr} ${Object.entries(STATUS_RANK).map(([status, rank]) => `WHEN '${status}' THEN ${rank}`).join(' ')} ELSE 0 END)`;

interface MessageRow {
  id: string;
  team_id: string;
  direction: 'inbound' | 'outbound';
  channel: Message['channel'];
  from_address: string;
  to_address: string;
  body: string;
  media: Message['media'];
  kind: string | null;
  status: MessageStatus;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  event_id: string | null;
  attempts: number;
  outcome_unknown: boolean;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export interface MessageFilter {
  readonly to?: string;
  readonly kind?: string;
  readonly direction?: 'inbound' | 'outbound';
  readonly limit: number;
  readonly before?: Date;
}

export class MessagesStore {
  constructor(private readonly db: Db | Knex.Transaction) {}

  /** Returns false when this event already produced a message of this kind. */
  async insertOutbound(m: NewOutboundMessage): Promise<boolean> {
    const inserted = await this.db('messages')
      .insert({
        id: m.id,
        team_id: m.teamId,
        direction: 'outbound',
        channel: m.channel,
        from_address: m.from,
        to_address: m.to,
        body: m.body,
        kind: m.kind,
        status: 'queued',
        event_id: m.eventId,
        created_by: m.createdBy,
        created_at: m.createdAt,
      })
      .onConflict()
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  async insertInbound(id: string, teamId: string, eventId: string, m: InboundMessage, at: Date): Promise<void> {
    await this.db('messages')
      .insert({
        id,
        team_id: teamId,
        direction: 'inbound',
        channel: m.channel,
        from_address: m.from,
        to_address: m.to,
        body: m.body,
        media: JSON.stringify(m.media),
        status: 'received',
        provider_message_id: m.providerMessageId,
        event_id: eventId,
        created_by: 'customer',
        created_at: at,
        updated_at: at,
      })
      .onConflict()
      .ignore();
  }

  /**
   * Serializes reply decisions for one customer and kind until the transaction ends, and returns
   * when that kind was last sent to them (failed sends do not count).
   */
  async lockReplyWindow(teamId: string, to: string, kind: string): Promise<Date | null> {
    const result = await this.db.raw(
      `SELECT pg_advisory_xact_lock(hashtext(?)) AS locked,
              (SELECT max(created_at) FROM messages
                WHERE team_id = ? AND to_address = ? AND kind = ? AND direction = 'outbound'
                  AND status NOT IN ('failed', 'undelivered', 'canceled')) AS last`,
      [`reply:${teamId}:${to}:${kind}`, teamId, to, kind],
    );
    const last = (result.rows as Array<{ last: Date | string | null }>)[0]?.last;
    return last ? new Date(last) : null;
  }

  async get(id: string): Promise<Message | null> {
    const row = await this.db<MessageRow>('messages').where({ id }).first();
    return row ? toMessage(row) : null;
  }

  async getForUpdate(id: string): Promise<Message | null> {
    const row = await this.db<MessageRow>('messages').where({ id }).forUpdate().first();
    return row ? toMessage(row) : null;
  }

  async findByProviderIdForUpdate(providerMessageId: string): Promise<Message | null> {
    const row = await this.db<MessageRow>('messages').where({ provider_message_id: providerMessageId }).forUpdate().first();
    return row ? toMessage(row) : null;
  }

  /**
   * Takes a queued message for sending, in one statement, and says whether its customer has
   * opted out meanwhile. A message left `sending` longer than the lease belongs to a worker that
   * died mid-send: it is taken again, flagged as an unknown outcome.
   */
  async claimForSending(id: string, leaseMs: number): Promise<(Message & { customerOptedOut: boolean }) | null> {
    const result = await this.db.raw(
      `UPDATE messages m
          SET outcome_unknown = m.outcome_unknown OR m.status = 'sending',
              status = 'sending', attempts = m.attempts + 1, updated_at = now()
        WHERE m.id = ? AND m.direction = 'outbound'
          AND m.provider_message_id IS NULL -- accepted by the provider: never sent again
          AND (m.status = 'queued' OR (m.status = 'sending' AND m.updated_at < ?))
      RETURNING m.*, EXISTS (SELECT 1 FROM contacts c
                              WHERE c.team_id = m.team_id AND c.number = m.to_address
                                AND c.opted_out_at IS NOT NULL) AS customer_opted_out`,
      [id, new Date(Date.now() - leaseMs)],
    );
    const row = (result.rows as Array<MessageRow & { customer_opted_out: boolean }>)[0];
    return row ? { ...toMessage(row), customerOptedOut: row.customer_opted_out } : null;
  }

  /** Records the provider's acceptance; a status a callback already advanced to is kept. */
  async recordAccepted(id: string, providerMessageId: string, status: MessageStatus, at: Date): Promise<void> {
    await this.db.raw(
      `UPDATE messages
          SET provider_message_id = ?, outcome_unknown = false, sent_at = ?, updated_at = now(),
              status = CASE WHEN status = 'sending' OR ${rankOf('status')} < ${rankOf('?::text')} THEN ? ELSE status END
        WHERE id = ?`,
      [providerMessageId, at, status, status, id],
    );
  }

  async update(id: string, changes: Partial<{
    status: MessageStatus;
    providerMessageId: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    outcomeUnknown: boolean;
    sentAt: Date;
  }>): Promise<void> {
    const row: Record<string, unknown> = { updated_at: this.db.fn.now() };
    if (changes.status !== undefined) row.status = changes.status;
    if (changes.providerMessageId !== undefined) row.provider_message_id = changes.providerMessageId;
    if (changes.errorCode !== undefined) row.error_code = changes.errorCode;
    if (changes.errorMessage !== undefined) row.error_message = changes.errorMessage;
    if (changes.outcomeUnknown !== undefined) row.outcome_unknown = changes.outcomeUnknown;
    if (changes.sentAt !== undefined) row.sent_at = changes.sentAt;
    await this.db('messages').where({ id }).update(row);
  }

  async list(teamId: string, filter: MessageFilter): Promise<Message[]> {
    const q = this.db<MessageRow>('messages').where({ team_id: teamId }).orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    if (filter.to) q.andWhere({ to_address: filter.to });
    if (filter.kind) q.andWhere({ kind: filter.kind });
    if (filter.direction) q.andWhere({ direction: filter.direction });
    if (filter.before) q.andWhere('created_at', '<', filter.before);
    return (await q.limit(filter.limit)).map(toMessage);
  }

  /** Outbound messages nobody is sending: queued (or stuck sending) for longer than `olderThanMs`. */
  async listStalePending(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.db('messages')
      .where({ direction: 'outbound' })
      .whereNull('provider_message_id')
      .whereIn('status', ['queued', 'sending'])
      .andWhere('updated_at', '<', new Date(Date.now() - olderThanMs))
      .orderBy('updated_at')
      .limit(limit)
      .select('id');
    return rows.map((r) => r.id as string);
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
    kind: row.kind,
    status: row.status,
    providerMessageId: row.provider_message_id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    eventId: row.event_id,
    attempts: row.attempts,
    outcomeUnknown: row.outcome_unknown,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
  };
}
