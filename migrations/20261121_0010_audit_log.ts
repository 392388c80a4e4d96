import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    // Null for changes outside any team (an admin user created).
    t.text('team_id').references('teams.id').onDelete('CASCADE');
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.text('subject');
    t.jsonb('before');
    t.jsonb('after');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`CREATE INDEX audit_log_team_idx ON audit_log (team_id, at DESC, id DESC)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
