import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { AuditEntry, AuditRecord } from './audit-entry.js';

interface AuditRow {
  id: number | string | bigint;
  team_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
  at: Date | string;
}

export class AuditStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    // Kept for the common store shape; the audit log is off the hot path.
    private readonly sql: SqlClient,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.db('audit_log').insert({
      team_id: entry.teamId,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
    });
  }

  /** The team's entries, newest first. */
  async list(teamId: string, limit: number): Promise<AuditEntry[]> {
    const rows = (await this.db('audit_log')
      .where({ team_id: teamId })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)) as AuditRow[];
    return rows.map((row) => ({
      id: String(row.id),
      teamId: row.team_id,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      before: row.before,
      after: row.after,
      at: new Date(row.at),
    }));
  }
}

// Stored as SQL NULL when absent, so "nothing before" is not a JSON null inside the column.
function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
