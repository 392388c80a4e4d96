import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { MessageChannel } from '../../channels/contract.js';
import type { CustomerMerge, MergeMoved } from './customer-merge.js';

/** A message the customer sent from one of their addresses: where from, on which channel, to which team address. */
export interface CustomerInbound {
  readonly from: string;
  readonly channel: MessageChannel;
  readonly teamNumber: string;
  readonly at: Date;
}

/** An open or pending ticket of a customer, as a merge moves it. */
export interface MergeTicket {
  readonly id: string;
  readonly number: number;
  readonly status: 'open' | 'pending';
}

/**
 * Customer identity: which addresses of a team are one customer (customer_links: address →
 * canonical address), the merges that linked them, and what a merge moves (tickets, messages).
 */
export class CustomersStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** The canonical address of the customer `address` belongs to (itself when not linked). */
  async canonicalOf(teamId: string, address: string): Promise<string> {
    const [row] = await this.sql.query<{ canonical: string }>(
      'SELECT canonical FROM customer_links WHERE team_id = $1 AND address = $2',
      [teamId, address],
    );
    return row?.canonical ?? address;
  }

  /**
   * Locks the customer `address` belongs to until the transaction ends and answers its canonical
   * address. The lock is a transaction advisory lock on (team, canonical): taken after the
   * address's contact row and before any ticket (lock order: contact, customer, ticket). The link
   * is read again once locked: a merge that committed meanwhile moved the address, so lock anew.
   */
  async lockCustomer(teamId: string, address: string): Promise<string> {
    // Read and lock in one statement: an unlinked customer (most) costs two statements.
    const [row] = await this.sql.query<{ canonical: string }>(
      `SELECT canonical, pg_advisory_xact_lock(hashtextextended('customer:' || $1 || ':' || canonical, 0))
         FROM (SELECT COALESCE((SELECT canonical FROM customer_links WHERE team_id = $1 AND address = $2), $2) AS canonical) c`,
      [teamId, address],
    );
    let canonical = row!.canonical;
    for (;;) {
      const now = await this.canonicalOf(teamId, address);
      if (now === canonical) return canonical;
      canonical = now;
      await this.lockCanonical(teamId, canonical);
    }
  }

  /** Locks canonical customers in one order (sorted) so that two merges never wait on each other crosswise. */
  async lockCanonicals(teamId: string, canonicals: readonly string[]): Promise<void> {
    for (const c of [...new Set(canonicals)].sort()) await this.lockCanonical(teamId, c);
  }

  private async lockCanonical(teamId: string, canonical: string): Promise<void> {
    await this.sql.query("SELECT pg_advisory_xact_lock(hashtextextended('customer:' || $1 || ':' || $2, 0))", [
      teamId,
      canonical,
    ]);
  }

  /** The addresses linked to `canonical` (not itself), oldest link first. */
  async linkedTo(teamId: string, canonical: string): Promise<string[]> {
    const rows = await this.sql.query<{ address: string }>(
      'SELECT address FROM customer_links WHERE team_id = $1 AND canonical = $2 ORDER BY created_at, address',
      [teamId, canonical],
    );
    return rows.map((r) => r.address);
  }

  /** Whether the team has a contact at this address (it wrote, was written to, or filled a form). */
  async known(teamId: string, address: string): Promise<boolean> {
    const rows = await this.sql.query('SELECT 1 FROM contacts WHERE team_id = $1 AND number = $2', [teamId, address]);
    return rows.length > 0;
  }

  /**
   * The team's first-known other contact with the same email as `address` (case-insensitive),
   * with whether it is known longer than `address`: first heard from (its first message), else
   * first recorded; null when `address` has no email or no one else gave it.
   */
  async sameEmail(teamId: string, address: string): Promise<{ address: string; older: boolean } | null> {
    const [row] = await this.sql.query<{ number: string; older: boolean }>(
      `WITH known AS (
         SELECT k.number, k.created_at,
                (SELECT min(m.created_at) FROM messages m WHERE m.team_id = k.team_id AND m.from_address = k.number
                   AND m.direction = 'inbound') AS first_heard
           FROM contacts c JOIN contacts k ON k.team_id = c.team_id AND lower(k.email) = lower(c.email)
          WHERE c.team_id = $1 AND c.number = $2 AND c.email IS NOT NULL)
       SELECT o.number,
              (o.first_heard IS NOT NULL AND (c.first_heard IS NULL OR o.first_heard < c.first_heard))
              OR (o.first_heard IS NOT DISTINCT FROM c.first_heard AND (o.created_at, o.number) < (c.created_at, c.number)) AS older
         FROM known o, known c WHERE c.number = $2 AND o.number <> $2
        ORDER BY o.first_heard NULLS LAST, o.created_at, o.number LIMIT 1`,
      [teamId, address],
    );
    return row ? { address: row.number, older: row.older } : null;
  }

  /**
   * Links `fromCanonical` and every address linked to it to `intoCanonical`, for merge `mergeId`;
   * answers each address moved with the merge that had linked it before (null: it was canonical).
   */
  async relink(
    teamId: string,
    fromCanonical: string,
    intoCanonical: string,
    link: { mergeId: string; source: string; at: Date },
  ): Promise<MergeMoved['links']> {
    const moved = await this.sql.query<{ address: string; previous_merge_id: string }>(
      `WITH old AS (SELECT address, merge_id FROM customer_links WHERE team_id = $1 AND canonical = $2 FOR UPDATE),
            upd AS (UPDATE customer_links l SET canonical = $3, merge_id = $4, source = $5
                     FROM old WHERE l.team_id = $1 AND l.address = old.address)
       SELECT address, merge_id AS previous_merge_id FROM old`,
      [teamId, fromCanonical, intoCanonical, link.mergeId, link.source],
    );
    await this.sql.query(
      `INSERT INTO customer_links (team_id, address, canonical, source, merge_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [teamId, fromCanonical, intoCanonical, link.source, link.mergeId, link.at],
    );
    return [
      { address: fromCanonical, previousMergeId: null },
      ...moved.map((r) => ({ address: r.address, previousMergeId: r.previous_merge_id })),
    ];
  }

  /** Whether every link merge `mergeId` made still stands (a later merge moved none of them). */
  async linksStand(teamId: string, mergeId: string, addresses: readonly string[]): Promise<boolean> {
    const [row] = await this.sql.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM customer_links WHERE team_id = $1 AND merge_id = $2 AND address = ANY($3::text[])',
      [teamId, mergeId, addresses],
    );
    return Number(row!.n) === addresses.length;
  }

  /** Puts the links of an undone merge back: a formerly canonical address loses its link, the others point to it again. */
  async unlink(teamId: string, fromCanonical: string, links: MergeMoved['links']): Promise<void> {
    for (const l of links) {
      if (l.previousMergeId === null)
        await this.sql.query('DELETE FROM customer_links WHERE team_id = $1 AND address = $2', [teamId, l.address]);
      else
        await this.sql.query(
          `UPDATE customer_links SET canonical = $3, merge_id = $4,
                  source = (SELECT source FROM customer_merges WHERE id = $4) WHERE team_id = $1 AND address = $2`,
          [teamId, l.address, fromCanonical, l.previousMergeId],
        );
    }
  }

  /** The customer's open and pending tickets, locked, most recently active first. */
  async lockOpenTickets(teamId: string, customer: string): Promise<MergeTicket[]> {
    const rows = await this.sql.query<{ id: string; number: number; status: 'open' | 'pending' }>(
      `SELECT id, number, status FROM tickets WHERE team_id = $1 AND customer = $2 AND status IN ('open','pending')
        ORDER BY last_activity_at DESC, id FOR UPDATE`,
      [teamId, customer],
    );
    return rows.map((r) => ({ id: r.id, number: Number(r.number), status: r.status }));
  }

  /** Gives a ticket to another customer (its canonical address). */
  async setTicketCustomer(ticketId: string, customer: string, at: Date): Promise<void> {
    await this.sql.query('UPDATE tickets SET customer = $2, updated_at = $3 WHERE id = $1', [ticketId, customer, at]);
  }

  /**
   * Moves every message of ticket `fromId` onto ticket `intoId` and closes `fromId` (its thread
   * lives on `intoId` now); answers the ids of the messages moved.
   */
  async moveThread(fromId: string, intoId: string, at: Date): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      'UPDATE messages SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id',
      [fromId, intoId],
    );
    await this.sql.query(
      `UPDATE tickets SET last_message_at = GREATEST(last_message_at, (SELECT last_message_at FROM tickets WHERE id = $1)),
              unread_count = unread_count + (SELECT unread_count FROM tickets WHERE id = $1), updated_at = $3 WHERE id = $2`,
      [fromId, intoId, at],
    );
    await this.sql.query(`UPDATE tickets SET status = 'closed', unread_count = 0, updated_at = $2 WHERE id = $1`, [
      fromId,
      at,
    ]);
    return rows.map((r) => r.id);
  }

  /**
   * Undoes moveThread: the messages it moved that are still on `intoId` go back to `fromId`, which
   * takes its status again (when nothing else reopened or closed it meanwhile it is still closed).
   */
  async moveThreadBack(
    fromId: string,
    intoId: string,
    messageIds: readonly string[],
    status: 'open' | 'pending',
    at: Date,
  ): Promise<void> {
    await this.sql.query('UPDATE messages SET ticket_id = $1 WHERE ticket_id = $2 AND id = ANY($3::text[])', [
      fromId,
      intoId,
      messageIds,
    ]);
    await this.sql.query(`UPDATE tickets SET status = $2, updated_at = $3 WHERE id = $1 AND status = 'closed'`, [
      fromId,
      status,
      at,
    ]);
  }

  async insertMerge(m: CustomerMerge): Promise<void> {
    await this.sql.query(
      `INSERT INTO customer_merges (id, team_id, from_address, into_address, source, actor, moved, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [m.id, m.teamId, m.from, m.into, m.source, m.actor, JSON.stringify(m.moved), m.createdAt],
    );
  }

  /** What the merge moved, once it knows its links. */
  async recordMoved(id: string, moved: MergeMoved): Promise<void> {
    await this.sql.query('UPDATE customer_merges SET moved = $2 WHERE id = $1', [id, JSON.stringify(moved)]);
  }

  async lockMerge(teamId: string, id: string): Promise<CustomerMerge | null> {
    const [row] = await this.sql.query('SELECT * FROM customer_merges WHERE team_id = $1 AND id = $2 FOR UPDATE', [
      teamId,
      id,
    ]);
    return row ? toMerge(row) : null;
  }

  async markUndone(id: string, actor: string, at: Date): Promise<void> {
    await this.sql.query('UPDATE customer_merges SET undone_at = $2, undone_by = $3 WHERE id = $1', [id, at, actor]);
  }

  /** The merges that involved any of these canonical addresses, newest first. */
  async mergesOf(teamId: string, addresses: readonly string[]): Promise<CustomerMerge[]> {
    const rows = await this.sql.query(
      `SELECT * FROM customer_merges WHERE team_id = $1
          AND (moved->>'fromCanonical' = ANY($2::text[]) OR moved->>'intoCanonical' = ANY($2::text[]))
        ORDER BY created_at DESC, id`,
      [teamId, addresses],
    );
    return rows.map(toMerge);
  }

  /** The customer's latest messages, one per address: newest first (where a reply goes). */
  async lastInbounds(teamId: string, addresses: readonly string[]): Promise<CustomerInbound[]> {
    const rows = await this.sql.query<{
      from_address: string;
      channel: MessageChannel;
      to_address: string;
      created_at: Date | string;
    }>(
      `SELECT * FROM (SELECT DISTINCT ON (from_address, channel) from_address, channel, to_address, created_at FROM messages
                        WHERE team_id = $1 AND from_address = ANY($2::text[]) AND direction = 'inbound'
                        ORDER BY from_address, channel, created_at DESC) last
        ORDER BY created_at DESC`,
      [teamId, addresses],
    );
    return rows.map((r) => ({
      from: r.from_address,
      channel: r.channel,
      teamNumber: r.to_address,
      at: new Date(r.created_at),
    }));
  }
}

function toMerge(row: Record<string, unknown>): CustomerMerge {
  return {
    id: row.id as string,
    teamId: row.team_id as string,
    from: row.from_address as string,
    into: row.into_address as string,
    source: row.source as CustomerMerge['source'],
    actor: row.actor as string,
    moved: (typeof row.moved === 'string' ? JSON.parse(row.moved) : row.moved) as MergeMoved,
    createdAt: new Date(row.created_at as string),
    undoneAt: row.undone_at ? new Date(row.undone_at as string) : null,
    undoneBy: (row.undone_by as string | null) ?? null,
  };
}
