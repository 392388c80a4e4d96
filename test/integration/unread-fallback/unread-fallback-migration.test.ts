import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/connect.js';
import { emptyDatabase, migrationsUpTo } from '../../helpers/migration-db.js';

const MIGRATION = '20261130_0031_unread_fallback';
const HOUR = 3_600_000;

describe(`migration ${MIGRATION}`, () => {
  let db: Db;
  let close = async () => {};

  beforeAll(async () => {
    ({ db, close } = await emptyDatabase());
    await db.migrate.latest({ migrationSource: migrationsUpTo(MIGRATION, false), tableName: 'knex_migrations' });
  });
  afterAll(() => close());

  it('marks recent unread agent replies covered (no burst on deploy), and undoes everything going down', async () => {
    const now = Date.now();
    const at = new Date(now - 3 * HOUR);
    await db('teams').insert({ id: 'team-a', name: 'A', company_name: 'Acme', timezone: 'UTC', locale: 'en' });
    await db('tickets').insert({
      id: 't-1',
      team_id: 'team-a',
      number: 1001,
      status: 'open',
      priority: 'normal',
      subject: 'Message',
      channel: 'sms',
      source: 'message',
      customer: '+48601234567',
      last_activity_at: at,
      created_at: at,
      updated_at: at,
    });
    const message = (id: string, over: Record<string, unknown>) => ({
      id,
      team_id: 'team-a',
      direction: 'outbound',
      channel: 'sms',
      from_address: '+15005550006',
      to_address: '+48601234567',
      body: id,
      status: 'sent',
      created_by: 'user:kate@acme.test',
      ticket_id: 't-1',
      created_at: at,
      updated_at: at,
      ...over,
    });
    await db('messages').insert([
      message('recent-unread', {}),
      message('recent-read', { read_at: at }),
      message('old-unread', { created_at: new Date(now - 72 * HOUR) }),
      message('automated', { created_by: 'auto-reply' }),
    ]);

    const through = migrationsUpTo(MIGRATION, true);
    await db.migrate.latest({ migrationSource: through, tableName: 'knex_migrations' });
    expect(await db.schema.hasTable('unread_fallbacks')).toBe(true);
    expect(await db('messages').orderBy('id').select('id', 'unread_fallback_id')).toEqual([
      { id: 'automated', unread_fallback_id: null },
      { id: 'old-unread', unread_fallback_id: null },
      { id: 'recent-read', unread_fallback_id: null },
      { id: 'recent-unread', unread_fallback_id: 'before_0031' },
    ]);

    await db.migrate.down({ migrationSource: through, tableName: 'knex_migrations' });
    expect(await db.schema.hasTable('unread_fallbacks')).toBe(false);
    expect(await db.schema.hasColumn('messages', 'unread_fallback_id')).toBe(false);
    expect(await db.schema.hasColumn('messages', 'unread_fallback_after')).toBe(false);
    expect(Number((await db('messages').count({ n: '*' }))[0]!.n)).toBe(4);
  });
});
