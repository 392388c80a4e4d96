import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Schedule } from './schedule.schema.js';

export class SchedulesStore {
  constructor(private readonly db: Db | Knex.Transaction) {}

  async get(teamId: string): Promise<Schedule | null> {
    const row = await this.db('schedules').where({ team_id: teamId }).first('schedule');
    return row ? (row.schedule as Schedule) : null;
  }

  async put(teamId: string, schedule: Schedule): Promise<void> {
    await this.db('schedules')
      .insert({ team_id: teamId, schedule: JSON.stringify(schedule) })
      .onConflict('team_id')
      .merge({ schedule: JSON.stringify(schedule), updated_at: this.db.fn.now() });
  }
}
