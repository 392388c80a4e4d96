import crypto from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Parameterized SQL ($1, $2, …) on the driver itself. The hot path (webhook intake, event
 * processing, delivery) uses it: knex's builder and runner cost about four times the CPU of the
 * query itself (measured: ~500 µs vs ~125 µs per query on this class of machine).
 */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** What `pg.Client` and `PGlite` both offer. */
export interface DriverConnection {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

const statementNames = new Map<string, string>();

/**
 * Runs a statement; on PostgreSQL as a named prepared statement, so the server parses and plans
 * each of our few hot statements once per connection instead of on every message.
 */
function run(connection: DriverConnection, text: string, params: readonly unknown[]): Promise<{ rows: unknown[] }> {
  if (!isPgClient(connection)) return connection.query(text, [...params]);
  let name = statementNames.get(text);
  if (!name) {
    name = 'sb_' + crypto.createHash('sha1').update(text).digest('hex').slice(0, 16);
    statementNames.set(text, name);
  }
  return (connection.query as unknown as (q: object) => Promise<{ rows: unknown[] }>)({
    name,
    text,
    values: [...params],
  });
}

function isPgClient(connection: DriverConnection): boolean {
  return 'connectionParameters' in connection;
}

type KnexClient = {
  acquireConnection(): Promise<DriverConnection>;
  releaseConnection(connection: DriverConnection): Promise<void>;
};

export function clientOf(knex: Knex): KnexClient {
  return knex.client as KnexClient;
}

/** Each query borrows a connection from knex's pool (one pool for both paths). */
export function pooledSql(knex: Knex): SqlClient {
  const client = clientOf(knex);
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const connection = await client.acquireConnection();
      try {
        return (await run(connection, text, params)).rows as R[];
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}

/** Queries on one connection a transaction holds. */
export function connectionSql(connection: DriverConnection): SqlClient {
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      return (await run(connection, text, params)).rows as R[];
    },
  };
}

/**
 * A knex that runs every builder and raw query on one connection, so knex-built (cold path) and
 * driver (hot path) statements share the transaction.
 */
export function knexOnConnection(knex: Knex, connection: DriverConnection): Knex {
  const bound = ((table: string) => knex(table).connection(connection)) as unknown as Knex & Record<string, unknown>;
  bound.raw = ((sql: string, bindings?: readonly Knex.RawBinding[]) => {
    const raw = bindings === undefined ? knex.raw(sql) : knex.raw(sql, bindings as Knex.RawBinding[]);
    // Raw has no .connection(); the runner reads the same field the builder's .connection() sets.
    (raw as unknown as { _connection: DriverConnection })._connection = connection;
    return raw;
  }) as Knex['raw'];
  bound.fn = knex.fn;
  return bound;
}
