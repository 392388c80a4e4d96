import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { Schedule } from './schedule.schema.js';

export class SchedulesStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async get(teamId: string): Promise<Schedule | null> {
    const [row] = await this.sql.query<{ schedule: Schedule }>('SELECT schedule FROM schedules WHERE team_id = $1', [
      teamId,
    ]);
    return row?.schedule ?? null;
  }

  async put(teamId: string, schedule: Schedule): Promise<void> {
    await this.db('schedules')
      .insert({ team_id: teamId, schedule: JSON.stringify(schedule) })
      .onConflict('team_id')
      .merge({ schedule: JSON.stringify(schedule), updated_at: this.db.fn.now() });
  }
}
