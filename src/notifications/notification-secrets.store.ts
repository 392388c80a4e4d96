import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';

/** The secret each team's webhook posts are signed with. */
export class NotificationSecretsStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** Sets (or replaces) the team's secret. */
  async save(teamId: string, secret: string, at: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO team_notification_secrets (team_id, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (team_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at`,
      [teamId, secret, at],
    );
  }

  async secretOf(teamId: string): Promise<string | null> {
    const [row] = await this.sql.query<{ secret: string }>('SELECT secret FROM team_notification_secrets WHERE team_id = $1', [teamId]);
    return row?.secret ?? null;
  }
}
