import type { Knex } from 'knex';
import { migrationSource } from './migrations/index.js';

// For the knex CLI against PostgreSQL (`npx knex --knexfile dist/knexfile.js migrate:latest`).
// The gateway itself migrates on start, embedded or not.
const config: Knex.Config = {
  client: 'pg',
  connection: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  migrations: { migrationSource, tableName: 'knex_migrations' },
};

export default config;
