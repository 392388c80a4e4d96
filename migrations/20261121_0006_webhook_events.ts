import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Every signed webhook is committed here before we answer; the rest happens off the request.
  await knex.schema.createTable('webhook_events', (t) => {
    t.text('id').primary();
    t.text('provider').notNullable();
    t.text('type').notNullable();
    t.text('team_id').references('teams.id').onDelete('SET NULL');
    t.text('dedupe_key').notNullable().unique();
    t.text('idempotency_token').unique();
    t.jsonb('params').notNullable();
    t.jsonb('parsed');
    t.text('status').notNullable();
    t.text('reason');
    t.jsonb('decision');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('processed_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_status_check
    CHECK (status IN ('accepted','processed','quarantined','failed'))`);
  // The sweeper's query: accepted events that nobody finished.
  await knex.raw(`CREATE INDEX webhook_events_accepted_idx ON webhook_events (received_at) WHERE status = 'accepted'`);
  await knex.raw(`CREATE INDEX webhook_events_team_idx ON webhook_events (team_id, received_at DESC)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_events');
}
