import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { writeMigratedSnapshot } from './pglite-snapshot.js';
import { createDatabase, dropDatabasesOf, runPrefix, templateName, urlForDatabase } from './postgres-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's migrated template database on PostgreSQL; null on embedded PGlite. */
    pgTemplate: string | null;
    /** A migrated PGlite data directory (tarball) for embedded runs; null on PostgreSQL. */
    pgliteSnapshot: string | null;
  }
}

/** Projects whose files need no database: a run of only these migrates nothing. */
const WITHOUT_DATABASE = new Set(['unit']);

/**
 * Migrates once per run what every test file's database starts from, instead of once per file.
 * On PostgreSQL (DATABASE_URL set): a template database, which files copy (test-db.ts); its name
 * carries the pid and a random part, so runs of other engineers on the same server never meet.
 * Teardown drops the template and any copy a crashed file left behind (same name prefix).
 * On embedded PGlite: a data directory snapshot in a temporary file, which files load.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('pgTemplate', null);
  project.provide('pgliteSnapshot', null);
  if (!project.vitest.projects.some((p) => !WITHOUT_DATABASE.has(p.name))) return undefined;

  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-test-pglite-'));
    const snapshot = path.join(dir, 'migrated.tar');
    await writeMigratedSnapshot(snapshot);
    project.provide('pgliteSnapshot', snapshot);
    return async () => fs.rmSync(dir, { recursive: true, force: true });
  }

  const prefix = runPrefix();
  const template = templateName(prefix);
  await createDatabase(adminUrl, template);
  try {
    const db = await connectDb({ databaseUrl: urlForDatabase(adminUrl, template), poolMax: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      // No connection may stay open: CREATE DATABASE … TEMPLATE refuses a template in use.
      await db.destroy();
    }
  } catch (err) {
    await dropDatabasesOf(adminUrl, prefix);
    throw err;
  }
  project.provide('pgTemplate', template);
  return async () => {
    await dropDatabasesOf(adminUrl, prefix);
  };
}
