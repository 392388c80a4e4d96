import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per inbound call: where the caller is (stage, with its history) and how it ended.
  await knex.schema.createTable('calls', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('call_sid').notNullable().unique();
    t.text('customer').notNullable();
    t.text('team_number').notNullable();
    t.boolean('after_hours').notNullable().defaultTo(false);
    t.text('stage');
    t.jsonb('stages').notNullable().defaultTo('[]');
    t.integer('menu_attempts').notNullable().defaultTo(0);
    t.text('chosen_option');
    // The last TwiML request and its answer: Twilio's retry of the same request gets the same answer.
    t.text('last_request_key');
    t.text('last_twiml');
    t.text('final_status');
    t.integer('duration_seconds');
    t.timestamp('ended_at', { useTz: true });
    t.text('recording_state');
    t.text('recording_sid');
    t.text('recording_url');
    t.integer('recording_seconds');
    t.text('outcome');
    t.timestamp('outcome_at', { useTz: true });
    t.jsonb('decision');
    t.text('ticket_id');
    t.jsonb('legs').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // The settler's scan: ended calls still waiting for an outcome, and calls that never ended.
  await knex.raw(`CREATE INDEX calls_unsettled_idx ON calls (updated_at) WHERE outcome IS NULL`);
  // RLA escalation counts one customer's missed calls in a window.
  await knex.raw(`CREATE INDEX calls_customer_idx ON calls (team_id, customer, created_at DESC)`);

  await knex.schema.alterTable('teams', (t) => {
    t.integer('ticket_seq').notNullable().defaultTo(1000);
  });

  await knex.schema.createTable('tickets', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.text('status').notNullable();
    t.text('priority').notNullable();
    t.text('assignee_id').references('users.id').onDelete('SET NULL');
    t.jsonb('tags').notNullable().defaultTo('[]');
    t.text('subject').notNullable();
    t.text('channel').notNullable();
    t.text('source').notNullable();
    t.text('customer').notNullable();
    t.timestamp('first_response_due_at', { useTz: true });
    t.timestamp('first_responded_at', { useTz: true });
    t.timestamp('resolution_due_at', { useTz: true });
    t.timestamp('resolved_at', { useTz: true });
    t.timestamp('first_response_warned_at', { useTz: true });
    t.timestamp('first_response_breached_at', { useTz: true });
    t.timestamp('resolution_warned_at', { useTz: true });
    t.timestamp('resolution_breached_at', { useTz: true });
    t.timestamp('last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['team_id', 'number']);
  });
  await knex.raw(
    `ALTER TABLE tickets ADD CONSTRAINT tickets_status_check CHECK (status IN ('open','pending','closed'))`,
  );
  await knex.raw(
    `ALTER TABLE tickets ADD CONSTRAINT tickets_priority_check CHECK (priority IN ('low','normal','high','urgent'))`,
  );
  await knex.raw(`CREATE INDEX tickets_customer_idx ON tickets (team_id, customer, last_activity_at DESC)`);
  await knex.raw(`CREATE INDEX tickets_team_idx ON tickets (team_id, created_at DESC)`);
  // The RLA monitor's scan: tickets whose clocks still run.
  await knex.raw(
    `CREATE INDEX tickets_running_clocks_idx ON tickets (first_response_due_at, resolution_due_at) WHERE status <> 'closed'`,
  );

  await knex.schema.createTable('ticket_events', (t) => {
    t.text('id').primary();
    t.text('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('type').notNullable();
    t.text('actor').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable();
    t.bigIncrements('seq');
  });
  await knex.raw(`CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, seq)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_events');
  await knex.schema.dropTable('tickets');
  await knex.schema.alterTable('teams', (t) => t.dropColumn('ticket_seq'));
  await knex.schema.dropTable('calls');
}
