import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Things an agent owes a ticket's customer at a time: for now a callback the customer asked for
  // (after hours, from a numbered slot). `due_at`–`window_end` is the slot they were promised.
  await knex.schema.createTable('ticket_tasks', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('type').notNullable();
    t.text('status').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('window_end', { useTz: true }).notNullable();
    t.text('phone').notNullable();
    t.text('name');
    t.text('regarding');
    /** The zone the customer chose the slot in: the panel shows their local time too. */
    t.text('time_zone').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('done_at', { useTz: true });
    t.text('done_by');
  });
  await knex.raw(`ALTER TABLE ticket_tasks ADD CONSTRAINT ticket_tasks_type_ck CHECK (type IN ('callback'))`);
  await knex.raw(
    `ALTER TABLE ticket_tasks ADD CONSTRAINT ticket_tasks_status_ck CHECK (status IN ('open', 'done', 'cancelled'))`,
  );
  await knex.raw(`CREATE INDEX ticket_tasks_ticket_idx ON ticket_tasks (ticket_id, due_at)`);
  // The team's callback list: open tasks by due time.
  await knex.raw(`CREATE INDEX ticket_tasks_team_status_due_idx ON ticket_tasks (team_id, status, due_at, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_tasks');
}
