import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('teams', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('company_name').notNullable();
    t.text('timezone').notNullable();
    t.text('locale').notNullable().defaultTo('en');
    t.text('contact_page_url');
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // A number belongs to one team: it is how a webhook finds its team.
  await knex.schema.createTable('team_numbers', (t) => {
    t.text('number').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('team_numbers');
  await knex.schema.dropTable('teams');
}
