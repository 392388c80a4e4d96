import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../../migrations/index.js';
import type { Db } from '../../../src/db/connect.js';
import { emptyDatabase, migrationsUpTo } from '../../helpers/migration-db.js';

const MIGRATION = '20261130_0022_inbox_views';

const upTo = (include: boolean) => migrationsUpTo(MIGRATION, include);

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 9, minutes));

describe(`migration ${MIGRATION}: last message, unread and the inbox indexes`, () => {
  let db: Db;
  let close = async () => {};

  beforeAll(async () => {
    ({ db, close } = await emptyDatabase());
    await db.migrate.latest({ migrationSource: upTo(false), tableName: 'knex_migrations' });
  });
  afterAll(() => close());

  const ticket = (number: number, status: string, created: Date) => ({
    id: `t-${number}`,
    team_id: 'team-a',
    number,
    status,
    priority: 'normal',
    subject: 'Message',
    channel: 'sms',
    source: 'message',
    customer: `+1212555010${number % 10}`,
    last_activity_at: created,
    created_at: created,
    updated_at: created,
  });
  const message = (id: string, ticketId: string, direction: 'inbound' | 'outbound', minute: number) => ({
    id,
    team_id: 'team-a',
    direction,
    channel: 'sms',
    from_address: direction === 'inbound' ? '+12125550101' : '+15005550006',
    to_address: direction === 'inbound' ? '+15005550006' : '+12125550101',
    body: id,
    status: direction === 'inbound' ? 'received' : 'delivered',
    created_at: at(minute),
    updated_at: at(minute),
    ticket_id: ticketId,
  });

  it('backfills from the messages going up, and drops it all going down', async () => {
    await db('teams').insert({ id: 'team-a', name: 'A', company_name: 'Acme', timezone: 'UTC', locale: 'en' });
    await db('tickets').insert([
      ticket(1001, 'open', at(0)),
      ticket(1002, 'closed', at(1)),
      ticket(1003, 'open', at(2)), // no messages: a missed call
    ]);
    await db('messages').insert([
      // 1001: answered once, then two more texts nobody answered.
      message('m1', 't-1001', 'inbound', 10),
      message('m2', 't-1001', 'outbound', 11),
      message('m3', 't-1001', 'inbound', 12),
      message('m4', 't-1001', 'inbound', 13),
      // 1002: closed with an unanswered text: history, not news.
      message('m5', 't-1002', 'inbound', 20),
    ]);

    await db.migrate.latest({ migrationSource: upTo(true), tableName: 'knex_migrations' });

    const rows = await db<{ number: number; last_message_at: Date; unread_count: number }>('tickets')
      .orderBy('number')
      .select('number', 'last_message_at', 'unread_count');
    expect(rows.map((r) => [r.number, new Date(r.last_message_at).toISOString(), r.unread_count])).toEqual([
      [1001, at(13).toISOString(), 2],
      [1002, at(20).toISOString(), 0],
      [1003, at(2).toISOString(), 0],
    ]);
    const indexes = async () =>
      (
        await db.raw<{ rows: Array<{ indexname: string }> }>(
          `SELECT indexname FROM pg_indexes WHERE tablename = 'tickets' ORDER BY indexname`,
        )
      ).rows.map((r) => r.indexname);
    expect(await indexes()).toEqual(
      expect.arrayContaining(['tickets_inbox_all_idx', 'tickets_inbox_new_idx', 'tickets_inbox_group_idx']),
    );
    expect(await indexes()).not.toContain('tickets_group_idx');
    expect(await indexes()).not.toContain('tickets_team_idx');

    await db.migrate.down({ migrationSource: upTo(true), tableName: 'knex_migrations' });
    const columns = Object.keys(await db('tickets').columnInfo());
    expect(columns).not.toContain('last_message_at');
    expect(columns).not.toContain('unread_count');
    expect(columns).not.toContain('read_at');
    expect(await indexes()).toEqual(expect.arrayContaining(['tickets_group_idx', 'tickets_team_idx']));
    expect((await indexes()).filter((name) => name.startsWith('tickets_inbox_'))).toEqual([]);

    // And up again, from the state down left.
    await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' });
    expect((await db('tickets').where({ id: 't-1001' }).first()).unread_count).toBe(2);
  });
});
