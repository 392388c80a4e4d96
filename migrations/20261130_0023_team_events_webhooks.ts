import type { Knex } from 'knex';

/** The events a team's notification webhook URL (team settings) was sent before subscriptions existed. */
const RLA_EVENTS = `ARRAY['rla.warning','rla.breach']::text[]`;

export async function up(knex: Knex): Promise<void> {
  // The outbox: one row per change, written in the change's own transaction. `seq` orders them
  // (rules and webhooks read in that order); `id` is what receivers see.
  await knex.schema.createTable('team_events', (t) => {
    t.text('id').primary();
    t.bigIncrements('seq', { primaryKey: false });
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('ticket_id').references('tickets.id').onDelete('SET NULL');
    t.text('type').notNullable();
    // "customer", "automation", "system", "rla", or who acted ("user:<email>", "manager:<token id>" …).
    t.text('actor').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.raw(`CREATE INDEX team_events_team_seq_idx ON team_events (team_id, seq)`);
  await knex.raw(`CREATE INDEX team_events_ticket_seq_idx ON team_events (ticket_id, seq) WHERE ticket_id IS NOT NULL`);

  // Who hears about a team's events. `secret` signs its posts (kept in the clear like team_secrets:
  // an HMAC needs it); NULL only for the one subscription the team settings' webhookUrl manages,
  // which is signed with the team's notification secret as before.
  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('url').notNullable();
    t.specificType('events', 'text[]').notNullable();
    t.text('secret');
    t.text('managed_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`CREATE INDEX webhook_subscriptions_team_idx ON webhook_subscriptions (team_id)`);
  await knex.raw(
    `ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_managed_by_check
       CHECK (managed_by IS NULL OR managed_by = 'team_settings')`,
  );
  await knex.raw(
    `ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_secret_check
       CHECK (secret IS NOT NULL OR managed_by IS NOT NULL)`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX webhook_subscriptions_managed_uq ON webhook_subscriptions (team_id) WHERE managed_by IS NOT NULL`,
  );

  // A delivery is a webhook notification of one event to one subscription: same row, same queue,
  // same sweeper. `relayed_at`: when a worker handed it to the queue (NULL: not yet).
  await knex.schema.alterTable('notifications', (t) => {
    t.text('subscription_id').references('webhook_subscriptions.id').onDelete('CASCADE');
    t.text('event_id').references('team_events.id').onDelete('CASCADE');
    t.integer('response_status');
    t.timestamp('relayed_at', { useTz: true });
  });
  await knex.raw(
    `CREATE INDEX notifications_subscription_idx ON notifications (subscription_id, created_at DESC, id DESC)
       WHERE subscription_id IS NOT NULL`,
  );
  await knex.raw(
    `CREATE INDEX notifications_unrelayed_idx ON notifications (created_at)
       WHERE relayed_at IS NULL AND event_id IS NOT NULL AND status = 'pending'`,
  );

  // A team's webhookUrl becomes the subscription it manages, to the RLA events it was sent.
  await knex.raw(
    `INSERT INTO webhook_subscriptions (id, team_id, url, events, secret, managed_by)
     SELECT gen_random_uuid()::text, id, btrim(settings->'notifications'->>'webhookUrl'), ${RLA_EVENTS}, NULL, 'team_settings'
       FROM teams WHERE btrim(COALESCE(settings->'notifications'->>'webhookUrl', '')) <> ''`,
  );
}

export async function down(knex: Knex): Promise<void> {
  // The settings' webhookUrl never left the team row: the old code reads it again. Deliveries to
  // subscriptions made through the API have no place there and go; the managed one's stay, as the
  // webhook notifications they were.
  await knex.raw(
    `DELETE FROM notifications WHERE subscription_id IN (SELECT id FROM webhook_subscriptions WHERE managed_by IS NULL)`,
  );
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('relayed_at');
    t.dropColumn('response_status');
    t.dropColumn('event_id');
    t.dropColumn('subscription_id');
  });
  await knex.schema.dropTable('webhook_subscriptions');
  await knex.schema.dropTable('team_events');
}
