import crypto from 'node:crypto';
import { inject } from 'vitest';
import { connectDb, type Db } from '../../src/db/connect.js';
import { openSnapshot } from './pglite-snapshot.js';
import { createDatabase, dropDatabase, fileDatabaseName, urlForDatabase } from './postgres-databases.js';

export interface TestDb {
  readonly db: Db;
  /** The database this test owns on the real PostgreSQL, or null on embedded PGlite. */
  readonly database: string | null;
  close(): Promise<void>;
}

/** A PostgreSQL database of the test's own, a copy of the run's migrated template. */
export interface CopiedDatabase {
  readonly name: string;
  /** Where to reach it: the given URL (the default: DATABASE_URL) naming this database. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Copies the template the global setup migrated (`CREATE DATABASE … TEMPLATE`): a few tens of
 * milliseconds instead of running every migration. `via` reaches the server another way (a
 * proxy); the copy and the drop always go straight to DATABASE_URL.
 */
export async function copyTemplateDatabase(via?: string): Promise<CopiedDatabase> {
  const adminUrl = process.env.DATABASE_URL ?? via;
  const template = inject('pgTemplate');
  if (!adminUrl || !template) {
    throw new Error('no template database: the global setup makes one only when DATABASE_URL is set as the run starts');
  }
  const name = fileDatabaseName(template);
  await createDatabase(adminUrl, name, template);
  return {
    name,
    url: urlForDatabase(via ?? adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/**
 * A migrated database of the test file's own: a copy of the run's template on the real
 * PostgreSQL when DATABASE_URL is set, else an in-memory PGlite loaded from the run's migrated
 * snapshot. Files never share state, so they run in parallel.
 */
export async function createTestDb(databaseUrl?: string): Promise<TestDb> {
  if (!(databaseUrl ?? process.env.DATABASE_URL)) {
    const snapshot = inject('pgliteSnapshot');
    if (!snapshot)
      throw new Error('no PGlite snapshot: the global setup makes one when DATABASE_URL is not set as the run starts');
    const db = openSnapshot(snapshot);
    return { db, database: null, close: () => db.destroy() };
  }
  const copy = await copyTemplateDatabase(databaseUrl);
  const db = await connectDb({ databaseUrl: copy.url, poolMax: 5 });
  return {
    db,
    database: copy.name,
    async close() {
      await db.destroy();
      await copy.drop();
    },
  };
}

/**
 * An empty database of the test's own, no migration run, for tests of a migration: on the real
 * PostgreSQL when DATABASE_URL is set, else an in-memory PGlite.
 */
export async function createEmptyDb(): Promise<TestDb> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const db = await connectDb({ databaseUrl: null });
    return { db, database: null, close: () => db.destroy() };
  }
  const name = `sb_migration_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, name);
  const db = await connectDb({ databaseUrl: urlForDatabase(adminUrl, name), poolMax: 2 });
  return {
    db,
    database: name,
    async close() {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}
