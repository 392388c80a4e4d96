import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('messages', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('direction').notNullable();
    t.text('channel').notNullable();
    t.text('from_address').notNullable();
    t.text('to_address').notNullable();
    t.text('body').notNullable();
    t.jsonb('media').notNullable().defaultTo('[]');
    t.text('kind');
    t.text('status').notNullable();
    t.text('provider_message_id').unique();
    t.text('error_code');
    t.text('error_message');
    t.text('event_id').references('webhook_events.id').onDelete('SET NULL');
    t.text('created_by');
    t.integer('attempts').notNullable().defaultTo(0);
    t.boolean('outcome_unknown').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });
  await knex.raw(
    `ALTER TABLE messages ADD CONSTRAINT messages_direction_check CHECK (direction IN ('inbound','outbound'))`,
  );
  // One reply of a kind per event, however often the event is processed.
  await knex.raw(
    `CREATE UNIQUE INDEX messages_event_kind_uq ON messages (event_id, kind) WHERE direction = 'outbound' AND event_id IS NOT NULL AND kind IS NOT NULL`,
  );
  await knex.raw(`CREATE INDEX messages_reply_window_idx ON messages (team_id, to_address, kind, created_at DESC)`);
  await knex.raw(`CREATE INDEX messages_team_log_idx ON messages (team_id, created_at DESC)`);
  await knex.raw(
    `CREATE INDEX messages_pending_idx ON messages (updated_at) WHERE status IN ('queued','sending') AND provider_message_id IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('messages');
}
