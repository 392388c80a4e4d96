import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Support lines: named sets of a team's users; a user may be in several.
  await knex.schema.createTable('groups', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // One "Billing" per team, whatever its case.
  await knex.raw(`CREATE UNIQUE INDEX groups_team_name_uq ON groups (team_id, lower(name))`);
  await knex.schema.createTable('group_members', (t) => {
    t.text('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.primary(['group_id', 'user_id']);
  });
  await knex.raw(`CREATE INDEX group_members_user_idx ON group_members (user_id)`);
  await knex.schema.alterTable('tickets', (t) => {
    t.text('group_id').references('groups.id').onDelete('SET NULL');
  });
  // Deleting a group clears it from its tickets: an index keeps that from scanning them all.
  await knex.raw(`CREATE INDEX tickets_group_idx ON tickets (group_id) WHERE group_id IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumn('group_id');
  });
  await knex.schema.dropTable('group_members');
  await knex.schema.dropTable('groups');
}
