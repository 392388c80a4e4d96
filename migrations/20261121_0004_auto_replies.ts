import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A row exists only once a team changed a kind; otherwise the catalogue's defaults apply.
  await knex.schema.createTable('auto_replies', (t) => {
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.boolean('enabled').notNullable();
    t.text('body');
    t.jsonb('options').notNullable().defaultTo('{}');
    t.integer('repeat_window_hours');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('auto_replies');
}
