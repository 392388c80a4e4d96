import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { Call, CallLeg } from './call.js';
import type { CallStage } from './call-stage.js';
import type { CallOutcome, RecordingState } from './classify-call.js';

export type NewCall = Pick<Call, 'id' | 'teamId' | 'callSid' | 'customer' | 'teamNumber' | 'afterHours'> & {
  readonly at: Date;
};

export interface CallStep {
  readonly stages: readonly CallStage[];
  readonly menuAttempts: number;
  readonly chosenOption: string | null;
  readonly requestKey: string;
  readonly twiml: string;
  readonly at: Date;
}

// Recording facts only firm up: a status callback's word outranks what the <Record> action said.
const RECORDING_RANK = `(CASE $STATE WHEN 'completed' THEN 3 WHEN 'absent' THEN 3 WHEN 'failed' THEN 3 WHEN 'in-progress' THEN 1 WHEN 'reported_by_action' THEN 2 ELSE 0 END)`;

export class CallsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** Creates the call, or locks and returns the one Twilio already told us about (a retried webhook). */
  async insertOrLock(c: NewCall): Promise<{ call: Call; created: boolean }> {
    const inserted = await this.sql.query(
      `INSERT INTO calls (id, team_id, call_sid, customer, team_number, after_hours, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (call_sid) DO NOTHING RETURNING *`,
      [c.id, c.teamId, c.callSid, c.customer, c.teamNumber, c.afterHours, c.at],
    );
    if (inserted[0]) return { call: toCall(inserted[0]), created: true };
    return { call: (await this.lockBySid(c.callSid))!, created: false };
  }

  async lock(id: string): Promise<Call | null> {
    const [row] = await this.sql.query('SELECT * FROM calls WHERE id = $1 FOR UPDATE', [id]);
    return row ? toCall(row) : null;
  }

  async lockBySid(callSid: string): Promise<Call | null> {
    const [row] = await this.sql.query('SELECT * FROM calls WHERE call_sid = $1 FOR UPDATE', [callSid]);
    return row ? toCall(row) : null;
  }

  async get(teamId: string, id: string): Promise<Call | null> {
    const [row] = await this.sql.query('SELECT * FROM calls WHERE id = $1 AND team_id = $2', [id, teamId]);
    return row ? toCall(row) : null;
  }

  async list(teamId: string, filter: { customer?: string; limit: number }): Promise<Call[]> {
    const rows = await this.db('calls')
      .where({ team_id: teamId })
      .modify<Record<string, unknown>, Record<string, unknown>[]>((q) => {
        if (filter.customer) q.andWhere({ customer: filter.customer });
      })
      .orderBy('created_at', 'desc')
      .limit(filter.limit);
    return rows.map(toCall);
  }

  /** Notes the TwiML just returned: the stages it passes through, and the answer for a retry. */
  async recordStep(id: string, step: CallStep): Promise<void> {
    const stamped = step.stages.map((stage) => ({ stage, at: step.at.toISOString() }));
    await this.sql.query(
      `UPDATE calls SET stage = $2, stages = stages || $3::jsonb, menu_attempts = $4, chosen_option = $5,
              last_request_key = $6, last_twiml = $7, updated_at = $8
        WHERE id = $1`,
      [
        id,
        step.stages[step.stages.length - 1],
        JSON.stringify(stamped),
        step.menuAttempts,
        step.chosenOption,
        step.requestKey,
        step.twiml,
        step.at,
      ],
    );
  }

  async recordFinalStatus(id: string, s: { status: string; durationSeconds: number | null; at: Date }): Promise<void> {
    await this.sql.query(
      `UPDATE calls SET final_status = COALESCE(final_status, $2), duration_seconds = COALESCE($3, duration_seconds),
              ended_at = COALESCE(ended_at, $4), updated_at = $4 WHERE id = $1`,
      [id, s.status, s.durationSeconds, s.at],
    );
  }

  async recordRecording(
    id: string,
    r: { state: RecordingState; sid: string | null; url: string | null; seconds: number | null; at: Date },
  ): Promise<void> {
    await this.sql.query(
      `UPDATE calls SET recording_state = $2, recording_sid = COALESCE($3, recording_sid), recording_url = COALESCE($4, recording_url),
              recording_seconds = COALESCE($5, recording_seconds), updated_at = $6
        WHERE id = $1 AND ${RECORDING_RANK.replace('$STATE', '$2')} >= ${RECORDING_RANK.replace('$STATE', 'recording_state')}`,
      [id, r.state, r.sid, r.url, r.seconds, r.at],
    );
  }

  async appendLeg(id: string, leg: CallLeg): Promise<void> {
    await this.sql.query(`UPDATE calls SET legs = legs || $2::jsonb WHERE id = $1`, [id, JSON.stringify([leg])]);
  }

  /** Sets the outcome once; false when another callback settled the call first. */
  async settle(
    id: string,
    s: { outcome: CallOutcome; decision: unknown; ticketId: string | null; at: Date },
  ): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE calls SET outcome = $2, decision = $3, ticket_id = $4, outcome_at = $5, updated_at = $5
        WHERE id = $1 AND outcome IS NULL RETURNING id`,
      [id, s.outcome, JSON.stringify(s.decision), s.ticketId, s.at],
    );
    return rows.length > 0;
  }

  /**
   * Calls to settle without waiting for another callback: ended ones whose recording grace is
   * over, and ones that never ended (no status callback configured) after `abandonAfterMs`.
   */
  async listUnsettled(now: Date, graceMs: number, abandonAfterMs: number, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT id FROM calls WHERE outcome IS NULL
          AND ((ended_at IS NOT NULL AND ended_at <= $1) OR updated_at <= $2)
        ORDER BY updated_at LIMIT $3`,
      [new Date(now.getTime() - graceMs), new Date(now.getTime() - abandonAfterMs), limit],
    );
    return rows.map((r) => r.id);
  }

  /** Calls from one customer since `since` whose outcome counts as missed (the RLA escalation rule). */
  async countMissedSince(teamId: string, customer: string, since: Date): Promise<number> {
    const [row] = await this.sql.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM calls WHERE team_id = $1 AND customer = $2 AND created_at >= $3
          AND outcome IN ('customer_hangup','missed_call','voicemail_left','after_hours_call')`,
      [teamId, customer, since],
    );
    return Number(row?.n ?? 0);
  }
}

function toCall(row: Record<string, unknown>): Call {
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    id: row.id as string,
    teamId: row.team_id as string,
    callSid: row.call_sid as string,
    customer: row.customer as string,
    teamNumber: row.team_number as string,
    afterHours: Boolean(row.after_hours),
    stage: (row.stage as CallStage | null) ?? null,
    stages: (row.stages as Call['stages']) ?? [],
    menuAttempts: Number(row.menu_attempts ?? 0),
    chosenOption: (row.chosen_option as string | null) ?? null,
    lastRequestKey: (row.last_request_key as string | null) ?? null,
    lastTwiml: (row.last_twiml as string | null) ?? null,
    finalStatus: (row.final_status as string | null) ?? null,
    durationSeconds: row.duration_seconds == null ? null : Number(row.duration_seconds),
    endedAt: date(row.ended_at),
    recordingState: (row.recording_state as RecordingState) ?? null,
    recordingSid: (row.recording_sid as string | null) ?? null,
    recordingUrl: (row.recording_url as string | null) ?? null,
    recordingSeconds: row.recording_seconds == null ? null : Number(row.recording_seconds),
    outcome: (row.outcome as CallOutcome | null) ?? null,
    outcomeAt: date(row.outcome_at),
    decision: row.decision ?? null,
    ticketId: (row.ticket_id as string | null) ?? null,
    legs: (row.legs as CallLeg[]) ?? [],
    createdAt: new Date(row.created_at as string),
  };
}
