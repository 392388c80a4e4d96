import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A team's automation rules: one ordered list, saved as a whole. `version` rises with every
  // save; a save must quote the version it read (If-Match), so two managers cannot overwrite
  // each other unseen.
  await knex.schema.createTable('team_rules', (t) => {
    t.text('team_id').primary().references('teams.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.jsonb('rules').notNullable().defaultTo('[]');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });

  // Rules run once per stored event: the runner claims events whose `rules_done_at` is NULL
  // (FOR UPDATE SKIP LOCKED), acts and sets it in one transaction. Events stored before rules
  // existed are done.
  await knex.schema.alterTable('team_events', (t) => {
    t.timestamp('rules_done_at', { useTz: true });
  });
  await knex.raw('UPDATE team_events SET rules_done_at = created_at');
  await knex.raw('CREATE INDEX team_events_rules_pending_idx ON team_events (seq) WHERE rules_done_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS team_events_rules_pending_idx');
  await knex.schema.alterTable('team_events', (t) => {
    t.dropColumn('rules_done_at');
  });
  await knex.schema.dropTable('team_rules');
}
