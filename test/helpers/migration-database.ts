import crypto from 'node:crypto';
import { migrationSource } from '../../migrations/index.js';
import { connectDb, type Db } from '../../src/db/connect.js';
import { createDatabase, dropDatabase, urlForDatabase } from './postgres-databases.js';

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

/** An empty database of its own: PostgreSQL when DATABASE_URL is set, else an in-memory PGlite. */
export async function emptyDatabase(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return { db: await connectDb({ databaseUrl: null }), drop: async () => {} };
  const name = `sb_migration_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, name);
  return {
    db: await connectDb({ databaseUrl: urlForDatabase(adminUrl, name), poolMax: 2 }),
    drop: () => dropDatabase(adminUrl, name),
  };
}
