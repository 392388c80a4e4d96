import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Only a SHA-256 of each token is kept; the token itself is shown once.
  await knex.schema.createTable('api_tokens', (t) => {
    t.text('id').primary();
    t.text('team_id').references('teams.id').onDelete('CASCADE').index();
    t.text('role').notNullable();
    t.text('token_hash').notNullable().unique();
    t.text('label');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(
    `ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('admin','manager','agent'))`,
  );
  await knex.raw(
    `ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_team_check CHECK ((role = 'admin') = (team_id IS NULL))`,
  );
  await knex.schema.createTable('system_settings', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('system_settings');
  await knex.schema.dropTable('api_tokens');
}
