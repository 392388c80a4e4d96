import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { Rule, TeamRules } from './rule.js';

interface TeamRulesRow {
  version: number;
  rules: Rule[] | string;
}

/** A team's ordered rule list, one jsonb row per team. */
export class RulesStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    // Kept for the common store shape.
    private readonly sql: SqlClient,
  ) {}

  async get(teamId: string): Promise<TeamRules> {
    return toTeamRules((await this.db('team_rules').where({ team_id: teamId }).first()) as TeamRulesRow | undefined);
  }

  /**
   * Saves the list as version `read + 1` only if the stored version is still `read`: false when
   * another save came first. Compare-and-set in the statement itself, so two saves racing (even the
   * very first two, when no row exists to lock) cannot both win.
   */
  async saveIfVersion(teamId: string, read: number, rules: readonly Rule[], at: Date): Promise<boolean> {
    const values = { version: read + 1, rules: JSON.stringify(rules), updated_at: at };
    const saved: unknown[] =
      read === 0
        ? await this.db('team_rules')
            .insert({ team_id: teamId, ...values })
            .onConflict('team_id')
            .ignore()
            .returning('team_id')
        : await this.db('team_rules').where({ team_id: teamId, version: read }).update(values).returning('team_id');
    return saved.length === 1;
  }
}

function toTeamRules(row: TeamRulesRow | undefined): TeamRules {
  if (!row) return { version: 0, rules: [] };
  return { version: row.version, rules: typeof row.rules === 'string' ? (JSON.parse(row.rules) as Rule[]) : row.rules };
}
