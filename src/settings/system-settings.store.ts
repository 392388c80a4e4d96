import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';

/** Installation-wide key/value settings (the sandbox webhook token). */
export class SystemSettingsStore {
  constructor(private readonly db: Db | Knex.Transaction) {}

  async get(key: string): Promise<string | null> {
    const row = await this.db<{ key: string; value: string }>('system_settings').where({ key }).first('value');
    return row ? row.value : null;
  }

  /** Keeps the first value written when two processes race. */
  async set(key: string, value: string): Promise<void> {
    await this.db('system_settings').insert({ key, value }).onConflict('key').ignore();
  }
}
