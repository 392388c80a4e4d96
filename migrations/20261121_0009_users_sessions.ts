import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.text('id').primary();
    // Admins belong to no team; team members to exactly one (checked below).
    t.text('team_id').references('teams.id').onDelete('CASCADE').index();
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('role').notNullable();
    t.text('password_hash').notNullable();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin','manager','agent'))`);
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_team_check CHECK ((role = 'admin') = (team_id IS NULL))`);
  // One account per address, whatever its case.
  await knex.raw(`CREATE UNIQUE INDEX users_email_uq ON users (lower(email))`);

  // The id is a SHA-256 of the cookie's token: a leaked table does not let anyone sign in.
  await knex.schema.createTable('sessions', (t) => {
    t.text('id').primary();
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable().index();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
}
