import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../../migrations/index.js';
import type { Db } from '../../../src/db/connect.js';
import { createEmptyDb, type TestDb } from '../../helpers/test-db.js';

const MIGRATION = '20261130_0018_message_threads';

/** The migrations before this one: the schema the stored messages were logged under. */
const before: typeof migrationSource = {
  ...migrationSource,
  getMigrations: async (loadExtensions) =>
    (await migrationSource.getMigrations(loadExtensions)).filter(([name]) => name < MIGRATION),
};

/** Up to and including this one: `down` then undoes this migration, whatever comes after it. */
const through: typeof migrationSource = {
  ...migrationSource,
  getMigrations: async (loadExtensions) =>
    (await migrationSource.getMigrations(loadExtensions)).filter(([name]) => name <= MIGRATION),
};

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 9, minutes));

describe(`migration ${MIGRATION}: messages on their customer's ticket`, () => {
  let testDb: TestDb;
  let db: Db;

  beforeAll(async () => {
    testDb = await createEmptyDb();
    db = testDb.db;
    await db.migrate.latest({ migrationSource: before, tableName: 'knex_migrations' });
  });
  afterAll(async () => {
    await testDb.close();
  });

  const ticket = (team: string, number: number, customer: string, status: string, lastActivity: Date) => ({
    id: `t-${team}-${number}`,
    team_id: team,
    number,
    status,
    priority: 'normal',
    subject: 'Missed call',
    channel: 'voice',
    source: 'missed_call',
    customer,
    last_activity_at: lastActivity,
    created_at: lastActivity,
    updated_at: lastActivity,
  });
  const message = (
    team: string,
    id: string,
    direction: 'inbound' | 'outbound',
    customer: string,
    channel: string,
    minute: number,
  ) => ({
    id,
    team_id: team,
    direction,
    channel,
    from_address: direction === 'inbound' ? customer : '+15005550006',
    to_address: direction === 'inbound' ? '+15005550006' : customer,
    body: id,
    status: direction === 'inbound' ? 'received' : 'delivered',
    created_at: at(minute),
    updated_at: at(minute),
  });

  it('attaches logged messages going up, opens closed tickets for history without one, and undoes it going down', async () => {
    await db('teams').insert([
      { id: 'team-a', name: 'A', company_name: 'Acme', timezone: 'Europe/Warsaw', locale: 'pl', ticket_seq: 1003 },
      { id: 'team-b', name: 'B', company_name: 'Beta', timezone: 'Europe/Warsaw', locale: 'en', ticket_seq: 1000 },
    ]);
    await db('tickets').insert([
      // +1…01: an old closed ticket and an open one.
      ticket('team-a', 1001, '+12125550101', 'closed', at(1)),
      ticket('team-a', 1002, '+12125550101', 'open', at(2)),
      // +1…02: closed tickets only; the most recent one is 1003.
      ticket('team-a', 999, '+12125550102', 'closed', at(3)),
      ticket('team-a', 1003, '+12125550102', 'closed', at(4)),
    ]);
    await db('messages').insert([
      message('team-a', 'm-open-in', 'inbound', '+12125550101', 'sms', 10),
      message('team-a', 'm-open-out', 'outbound', '+12125550101', 'sms', 11),
      message('team-a', 'm-closed-in', 'inbound', '+12125550102', 'whatsapp', 12),
      // +1…03 and +1…04 never had a ticket: one each, numbered in the order they first wrote.
      message('team-a', 'm-new-out', 'outbound', '+12125550103', 'sms', 22),
      message('team-a', 'm-new-in-1', 'inbound', '+12125550103', 'sms', 21),
      message('team-a', 'm-new-in-2', 'inbound', '+12125550103', 'whatsapp', 23),
      message('team-a', 'm-later-in', 'inbound', '+12125550104', 'whatsapp', 30),
      // Only ever written to: no conversation, no ticket.
      message('team-a', 'm-outbound-only', 'outbound', '+12125550105', 'sms', 40),
      // The same number in another team is another customer.
      message('team-b', 'm-other-team', 'inbound', '+12125550101', 'sms', 50),
    ]);

    await db.migrate.latest({ migrationSource: through, tableName: 'knex_migrations' });

    const ticketOf = async (id: string) =>
      ((await db('messages').where({ id }).first()) as { ticket_id: string | null }).ticket_id;
    expect(await ticketOf('m-open-in')).toBe('t-team-a-1002');
    expect(await ticketOf('m-open-out')).toBe('t-team-a-1002');
    expect(await ticketOf('m-closed-in')).toBe('t-team-a-1003');
    expect(await ticketOf('m-outbound-only')).toBeNull();

    const opened = (await db('tickets').where({ source: 'message' }).orderBy(['team_id', 'number'])) as Array<
      Record<string, unknown>
    >;
    expect(
      opened.map((t) => [
        t.team_id,
        t.number,
        t.customer,
        t.status,
        t.chat,
        t.channel,
        t.subject,
        t.first_response_due_at,
      ]),
    ).toEqual([
      ['team-a', 1004, '+12125550103', 'closed', 'completed', 'sms', 'Wiadomość', null],
      ['team-a', 1005, '+12125550104', 'closed', 'completed', 'whatsapp', 'Wiadomość', null],
      ['team-b', 1001, '+12125550101', 'closed', 'completed', 'sms', 'Message', null],
    ]);
    const [c3, c4, other] = opened;
    expect(new Date(c3!.created_at as string)).toEqual(at(21));
    expect(new Date(c3!.last_activity_at as string)).toEqual(at(23));
    expect(new Date(c3!.resolved_at as string)).toEqual(at(23));
    for (const id of ['m-new-out', 'm-new-in-1', 'm-new-in-2']) expect(await ticketOf(id)).toBe(c3!.id);
    expect(await ticketOf('m-later-in')).toBe(c4!.id);
    expect(await ticketOf('m-other-team')).toBe(other!.id);
    // The team's numbering goes on after them; each has its 'created' event.
    expect(
      (await db('teams').orderBy('id').select('ticket_seq')).map((t: { ticket_seq: number }) => t.ticket_seq),
    ).toEqual([1005, 1001]);
    expect(
      await db('ticket_events')
        .whereIn(
          'ticket_id',
          opened.map((t) => t.id as string),
        )
        .where({ type: 'created' }),
    ).toHaveLength(3);
    // Tickets that were there keep the default chat state.
    expect((await db('tickets').where({ id: 't-team-a-1002' }).first()).chat).toBe('active');

    await db.migrate.down({ migrationSource: through, tableName: 'knex_migrations' });

    const columns = async (table: string) => Object.keys(await db(table).columnInfo());
    expect(await columns('messages')).not.toContain('ticket_id');
    expect(await columns('tickets')).not.toContain('chat');
    expect((await db('tickets').orderBy('id').select('id')).map((t: { id: string }) => t.id)).toEqual([
      't-team-a-1001',
      't-team-a-1002',
      't-team-a-1003',
      't-team-a-999',
    ]);
    expect(await db('messages').count('* as n').first()).toMatchObject({ n: 9 });

    // And up again, from the state down left.
    await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' });
    expect(await ticketOf('m-open-in')).toBe('t-team-a-1002');
  });
});
