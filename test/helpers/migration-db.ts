import crypto from 'node:crypto';
import { migrationSource } from '../../migrations/index.js';
import { connectDb, type Db } from '../../src/db/connect.js';
import { createDatabase, dropDatabase, urlForDatabase } from './postgres-databases.js';

/**
 * An empty database of its own for a migration test: a fresh PostgreSQL database when
 * DATABASE_URL is set, else an in-memory PGlite. `close` destroys the connection and drops it.
 */
export async function emptyDatabase(): Promise<{ db: Db; close: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const db = await connectDb({ databaseUrl: null });
    return { db, close: () => db.destroy() };
  }
  const name = `sb_migration_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, name);
  const db = await connectDb({ databaseUrl: urlForDatabase(adminUrl, name), poolMax: 2 });
  return {
    db,
    close: async () => {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}

/**
 * The migrations before `name` (`through: false`: the schema the data was written under), or up
 * to and including it (`through: true`: `down` then undoes it, whatever comes after it).
 */
export function migrationsUpTo(name: string, through: boolean): typeof migrationSource {
  return {
    ...migrationSource,
    getMigrations: async (loadExtensions) =>
      (await migrationSource.getMigrations(loadExtensions)).filter(([n]) => (through ? n <= name : n < name)),
  };
}
