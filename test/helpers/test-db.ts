import crypto from 'node:crypto';
import pg from 'pg';
import { connectDb, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDb {
  readonly db: Db;
  /** The schema this test file owns on the real PostgreSQL, or null on embedded PGlite. */
  readonly schema: string | null;
  close(): Promise<void>;
}

/**
 * A migrated database of the test file's own: a fresh schema on the real PostgreSQL when
 * DATABASE_URL is set, else an in-memory PGlite. Files never share state, so they run in parallel.
 */
export async function createTestDb(databaseUrl?: string): Promise<TestDb> {
  const url = databaseUrl ?? process.env.DATABASE_URL ?? null;
  const schema = url ? `t_${crypto.randomBytes(6).toString('hex')}` : null;
  const db = await connectDb({ databaseUrl: url, schema, embeddedDir: null, poolMax: 5 });
  await migrateToLatest(db);
  return {
    db,
    schema,
    async close() {
      await db.destroy();
      if (url && schema) await dropSchema(process.env.DATABASE_URL ?? url, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
