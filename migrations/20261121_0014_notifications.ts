import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per message to a team (an email to its list, a post to its webhook): the row is the
  // truth, a queue job delivers it.
  await knex.schema.createTable('notifications', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('channel').notNullable();
    // Comma-separated addresses for email, the URL for a webhook.
    t.text('target').notNullable();
    t.text('event').notNullable();
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('dedupe_key').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    // A worker holds the row while it sends; past this, a dead worker's try may be taken again.
    t.timestamp('leased_until', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });
  await knex.raw(
    `ALTER TABLE notifications ADD CONSTRAINT notifications_channel_check CHECK (channel IN ('email','webhook'))`,
  );
  await knex.raw(
    `ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending','sent','recorded','failed'))`,
  );
  // A scan run twice notifies once: one row per team, channel and key (email and webhook share the key).
  await knex.raw(
    `ALTER TABLE notifications ADD CONSTRAINT notifications_dedupe_key_uq UNIQUE (team_id, channel, dedupe_key)`,
  );
  await knex.raw(`CREATE INDEX notifications_pending_idx ON notifications (created_at) WHERE status = 'pending'`);
  await knex.raw(`CREATE INDEX notifications_team_idx ON notifications (team_id, created_at DESC, id DESC)`);
  // The webhook signing secret lives in team_secrets (migration 0015), beside the payment secret.
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notifications');
}
