import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { InboundMessage } from '../../channels/contract.js';
import type { Message, MessageStatus, NewOutboundMessage } from './message.js';

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

  /** Serializes reply decisions for one customer and kind until the transaction ends. */
  async lockReplyWindow(teamId: string, to: string, kind: string): Promise<void> {
    await this.db.raw('select pg_advisory_xact_lock(hashtext(?))', [`reply:${teamId}:${to}:${kind}`]);
  }

  async lastReplyAt(teamId: string, to: string, kind: string): Promise<Date | null> {
    const row = await this.db('messages')
      .where({ team_id: teamId, to_address: to, kind, direction: 'outbound' })
      .whereNotIn('status', ['failed', 'undelivered'])
      .max<{ last: Date | null }>('created_at as last')
      .first();
    return row?.last ? new Date(row.last) : null;
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
   * Takes a queued message for sending. A message left `sending` longer than the lease belongs
   * to a worker that died mid-send: it is taken again, flagged as an unknown outcome.
   */
  async claimForSending(id: string, leaseMs: number): Promise<Message | null> {
    const rows = await this.db<MessageRow>('messages')
      .where({ id, direction: 'outbound' })
      .whereNull('provider_message_id') // accepted by the provider: never sent again
      .andWhere((q) =>
        q.where({ status: 'queued' }).orWhere((s) =>
          s.where({ status: 'sending' }).andWhere('updated_at', '<', new Date(Date.now() - leaseMs)),
        ),
      )
      .update({
        outcome_unknown: this.db.raw("outcome_unknown OR status = 'sending'"),
        status: 'sending',
        attempts: this.db.raw('attempts + 1'),
        updated_at: this.db.fn.now(),
      })
      .returning('*');
    return rows[0] ? toMessage(rows[0] as MessageRow) : null;
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
