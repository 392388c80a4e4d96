import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { TaskStatus, TaskType, TicketTask } from './ticket-task.js';

/** Which of a team's tasks to list: every field given narrows it. */
export interface TaskFilter {
  readonly status: TaskStatus | null;
  /** Only tasks due before this instant. */
  readonly dueBefore: Date | null;
  readonly limit: number;
}

export class TicketTasksStore {
  constructor(
    // Kept for the common store shape; tasks use the driver directly.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async insert(t: TicketTask): Promise<void> {
    await this.sql.query(
      `INSERT INTO ticket_tasks (id, team_id, ticket_id, type, status, due_at, window_end, phone, name, regarding,
                                 time_zone, created_at, done_at, done_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        t.id,
        t.teamId,
        t.ticketId,
        t.type,
        t.status,
        t.dueAt,
        t.windowEnd,
        t.phone,
        t.name,
        t.regarding,
        t.timeZone,
        t.createdAt,
        t.doneAt,
        t.doneBy,
      ],
    );
  }

  /** A ticket's tasks, earliest due first. */
  async listForTicket(teamId: string, ticketId: string): Promise<TicketTask[]> {
    const rows = await this.sql.query(
      'SELECT * FROM ticket_tasks WHERE team_id = $1 AND ticket_id = $2 ORDER BY due_at, created_at, id',
      [teamId, ticketId],
    );
    return rows.map(toTask);
  }

  /** A team's tasks, earliest due first (the callback list). */
  async listForTeam(teamId: string, f: TaskFilter): Promise<TicketTask[]> {
    const rows = await this.sql.query(
      `SELECT * FROM ticket_tasks
        WHERE team_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::timestamptz IS NULL OR due_at < $3)
        ORDER BY due_at, id LIMIT $4`,
      [teamId, f.status, f.dueBefore, f.limit],
    );
    return rows.map(toTask);
  }

  /** One task of a ticket, held until the transaction ends: two agents marking it take turns. */
  async lock(teamId: string, ticketId: string, id: string): Promise<TicketTask | null> {
    const [row] = await this.sql.query(
      'SELECT * FROM ticket_tasks WHERE id = $1 AND team_id = $2 AND ticket_id = $3 FOR UPDATE',
      [id, teamId, ticketId],
    );
    return row ? toTask(row) : null;
  }

  /** A ticket's open tasks of `type` for `phone`, locked, earliest due first. */
  async lockOpenForPhone(teamId: string, ticketId: string, type: TaskType, phone: string): Promise<TicketTask[]> {
    const rows = await this.sql.query(
      `SELECT * FROM ticket_tasks WHERE team_id = $1 AND ticket_id = $2 AND type = $3 AND phone = $4 AND status = 'open'
        ORDER BY due_at, id FOR UPDATE`,
      [teamId, ticketId, type, phone],
    );
    return rows.map(toTask);
  }

  async markDone(id: string, at: Date, by: string): Promise<TicketTask> {
    const [row] = await this.sql.query(
      `UPDATE ticket_tasks SET status = 'done', done_at = $2, done_by = $3 WHERE id = $1 RETURNING *`,
      [id, at, by],
    );
    return toTask(row!);
  }
}

function toTask(row: Record<string, unknown>): TicketTask {
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    id: row.id as string,
    teamId: row.team_id as string,
    ticketId: row.ticket_id as string,
    type: row.type as TaskType,
    status: row.status as TaskStatus,
    dueAt: date(row.due_at)!,
    windowEnd: date(row.window_end)!,
    phone: row.phone as string,
    name: (row.name as string | null) ?? null,
    regarding: (row.regarding as string | null) ?? null,
    timeZone: row.time_zone as string,
    createdAt: date(row.created_at)!,
    doneAt: date(row.done_at),
    doneBy: (row.done_by as string | null) ?? null,
  };
}
