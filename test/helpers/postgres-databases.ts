import crypto from 'node:crypto';
import pg from 'pg';

// Plain pg, no vitest: the global setup (outside the test workers) and test-db.ts both use it.

/** The prefix every database of one test run shares: the template and each file's copy. */
export function runPrefix(): string {
  return `sb_test_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
}

export const templateName = (prefix: string) => `${prefix}_template`;

/** A database name of this run no other file uses; the template's name tells the run. */
export function fileDatabaseName(template: string): string {
  return `${template.replace(/_template$/, '')}_${crypto.randomBytes(4).toString('hex')}`;
}

/** `url` pointing at `database` instead of the one it names. */
export function urlForDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withAdmin(adminUrl, (c) =>
    c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`),
  );
}

/** Drops the database even if a killed process left connections to it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}

/** Drops every database whose name starts with `prefix_`; answers their names. */
export async function dropDatabasesOf(adminUrl: string, prefix: string): Promise<string[]> {
  return withAdmin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [`${prefix}_`],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
    return rows.map((r) => r.datname);
  });
}
