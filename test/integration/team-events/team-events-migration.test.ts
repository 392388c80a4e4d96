import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/connect.js';
import { emptyDatabase, migrationsUpTo } from '../../helpers/migration-db.js';

const MIGRATION = '20261130_0023_team_events_webhooks';

const before = migrationsUpTo(MIGRATION, false);
const through = migrationsUpTo(MIGRATION, true);

describe(`migration ${MIGRATION}: the settings' webhookUrl becomes a subscription`, () => {
  let db: Db;
  let close = async () => {};

  beforeAll(async () => {
    ({ db, close } = await emptyDatabase());
    await db.migrate.latest({ migrationSource: before, tableName: 'knex_migrations' });
  });
  afterAll(() => close());

  const team = (id: string, notifications: Record<string, unknown> | null) => ({
    id,
    name: id,
    company_name: 'Acme',
    timezone: 'Europe/Warsaw',
    locale: 'en',
    settings: JSON.stringify(notifications ? { notifications } : {}),
  });
  const webhookNotification = (id: string, teamId: string, status: string) => ({
    id,
    team_id: teamId,
    channel: 'webhook',
    target: 'https://hooks.acme.test/rla',
    event: 'rla.breach',
    subject: 'Ticket #1001: first response is overdue',
    body: 'text',
    payload: JSON.stringify({ ticketId: 't1' }),
    dedupe_key: `rla:${id}`,
    status,
  });

  it('subscribes each webhookUrl to the RLA events going up, keeps the old rows, and undoes it going down', async () => {
    await db('teams').insert([
      team('with-url', { emails: ['lead@acme.test'], webhookUrl: ' https://hooks.acme.test/rla ' }),
      team('null-url', { emails: [], webhookUrl: null }),
      team('empty-url', { webhookUrl: '' }),
      team('no-settings', null),
    ]);
    // A webhook notification from before: sent, and one still pending when the migration runs.
    await db('notifications').insert([
      webhookNotification('old-sent', 'with-url', 'sent'),
      webhookNotification('old-pending', 'with-url', 'pending'),
    ]);

    await db.migrate.latest({ migrationSource: through, tableName: 'knex_migrations' });

    const subscriptions = (await db('webhook_subscriptions').orderBy('team_id')) as Array<Record<string, unknown>>;
    expect(subscriptions.map((s) => [s.team_id, s.url, s.events, s.secret, s.managed_by])).toEqual([
      ['with-url', 'https://hooks.acme.test/rla', ['rla.warning', 'rla.breach'], null, 'team_settings'],
    ]);
    // The old rows stay as they were: no subscription, no event, still deliverable.
    expect(
      (await db('notifications').orderBy('id')).map((n: Record<string, unknown>) => [
        n.id,
        n.status,
        n.subscription_id,
        n.event_id,
      ]),
    ).toEqual([
      ['old-pending', 'pending', null, null],
      ['old-sent', 'sent', null, null],
    ]);
    // The settings keep the URL: GET /teams answers as before.
    const settings = (await db('teams').where({ id: 'with-url' }).first()).settings as {
      notifications: { webhookUrl: string | null };
    };
    expect(settings.notifications.webhookUrl).toBe(' https://hooks.acme.test/rla ');

    // A delivery to the managed subscription and one to a subscription made through the API.
    await db('webhook_subscriptions').insert({
      id: 'api-sub',
      team_id: 'with-url',
      url: 'https://hooks.acme.test/all',
      events: ['*'],
      secret: 'whsec_x',
    });
    await db('team_events').insert({
      id: 'e1',
      team_id: 'with-url',
      type: 'rla.breach',
      actor: 'rla',
      data: JSON.stringify({}),
      created_at: new Date(),
    });
    await db('notifications').insert([
      {
        ...webhookNotification('to-managed', 'with-url', 'sent'),
        subscription_id: subscriptions[0]!.id,
        event_id: 'e1',
      },
      { ...webhookNotification('to-api', 'with-url', 'pending'), subscription_id: 'api-sub', event_id: 'e1' },
    ]);
    // Only the settings may own a subscription without a secret, and only one per team.
    await expect(
      db('webhook_subscriptions').insert({ id: 'x', team_id: 'null-url', url: 'https://x.test', events: ['*'] }),
    ).rejects.toThrow();
    await expect(
      db('webhook_subscriptions').insert({
        id: 'y',
        team_id: 'with-url',
        url: 'https://y.test',
        events: ['*'],
        managed_by: 'team_settings',
      }),
    ).rejects.toThrow();

    await db.migrate.down({ migrationSource: through, tableName: 'knex_migrations' });

    expect(await db.schema.hasTable('webhook_subscriptions')).toBe(false);
    expect(await db.schema.hasTable('team_events')).toBe(false);
    expect(await db.schema.hasColumn('notifications', 'subscription_id')).toBe(false);
    // The API subscription's delivery has no place in the old world; the RLA webhook's stay.
    expect((await db('notifications').orderBy('id')).map((n: Record<string, unknown>) => n.id)).toEqual([
      'old-pending',
      'old-sent',
      'to-managed',
    ]);
    expect(
      (
        (await db('teams').where({ id: 'with-url' }).first()).settings as {
          notifications: { webhookUrl: string | null };
        }
      ).notifications.webhookUrl,
    ).toBe(' https://hooks.acme.test/rla ');

    // And up again: the same subscription from the same settings.
    await db.migrate.latest({ migrationSource: through, tableName: 'knex_migrations' });
    expect((await db('webhook_subscriptions')).map((s: Record<string, unknown>) => [s.team_id, s.url])).toEqual([
      ['with-url', 'https://hooks.acme.test/rla'],
    ]);
  });
});
