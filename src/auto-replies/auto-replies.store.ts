import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { SavedAutoReply } from './auto-reply.js';

interface AutoReplyRow {
  team_id: string;
  kind: string;
  enabled: boolean;
  body: string | null;
  options: SavedAutoReply['options'];
  repeat_window_hours: number | null;
}

export class AutoRepliesStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async listSaved(teamId: string): Promise<SavedAutoReply[]> {
    const rows = await this.sql.query<AutoReplyRow>('SELECT * FROM auto_replies WHERE team_id = $1', [teamId]);
    return rows.map(toSaved);
  }

  async getSaved(teamId: string, kind: string): Promise<SavedAutoReply | null> {
    const row = await this.db<AutoReplyRow>('auto_replies').where({ team_id: teamId, kind }).first();
    return row ? toSaved(row) : null;
  }

  async save(teamId: string, entry: SavedAutoReply): Promise<void> {
    const row = {
      enabled: entry.enabled,
      body: entry.body,
      options: JSON.stringify(entry.options),
      repeat_window_hours: entry.repeatWindowHours,
    };
    await this.db('auto_replies')
      .insert({ team_id: teamId, kind: entry.kind, ...row })
      .onConflict(['team_id', 'kind'])
      .merge({ ...row, updated_at: this.db.fn.now() });
  }
}

function toSaved(row: AutoReplyRow): SavedAutoReply {
  return {
    kind: row.kind,
    enabled: row.enabled,
    body: row.body,
    options: row.options ?? {},
    repeatWindowHours: row.repeat_window_hours,
  };
}
