import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { SecretPurpose } from './secret-purpose.js';

/** The secrets a team is issued, one per purpose. */
export class TeamSecretsStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** Sets (or replaces) the team's secret for `purpose`. */
  async save(teamId: string, purpose: SecretPurpose, secret: string, at: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO team_secrets (team_id, purpose, secret, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (team_id, purpose) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at`,
      [teamId, purpose, secret, at],
    );
  }

  async secretOf(teamId: string, purpose: SecretPurpose): Promise<string | null> {
    const [row] = await this.sql.query<{ secret: string }>(
      'SELECT secret FROM team_secrets WHERE team_id = $1 AND purpose = $2',
      [teamId, purpose],
    );
    return row?.secret ?? null;
  }
}
