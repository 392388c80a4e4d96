import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../../migrations/index.js';
import type { Db } from '../../../src/db/connect.js';
import { emptyDatabase, migrationsUpTo } from '../../helpers/migration-db.js';

const MIGRATION = '20261130_0021_agent_replies';

const upTo = (include: boolean) => migrationsUpTo(MIGRATION, include);

describe(`migration ${MIGRATION}: templates, read receipts, the customer's last message`, () => {
  let db: Db;
  let close = async () => {};

  beforeAll(async () => {
    ({ db, close } = await emptyDatabase());
    await db.migrate.latest({ migrationSource: upTo(false), tableName: 'knex_migrations' });
  });
  afterAll(() => close());

  it('keeps the read time of messages already read going up, and undoes every column going down', async () => {
    await db('teams').insert({
      id: 'team-a',
      name: 'A',
      company_name: 'Acme',
      timezone: 'Europe/Warsaw',
      locale: 'en',
    });
    const readAt = new Date('2026-11-01T09:30:00Z');
    const message = (id: string, status: string) => ({
      id,
      team_id: 'team-a',
      direction: 'outbound',
      channel: 'whatsapp',
      from_address: '+15005550006',
      to_address: '+12125550101',
      body: id,
      status,
      created_at: new Date('2026-11-01T09:00:00Z'),
      updated_at: readAt,
    });
    await db('messages').insert([message('m-read', 'read'), message('m-delivered', 'delivered')]);
    await db('auto_replies').insert({ team_id: 'team-a', kind: 'ask_resolved', enabled: true });

    await db.migrate.latest({ migrationSource: upTo(true), tableName: 'knex_migrations' });
    const rows = await db('messages').orderBy('id').select('id', 'read_at', 'content');
    expect(rows).toEqual([
      { id: 'm-delivered', read_at: null, content: null },
      { id: 'm-read', read_at: readAt, content: null },
    ]);
    expect((await db('auto_replies').first()).whatsapp_templates).toBeNull();

    await db.migrate.down({ migrationSource: upTo(true), tableName: 'knex_migrations' });
    const columns = async (table: string) => Object.keys(await db(table).columnInfo());
    expect(await columns('messages')).not.toContain('read_at');
    expect(await columns('messages')).not.toContain('content');
    expect(await columns('auto_replies')).not.toContain('whatsapp_templates');
    expect(await db('messages').count('* as n').first()).toMatchObject({ n: 2 });

    // And up again, from the state down left.
    await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' });
    expect(await columns('messages')).toContain('read_at');
  });
});
