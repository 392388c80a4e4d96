import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/connect.js';
import { emptyDatabase, migrationsUpTo } from '../../helpers/migration-db.js';

const MIGRATION = '20261130_0029_ticket_tasks';

describe(`migration ${MIGRATION}: callback tasks on tickets`, () => {
  let db: Db;
  let close = async () => {};

  beforeAll(async () => {
    ({ db, close } = await emptyDatabase());
    await db.migrate.latest({ migrationSource: migrationsUpTo(MIGRATION, true), tableName: 'knex_migrations' });
  });
  afterAll(() => close());

  const at = new Date('2026-12-01T09:00:00Z');
  const task = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    team_id: 'team-a',
    ticket_id: 't-1',
    type: 'callback',
    status: 'open',
    due_at: at,
    window_end: new Date('2026-12-01T10:00:00Z'),
    phone: '+48601234567',
    time_zone: 'Europe/Warsaw',
    created_at: at,
    ...over,
  });

  it('keeps types and statuses to the known ones, goes with its ticket, and drops going down', async () => {
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
    await db('ticket_tasks').insert(task('k-1'));
    await expect(db('ticket_tasks').insert(task('k-2', { type: 'visit' }))).rejects.toThrow(/ticket_tasks_type_ck/);
    await expect(db('ticket_tasks').insert(task('k-3', { status: 'late' }))).rejects.toThrow(/ticket_tasks_status_ck/);

    await db('tickets').where({ id: 't-1' }).delete();
    expect(Number((await db('ticket_tasks').count({ n: '*' }))[0]!.n)).toBe(0);

    await db.migrate.down({ migrationSource: migrationsUpTo(MIGRATION, true), tableName: 'knex_migrations' });
    expect(await db.schema.hasTable('ticket_tasks')).toBe(false);
  });
});
