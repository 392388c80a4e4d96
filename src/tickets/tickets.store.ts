import crypto from 'node:crypto';
import { contactCardOf, type ContactCard } from '../contacts/contacts.store.js';
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { Priority } from '../rla/priority.js';
import type { TicketListCursor } from './ticket-list-cursor.js';
import type { NewTicketEvent, Ticket, TicketChannel, TicketEvent, TicketSource, TicketStatus } from './ticket.js';

/** Which tickets the inbox lists; every field given narrows it. */
export interface TicketFilter {
  /** Unassigned, chat active and not closed: the "new" view. */
  readonly awaitingAgent?: boolean;
  readonly assigneeId?: string;
  readonly groupId?: string;
  readonly customer?: string;
  readonly status?: TicketStatus;
  readonly channel?: TicketChannel;
  readonly source?: TicketSource;
  /** Created before this instant. */
  readonly before?: Date;
  /** The page after this place in the list. */
  readonly after?: TicketListCursor;
  readonly limit: number;
}

/** A listed ticket, with what the list shows beside it and its place in the list. */
export interface ListedTicket {
  readonly ticket: Ticket;
  /** The customer's last WhatsApp message to the team, if they ever wrote on WhatsApp. */
  readonly lastWhatsappInboundAt: Date | null;
  /** Who the customer is, as far as they told us. */
  readonly contact: ContactCard | null;
  readonly cursor: TicketListCursor;
}

export type NewTicket = Omit<
  Ticket,
  | 'number'
  | 'chat'
  // A new ticket has no group yet; PATCH sets one.
  | 'groupId'
  | 'firstResponseWarnedAt'
  | 'firstResponseBreachedAt'
  | 'resolutionWarnedAt'
  | 'resolutionBreachedAt'
  | 'updatedAt'
  | 'lastActivityAt'
  | 'lastMessageAt'
  | 'unread'
  | 'fields'
  | 'firstRespondedAt'
  | 'resolvedAt'
>;

type ChangeableField =
  | 'status'
  | 'chat'
  | 'priority'
  | 'assigneeId'
  | 'groupId'
  | 'tags'
  | 'firstResponseDueAt'
  | 'firstRespondedAt'
  | 'resolutionDueAt'
  | 'resolvedAt'
  | 'firstResponseWarnedAt'
  | 'firstResponseBreachedAt'
  | 'resolutionWarnedAt'
  | 'resolutionBreachedAt';
export type TicketChanges = { -readonly [K in ChangeableField]?: Ticket[K] };

/** The RLA monitor's marks, one column each, set once. */
export type ClockMark =
  'first_response_warned_at' | 'first_response_breached_at' | 'resolution_warned_at' | 'resolution_breached_at';

const COLUMNS: Readonly<Record<keyof TicketChanges, string>> = {
  status: 'status',
  chat: 'chat',
  priority: 'priority',
  assigneeId: 'assignee_id',
  groupId: 'group_id',
  tags: 'tags',
  firstResponseDueAt: 'first_response_due_at',
  firstRespondedAt: 'first_responded_at',
  resolutionDueAt: 'resolution_due_at',
  resolvedAt: 'resolved_at',
  firstResponseWarnedAt: 'first_response_warned_at',
  firstResponseBreachedAt: 'first_response_breached_at',
  resolutionWarnedAt: 'resolution_warned_at',
  resolutionBreachedAt: 'resolution_breached_at',
};

export class TicketsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** Creates a ticket with the team's next number. */
  async insert(t: NewTicket): Promise<Ticket> {
    const [row] = await this.sql.query(`WITH ${insertTicket()} RETURNING *) SELECT * FROM created`, insertParams(t));
    return toTicket(row!);
  }

  /** The customer's open or pending ticket with activity since `activeSince`, locked. */
  async lockOpenForCustomer(teamId: string, customer: string, activeSince: Date): Promise<Ticket | null> {
    const [row] = await this.sql.query(
      `SELECT * FROM tickets WHERE team_id = $1 AND customer = $2 AND status IN ('open','pending') AND last_activity_at >= $3
        ORDER BY last_activity_at DESC LIMIT 1 FOR UPDATE`,
      [teamId, customer, activeSince],
    );
    return row ? toTicket(row) : null;
  }

  async lock(teamId: string, id: string): Promise<Ticket | null> {
    const [row] = await this.sql.query('SELECT * FROM tickets WHERE id = $1 AND team_id = $2 FOR UPDATE', [id, teamId]);
    return row ? toTicket(row) : null;
  }

  async get(teamId: string, id: string): Promise<Ticket | null> {
    const [row] = await this.sql.query('SELECT * FROM tickets WHERE id = $1 AND team_id = $2', [id, teamId]);
    return row ? toTicket(row) : null;
  }

  /** The team's most recently active tickets, newest first (the dry run of rules replays them). */
  async listRecent(teamId: string, limit: number): Promise<Ticket[]> {
    const rows = await this.sql.query(
      'SELECT * FROM tickets WHERE team_id = $1 ORDER BY last_activity_at DESC, number DESC LIMIT $2',
      [teamId, limit],
    );
    return rows.map(toTicket);
  }

  /**
   * A page of the team's tickets, last message first (then newest number): each view and filter
   * reads its rows in this order off one of the tickets_inbox_* indexes.
   */
  async list(teamId: string, f: TicketFilter): Promise<ListedTicket[]> {
    const params: unknown[] = [teamId];
    const where = ['t.team_id = $1'];
    const is = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    // Spelled as the partial index tickets_inbox_new_idx spells it, so that the planner uses it.
    if (f.awaitingAgent) where.push(`t.assignee_id IS NULL AND t.chat = 'active' AND t.status <> 'closed'`);
    if (f.assigneeId !== undefined) is('t.assignee_id = ?', f.assigneeId);
    if (f.groupId !== undefined) is('t.group_id = ?', f.groupId);
    if (f.customer !== undefined) is('t.customer = ?', f.customer);
    if (f.status !== undefined) is('t.status = ?', f.status);
    if (f.channel !== undefined) is('t.channel = ?', f.channel);
    if (f.source !== undefined) is('t.source = ?', f.source);
    if (f.before !== undefined) is('t.created_at < ?', f.before);
    if (f.after) {
      params.push(f.after.lastMessageAt, f.after.number);
      where.push(`(t.last_message_at, t.number) < ($${params.length - 1}::timestamptz, $${params.length}::int)`);
    }
    params.push(f.limit);
    const rows = await this.sql.query(
      `SELECT t.*, c.last_whatsapp_inbound_at AS customer_last_whatsapp_inbound_at, ${CURSOR_AT} AS cursor_at,
              c.number AS contact_number, c.name AS contact_name, c.email AS contact_email,
              c.lead_status AS contact_lead_status, c.lead_source AS contact_lead_source,
              c.web_presence AS contact_web_presence, c.web_presence_at AS contact_web_presence_at
         FROM tickets t LEFT JOIN contacts c ON c.team_id = t.team_id AND c.number = t.customer
        WHERE ${where.join(' AND ')}
        ORDER BY t.last_message_at DESC, t.number DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      ticket: toTicket(row),
      lastWhatsappInboundAt: row.customer_last_whatsapp_inbound_at
        ? new Date(row.customer_last_whatsapp_inbound_at as string)
        : null,
      contact: row.contact_number
        ? contactCardOf({
            name: row.contact_name,
            email: row.contact_email,
            lead_status: row.contact_lead_status,
            lead_source: row.contact_lead_source,
            web_presence: row.contact_web_presence,
            web_presence_at: row.contact_web_presence_at,
          })
        : null,
      cursor: { lastMessageAt: row.cursor_at as string, number: Number(row.number) },
    }));
  }

  /** Adds the customer's answers to the ticket's fields (a later answer to the same field wins). */
  async mergeFields(ticketId: string, fields: Readonly<Record<string, string | null>>, at: Date): Promise<void> {
    await this.sql.query(
      'UPDATE tickets SET fields = fields || $2::jsonb, updated_at = GREATEST(updated_at, $3) WHERE id = $1',
      [ticketId, JSON.stringify(fields), at],
    );
  }

  /** The place in the list of the team's ticket numbered `number`, if there is one. */
  async listCursorOf(teamId: string, number: number): Promise<TicketListCursor | null> {
    const [row] = await this.sql.query(
      `SELECT ${CURSOR_AT} AS cursor_at FROM tickets t WHERE team_id = $1 AND number = $2`,
      [teamId, number],
    );
    return row ? { lastMessageAt: row.cursor_at as string, number } : null;
  }

  /** An agent opened the thread: nothing on it is unread for the team any more. */
  async markRead(teamId: string, id: string, at: Date): Promise<Ticket | null> {
    const [row] = await this.sql.query(
      'UPDATE tickets SET unread_count = 0, read_at = $3 WHERE id = $1 AND team_id = $2 RETURNING *',
      [id, teamId, at],
    );
    return row ? toTicket(row) : null;
  }

  async update(id: string, changes: TicketChanges, at: Date): Promise<Ticket> {
    const set: Record<string, unknown> = { updated_at: at };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      set[COLUMNS[key as keyof TicketChanges]] = key === 'tags' ? JSON.stringify(value) : value;
    }
    const [row] = await this.db('tickets').where({ id }).update(set).returning<Record<string, unknown>[]>('*');
    return toTicket(row!);
  }

  /** Adds to the timeline; activity from the customer or an agent keeps the ticket current for attaching. */
  async addEvent(ticketId: string, e: NewTicketEvent, touchActivity = true): Promise<void> {
    await this.sql.query(
      `WITH touched AS (UPDATE tickets SET last_activity_at = GREATEST(last_activity_at, $5), updated_at = GREATEST(updated_at, $5) WHERE id = $2 AND $6)
       INSERT INTO ticket_events (id, ticket_id, type, actor, data, at) VALUES ($1, $2, $3, $4, $7, $5)`,
      [crypto.randomUUID(), ticketId, e.type, e.actor, e.at, touchActivity, JSON.stringify(e.data)],
    );
  }

  /**
   * Puts a customer's logged message on their open or pending ticket (a completed chat active
   * again, a pending ticket open again: the customer answered what it waited for; both on the
   * timeline), or opens `opening` for it when they have none, and links the message to the
   * ticket: one statement. Answers the ticket's id and number, whether this message opened it,
   * and what it changed on an existing one.
   */
  async threadCustomerMessage(
    opening: NewTicket,
    m: { messageId: string; channel: string; at: Date },
  ): Promise<{ id: string; number: number; opened: boolean; chatReactivated: boolean; reopened: boolean }> {
    const p = insertParams(opening).length;
    const [row] = await this.sql.query<{
      id: string;
      number: number;
      opened: boolean;
      reactivated: boolean;
      reopened: boolean;
    }>(
      `WITH existing AS (SELECT id, number, chat, status FROM tickets WHERE team_id = $2 AND customer = $10 AND status IN ('open','pending')
                          ORDER BY last_activity_at DESC LIMIT 1 FOR UPDATE),
            touched AS (UPDATE tickets SET last_activity_at = GREATEST(last_activity_at, $${p + 1}::timestamptz), chat = 'active', status = 'open',
                                last_message_at = GREATEST(last_message_at, $${p + 1}::timestamptz), unread_count = unread_count + 1
                         WHERE id IN (SELECT id FROM existing)),
            ${insertTicket('NOT EXISTS (SELECT 1 FROM existing)', 1)} RETURNING id, number),
            t AS (SELECT id, number, false AS opened FROM existing UNION ALL SELECT id, number, true FROM created),
            linked AS (UPDATE messages SET ticket_id = (SELECT id FROM t) WHERE id = $${p + 2}::text),
            noted AS (INSERT INTO ticket_events (id, ticket_id, type, actor, data, at)
                      SELECT $${p + 3}::text, id, 'created', 'system', $${p + 4}::jsonb, $${p + 1}::timestamptz FROM created
                      UNION ALL SELECT $${p + 5}::text, id, 'message', 'customer', $${p + 6}::jsonb, $${p + 1}::timestamptz FROM t
                      UNION ALL SELECT $${p + 7}::text, id, 'chat_changed', 'customer', '{"from":"completed","to":"active"}'::jsonb,
                                       $${p + 1}::timestamptz FROM existing WHERE chat = 'completed'
                      UNION ALL SELECT $${p + 8}::text, id, 'status_changed', 'customer', '{"from":"pending","to":"open"}'::jsonb,
                                       $${p + 1}::timestamptz FROM existing WHERE status = 'pending')
       SELECT id, number, opened, EXISTS (SELECT 1 FROM existing WHERE chat = 'completed') AS reactivated,
              EXISTS (SELECT 1 FROM existing WHERE status = 'pending') AS reopened FROM t`,
      [
        ...insertParams(opening),
        m.at,
        m.messageId,
        crypto.randomUUID(),
        JSON.stringify({ source: opening.source, channel: m.channel, messageId: m.messageId }),
        crypto.randomUUID(),
        JSON.stringify({ messageId: m.messageId, channel: m.channel }),
        crypto.randomUUID(),
        crypto.randomUUID(),
      ],
    );
    return {
      id: row!.id,
      number: Number(row!.number),
      opened: row!.opened,
      chatReactivated: row!.reactivated,
      reopened: row!.reopened,
    };
  }

  /** When and why the ticket's first-response clock last restarted (a voicemail, a reopening, a callback), if it did. */
  async lastFirstResponseRestart(ticketId: string): Promise<{ at: Date; reason: string | null } | null> {
    const [row] = await this.sql.query(
      `SELECT at, data->>'reason' AS reason FROM ticket_events
        WHERE ticket_id = $1 AND type = 'first_response' AND data->>'awaiting' = 'true'
        ORDER BY seq DESC LIMIT 1`,
      [ticketId],
    );
    return row ? { at: new Date(row.at as string), reason: (row.reason as string | null) ?? null } : null;
  }

  /** Fills in a call's length on its timeline entry, when the call was logged before it ended. */
  async setCallDuration(ticketId: string, callId: string, seconds: number): Promise<void> {
    await this.sql.query(
      `UPDATE ticket_events SET data = data || jsonb_build_object('durationSeconds', $3::int)
        WHERE ticket_id = $1 AND type = 'call' AND data->>'callId' = $2 AND data->>'durationSeconds' IS NULL`,
      [ticketId, callId, seconds],
    );
  }

  async events(ticketIds: readonly string[]): Promise<Map<string, TicketEvent[]>> {
    const byTicket = new Map<string, TicketEvent[]>(ticketIds.map((id) => [id, []]));
    if (ticketIds.length === 0) return byTicket;
    // The driver, not the query builder: a page of the inbox asks for 50 tickets' timelines at once.
    const rows = await this.sql.query('SELECT * FROM ticket_events WHERE ticket_id = ANY($1) ORDER BY seq', [
      ticketIds,
    ]);
    for (const row of rows) byTicket.get(row.ticket_id as string)?.push(toEvent(row));
    return byTicket;
  }

  /**
   * Tickets with a running clock that needs a mark now: past due and not breached, or within
   * `warnHorizon` of due and not yet warned (each team's own warning time is applied by the
   * caller). Ordered by the earliest running due time; `after` pages on from the last one seen.
   */
  async listClocksNeedingMarks(
    now: Date,
    warnHorizon: Date,
    limit: number,
    after: { dueAt: Date; id: string } | null = null,
  ): Promise<Array<Ticket & { runningDueAt: Date }>> {
    const rows = await this.sql.query(
      `SELECT * FROM (
         SELECT *, LEAST(CASE WHEN first_responded_at IS NULL AND first_response_breached_at IS NULL THEN first_response_due_at END,
                         CASE WHEN resolved_at IS NULL AND resolution_breached_at IS NULL THEN resolution_due_at END) AS running_due_at
           FROM tickets WHERE status <> 'closed' AND (
               (first_responded_at IS NULL AND first_response_breached_at IS NULL
                 AND (first_response_due_at <= $1 OR (first_response_warned_at IS NULL AND first_response_due_at <= $2)))
            OR (resolved_at IS NULL AND resolution_breached_at IS NULL
                 AND (resolution_due_at <= $1 OR (resolution_warned_at IS NULL AND resolution_due_at <= $2))))
       ) due WHERE $4::timestamptz IS NULL OR (running_due_at, id) > ($4::timestamptz, $5::text)
       ORDER BY running_due_at, id LIMIT $3`,
      [now, warnHorizon, limit, after?.dueAt ?? null, after?.id ?? null],
    );
    return rows.map((row) => ({ ...toTicket(row), runningDueAt: new Date(row.running_due_at as string) }));
  }

  /** Sets one RLA mark once; false when another process marked it first. */
  async mark(id: string, column: ClockMark, at: Date): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE tickets SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL RETURNING id`,
      [id, at],
    );
    return rows.length > 0;
  }

  async setPriority(id: string, priority: Priority, at: Date): Promise<void> {
    await this.sql.query('UPDATE tickets SET priority = $2, updated_at = $3 WHERE id = $1', [id, priority, at]);
  }
}

/**
 * CTEs that insert a ticket numbered from the team's sequence, as "created", when `condition`
 * holds (the sequence moves only then); the caller closes "created" with what it returns.
 */
const insertTicket = (
  condition = 'true',
  /** The customer's messages it opens with, unread. */
  unread: 0 | 1 = 0,
) => `seq AS (UPDATE teams SET ticket_seq = ticket_seq + 1 WHERE id = $2 AND ${condition} RETURNING ticket_seq),
       created AS (INSERT INTO tickets (id, team_id, number, status, priority, assignee_id, tags, subject, channel, source, customer,
                            first_response_due_at, resolution_due_at, last_activity_at, last_message_at, unread_count, created_at, updated_at)
       SELECT $1, $2, seq.ticket_seq, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, ${unread}, $13, $13 FROM seq`;

// last_message_at as the cursor carries it: UTC, to the microsecond the database keeps.
const CURSOR_AT = `to_char(t.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function insertParams(t: NewTicket): unknown[] {
  return [
    t.id,
    t.teamId,
    t.status,
    t.priority,
    t.assigneeId,
    JSON.stringify(t.tags),
    t.subject,
    t.channel,
    t.source,
    t.customer,
    t.firstResponseDueAt,
    t.resolutionDueAt,
    t.createdAt,
  ];
}

function toTicket(row: Record<string, unknown>): Ticket {
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    id: row.id as string,
    teamId: row.team_id as string,
    number: Number(row.number),
    status: row.status as Ticket['status'],
    chat: (row.chat as Ticket['chat'] | undefined) ?? 'active',
    priority: row.priority as Priority,
    assigneeId: (row.assignee_id as string | null) ?? null,
    groupId: (row.group_id as string | null) ?? null,
    tags: (row.tags as string[]) ?? [],
    subject: row.subject as string,
    channel: row.channel as Ticket['channel'],
    source: row.source as Ticket['source'],
    customer: row.customer as string,
    firstResponseDueAt: date(row.first_response_due_at),
    firstRespondedAt: date(row.first_responded_at),
    resolutionDueAt: date(row.resolution_due_at),
    resolvedAt: date(row.resolved_at),
    firstResponseWarnedAt: date(row.first_response_warned_at),
    firstResponseBreachedAt: date(row.first_response_breached_at),
    resolutionWarnedAt: date(row.resolution_warned_at),
    resolutionBreachedAt: date(row.resolution_breached_at),
    lastActivityAt: new Date(row.last_activity_at as string),
    lastMessageAt: new Date(row.last_message_at as string),
    unread: Number(row.unread_count ?? 0),
    fields: (typeof row.fields === 'string' ? JSON.parse(row.fields) : (row.fields ?? {})) as Ticket['fields'],
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
  };
}

function toEvent(row: Record<string, unknown>): TicketEvent {
  return {
    id: row.id as string,
    ticketId: row.ticket_id as string,
    type: row.type as TicketEvent['type'],
    actor: row.actor as string,
    data: (row.data as Record<string, unknown>) ?? {},
    at: new Date(row.at as string),
  };
}
