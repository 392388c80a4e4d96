import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

// Plain knex and PGlite, no vitest: the global setup (outside the test workers) and test-db.ts both use it.

/** Knex on a PGlite instance, as connectDb opens the embedded database (which takes no instance). */
function knexOn(pglite: PGlite): Db {
  return knexFactory({
    client: ClientPgLite,
    dialect: 'postgres',
    connection: { pglite } as Knex.StaticConnectionConfig,
  });
}

/** Migrates an in-memory PGlite once and writes its data directory (a tarball) to `file`. */
export async function writeMigratedSnapshot(file: string): Promise<void> {
  const pglite = new PGlite();
  const db = knexOn(pglite);
  try {
    await migrateToLatest(db);
    const dump = await pglite.dumpDataDir('none');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.destroy();
  }
}

/** An in-memory PGlite of the test's own, started from the migrated snapshot. */
export function openSnapshot(file: string): Db {
  return knexOn(new PGlite({ loadDataDir: new Blob([fs.readFileSync(file)]) }));
}
