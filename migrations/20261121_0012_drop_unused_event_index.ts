import type { Knex } from 'knex';

// No query reads events by team and time yet; every webhook paid for this index on insert.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS webhook_events_team_idx');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX webhook_events_team_idx ON webhook_events (team_id, received_at DESC)');
}
