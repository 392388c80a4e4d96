import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/connect.js';
import { emptyDatabase, migrationsUpTo } from '../../helpers/migration-db.js';

const MIGRATION = '20261130_0027_faq_entries';

describe(`migration ${MIGRATION}: FAQ entries and their search vector`, () => {
  let db: Db;
  let close = async () => {};

  beforeAll(async () => {
    ({ db, close } = await emptyDatabase());
    await db.migrate.latest({ migrationSource: migrationsUpTo(MIGRATION, true), tableName: 'knex_migrations' });
  });
  afterAll(() => close());

  const vector = async (id: string): Promise<string> =>
    (await db('faq_entries').where({ id }).first<{ search_vector: string }>('search_vector')).search_vector;

  it('keeps the vector in step with each write, weighted, in the entry configuration; and goes down', async () => {
    await db('teams').insert({ id: 'team-a', name: 'A', company_name: 'Acme', timezone: 'UTC', locale: 'en' });
    const at = new Date('2026-11-30T10:00:00Z');
    await db('faq_entries').insert({
      id: 'f1',
      team_id: 'team-a',
      question: 'Resetting passwords',
      answer: 'Use the link',
      keywords: JSON.stringify(['login']),
      locale: 'en',
      search_config: 'english',
      created_at: at,
      updated_at: at,
    });
    expect(await vector('f1')).toBe("'link':6B 'login':3A 'password':2A 'reset':1A 'use':4B");
    // russian stems Latin words with the English stemmer too.
    await db('faq_entries').where({ id: 'f1' }).update({ answer: 'Пароли', search_config: 'russian' });
    expect(await vector('f1')).toBe("'login':3A 'password':2A 'reset':1A 'парол':4B");

    await db.migrate.down({ migrationSource: migrationsUpTo(MIGRATION, true), tableName: 'knex_migrations' });
    expect(await db.schema.hasTable('faq_entries')).toBe(false);
    const fn = await db.raw<{ rows: Array<{ n: number }> }>(
      "SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'sb_faq_search_vector'",
    );
    expect(fn.rows[0]!.n).toBe(0);
  });
});
