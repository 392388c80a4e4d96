import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/connect.js';
import { emptyDatabase, migrationsUpTo } from '../../helpers/migration-db.js';

const MIGRATION = '20261130_0028_urgent_pages';

describe(`migration ${MIGRATION}`, () => {
  let db: Db;
  let close = async () => {};

  beforeAll(async () => {
    ({ db, close } = await emptyDatabase());
    await db.migrate.latest({ migrationSource: migrationsUpTo(MIGRATION, false), tableName: 'knex_migrations' });
    await db('teams').insert({ id: 'team1', name: 'T', company_name: 'Acme', timezone: 'Europe/Warsaw', locale: 'en' });
    await db('notifications').insert({
      id: 'n1',
      team_id: 'team1',
      channel: 'email',
      target: 'a@acme.test',
      event: 'rla.breach',
      subject: 's',
      body: 'b',
      dedupe_key: 'k1',
    });
  });
  afterAll(() => close());

  it('adds the page tables and a normal priority to every email, and undoes it going down', async () => {
    const through = migrationsUpTo(MIGRATION, true);
    await db.migrate.latest({ migrationSource: through, tableName: 'knex_migrations' });
    expect(await db.schema.hasTable('urgent_pages')).toBe(true);
    expect(await db.schema.hasTable('urgent_page_sends')).toBe(true);
    expect(await db('notifications').select('id', 'priority')).toEqual([{ id: 'n1', priority: 'normal' }]);

    await db.migrate.down({ migrationSource: through, tableName: 'knex_migrations' });
    expect(await db.schema.hasTable('urgent_pages')).toBe(false);
    expect(await db.schema.hasTable('urgent_page_sends')).toBe(false);
    expect(await db.schema.hasColumn('notifications', 'priority')).toBe(false);
    expect(await db('notifications').count({ n: '*' })).toEqual([{ n: expect.anything() }]);
  });
});
