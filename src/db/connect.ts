import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';

export type Db = Knex;

export interface DbOptions {
  /** postgres://… or null for the embedded PGlite database. */
  readonly databaseUrl: string | null;
  /** A schema to live in (tests give each file its own); created if missing. */
  readonly schema?: string | null;
  /** Where PGlite keeps its files; null keeps it in memory. */
  readonly embeddedDir?: string | null;
  readonly poolMax?: number;
}

// Timestamps come back as Date and bigint counts as numbers: the domain never sees strings for them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/**
 * Opens the database. PostgreSQL gets short connect and statement timeouts so that a database
 * outage turns into a fast 503 rather than a hung webhook (Twilio gives up after 15 s).
 */
export async function connectDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) return connectPostgres(opts.databaseUrl, opts.schema ?? null, opts.poolMax ?? 20);
  return connectEmbedded(opts.embeddedDir ?? null);
}

async function connectPostgres(url: string, schema: string | null, poolMax: number): Promise<Db> {
  if (schema) await createSchemaIfMissing(url, schema);
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      connectionTimeoutMillis: 1_500,
      statement_timeout: 10_000,
      application_name: 'switchboard',
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    },
    // A few warm connections: opening one under load costs a backend start at the worst moment.
    pool: { min: Math.min(4, poolMax), max: poolMax, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 1_800,
  });
}

async function createSchemaIfMissing(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

async function connectEmbedded(dir: string | null): Promise<Db> {
  if (dir) fs.mkdirSync(path.dirname(dir), { recursive: true });
  return knexFactory({
    client: ClientPgLite,
    dialect: 'postgres',
    connection: dir ? { filename: dir } : {},
  });
}

/** Answers within `timeoutMs` whether the database takes a query. */
export async function pingDb(db: Db, timeoutMs = 1_500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db.raw('select 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
