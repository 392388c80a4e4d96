import type { Knex } from 'knex';
import type { Db } from './connect.js';
import { clientOf, connectionSql, knexOnConnection, pooledSql, type SqlClient } from './sql.js';

/**
 * What a store is built on: a knex for cold paths and the driver for hot ones, both on the pool or
 * both on one transaction's connection. src/db knows no feature: the composition root says which
 * stores to bind (src/store-set.ts), and each service names the few it uses.
 */
export interface StoreContext {
  readonly knex: Db | Knex.Transaction;
  readonly sql: SqlClient;
}

/** Runs `work` in one transaction with the stores `S` bound to it. */
export type Transact<S> = <T>(work: (stores: S) => Promise<T>) => Promise<T>;

/** Stores on the pool: each statement commits on its own. */
export function pooledStores<S>(db: Db, bind: (context: StoreContext) => S): S {
  return bind({ knex: db, sql: pooledSql(db) });
}

/**
 * Runs `work` in one transaction on one connection; services use this and never see knex. (Not
 * knex's own transaction: its per-query overhead is what the driver path avoids.)
 */
export function transactor<S>(db: Db, bind: (context: StoreContext) => S): Transact<S> {
  const client = clientOf(db);
  return async (work) => {
    const connection = await client.acquireConnection();
    try {
      await connection.query('BEGIN');
      try {
        const result = await work(bind({ knex: knexOnConnection(db, connection), sql: connectionSql(connection) }));
        await connection.query('COMMIT');
        return result;
      } catch (err) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await client.releaseConnection(connection);
    }
  };
}
