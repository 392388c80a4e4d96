import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';

/** One automated reply decided: sent, or skipped with its reason. */
export interface ReplyDecision {
  readonly at: Date;
  readonly teamId: string;
  readonly customer: string;
  readonly kind: string;
  readonly action: 'send' | 'skip';
  readonly reason: string;
  readonly ticketId: string | null;
  readonly messageId: string | null;
  /** The automation rule that asked for the reply; null until rules exist. */
  readonly ruleId: string | null;
  /** A held message's release time (quiet hours); absent or null otherwise. */
  readonly sendAfter?: Date | null;
}

export interface ReplyDecisionFilter {
  readonly customer?: string;
  readonly kind?: string;
  /** Only decisions strictly before this instant: the next page. */
  readonly before?: Date;
  readonly limit: number;
}

interface ReplyDecisionRow {
  team_id: string;
  customer: string;
  kind: string;
  action: 'send' | 'skip';
  reason: string;
  ticket_id: string | null;
  message_id: string | null;
  rule_id: string | null;
  send_after: Date | string | null;
  at: Date | string;
}

export class ReplyDecisionsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** On the hot path of every automated reply: one statement on the driver. */
  async record(d: ReplyDecision): Promise<void> {
    await this.sql.query(
      `INSERT INTO reply_decisions (team_id, customer, kind, action, reason, ticket_id, message_id, rule_id, at, send_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [d.teamId, d.customer, d.kind, d.action, d.reason, d.ticketId, d.messageId, d.ruleId, d.at, d.sendAfter ?? null],
    );
  }

  /** The team's decisions, newest first. */
  async list(teamId: string, filter: ReplyDecisionFilter): Promise<ReplyDecision[]> {
    const rows = (await this.db('reply_decisions')
      .where({ team_id: teamId })
      .modify((q) => {
        if (filter.customer !== undefined) void q.andWhere({ customer: filter.customer });
        if (filter.kind !== undefined) void q.andWhere({ kind: filter.kind });
        if (filter.before !== undefined) void q.andWhere('at', '<', filter.before);
      })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit)) as ReplyDecisionRow[];
    return rows.map((row) => ({
      at: new Date(row.at),
      teamId: row.team_id,
      customer: row.customer,
      kind: row.kind,
      action: row.action,
      reason: row.reason,
      ticketId: row.ticket_id,
      messageId: row.message_id,
      ruleId: row.rule_id,
      sendAfter: row.send_after ? new Date(row.send_after) : null,
    }));
  }
}
