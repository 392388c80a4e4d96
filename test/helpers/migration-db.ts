import crypto from 'node:crypto';
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
