import { migrationSource } from '../../migrations/index.js';
import type { Db } from './connect.js';

/** Brings the schema up to date. Safe to run from many processes at once (knex takes a lock). */
export async function migrateToLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' });
}
