import type { Knex } from 'knex';
import type { MessageChannel } from '../../channels/contract.js';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { FlowEnd, FlowState } from './flow-step.js';

/** A customer's after-hours conversation with the team: running until `endedAt`. */
export interface FlowSession {
  readonly id: string;
  readonly teamId: string;
  readonly customer: string;
  readonly channel: MessageChannel;
  readonly ticketId: string | null;
  /** The team number the customer wrote to: every reply goes from it. */
  readonly teamNumber: string;
  readonly state: FlowState;
  readonly startedAt: Date;
  readonly lastActivityAt: Date;
  /** With no answer by then, the session ends with the closing message. */
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
  readonly endReason: FlowEnd | 'expired' | null;
  readonly completedPath: string | null;
}

export type NewFlowSession = Omit<FlowSession, 'endedAt' | 'endReason' | 'completedPath'>;

/** The sessions of the after-hours conversation; the caller holds the customer's contact lock. */
export class FlowSessionsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** The customer's running session, locked for this transaction. */
  async running(teamId: string, customer: string): Promise<FlowSession | null> {
    const [row] = await this.sql.query(
      'SELECT * FROM flow_sessions WHERE team_id = $1 AND customer = $2 AND ended_at IS NULL FOR UPDATE',
      [teamId, customer],
    );
    return row ? toSession(row) : null;
  }

  /** When the customer last finished a path (their message reached the team), if ever. */
  async lastCompletedAt(teamId: string, customer: string): Promise<Date | null> {
    const [row] = await this.sql.query<{ at: Date | string | null }>(
      `SELECT max(ended_at) AS at FROM flow_sessions
        WHERE team_id = $1 AND customer = $2 AND end_reason = 'completed'`,
      [teamId, customer],
    );
    return row?.at ? new Date(row.at) : null;
  }

  async start(s: NewFlowSession): Promise<void> {
    await this.db('flow_sessions').insert({
      id: s.id,
      team_id: s.teamId,
      customer: s.customer,
      channel: s.channel,
      ticket_id: s.ticketId,
      team_number: s.teamNumber,
      state: JSON.stringify(s.state),
      started_at: s.startedAt,
      last_activity_at: s.lastActivityAt,
      expires_at: s.expiresAt,
    });
  }

  async advance(id: string, state: FlowState, at: Date, expiresAt: Date): Promise<void> {
    await this.sql.query('UPDATE flow_sessions SET state = $2, last_activity_at = $3, expires_at = $4 WHERE id = $1', [
      id,
      JSON.stringify(state),
      at,
      expiresAt,
    ]);
  }

  /** Ends a running session; false when it had already ended. */
  async end(id: string, at: Date, reason: FlowEnd | 'expired', completedPath: string | null): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE flow_sessions SET ended_at = $2, end_reason = $3, completed_path = $4 WHERE id = $1 AND ended_at IS NULL RETURNING id',
      [id, at, reason, completedPath],
    );
    return rows.length > 0;
  }

  /**
   * Running sessions idle past their expiry, oldest first. Not locked: the sweep ends each under
   * its customer's lock (contact, then session, the order every path takes), and ending is
   * conditional, so two workers never both close one.
   */
  async listExpired(now: Date, limit: number): Promise<Pick<FlowSession, 'id' | 'teamId' | 'customer'>[]> {
    const rows = await this.sql.query<{ id: string; team_id: string; customer: string }>(
      `SELECT id, team_id, customer FROM flow_sessions WHERE ended_at IS NULL AND expires_at <= $1
        ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => ({ id: r.id, teamId: r.team_id, customer: r.customer }));
  }

  /** A customer's sessions, newest first (the ticket view and tests). */
  async listForCustomer(teamId: string, customer: string, limit = 20): Promise<FlowSession[]> {
    const rows = await this.sql.query(
      'SELECT * FROM flow_sessions WHERE team_id = $1 AND customer = $2 ORDER BY started_at DESC LIMIT $3',
      [teamId, customer, limit],
    );
    return rows.map(toSession);
  }
}

function toSession(row: Record<string, unknown>): FlowSession {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: row.id as string,
    teamId: row.team_id as string,
    customer: row.customer as string,
    channel: row.channel as MessageChannel,
    ticketId: (row.ticket_id as string | null) ?? null,
    teamNumber: row.team_number as string,
    state: (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as FlowState,
    startedAt: date(row.started_at)!,
    lastActivityAt: date(row.last_activity_at)!,
    expiresAt: date(row.expires_at)!,
    endedAt: date(row.ended_at),
    endReason: (row.end_reason as FlowSession['endReason']) ?? null,
    completedPath: (row.completed_path as string | null) ?? null,
  };
}
