import type { TestProject } from 'vitest/node';
import { connectDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createDatabase, dropDatabasesOf, runPrefix, templateName, urlForDatabase } from './postgres-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's migrated template database on PostgreSQL; null on embedded PGlite. */
    pgTemplate: string | null;
  }
}

/** Projects whose files need no database: a run of only these migrates nothing. */
const WITHOUT_DATABASE = new Set(['unit']);

/**
 * On PostgreSQL (DATABASE_URL set): creates a template database named for this run, migrates
 * it once, and gives its name to the files, which each copy it (test-db.ts). At teardown it
 * drops the template and any copy a crashed file left behind. Names carry the pid and a random
 * part, so runs of other engineers on the same server never meet.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const adminUrl = process.env.DATABASE_URL;
  const needsDatabase = project.vitest.projects.some((p) => !WITHOUT_DATABASE.has(p.name));
  if (!adminUrl || !needsDatabase) {
    project.provide('pgTemplate', null);
    return undefined;
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
