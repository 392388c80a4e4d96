import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per urgent issue paged: the on-call people as they were when it started (a later
  // settings change does not move a page in flight), how many pages went out, and when the next
  // is due. The repager claims due rows (FOR UPDATE SKIP LOCKED), so any number of workers page once.
  await knex.schema.createTable('urgent_pages', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('customer').notNullable();
    t.text('customer_name');
    t.text('customer_channel').notNullable();
    t.text('team_number').notNullable();
    t.text('issue').notNullable();
    t.jsonb('on_call').notNullable();
    t.integer('pages_sent').notNullable().defaultTo(0);
    // Null once paging stopped: acknowledged, or maxPages sent.
    t.timestamp('next_page_at', { useTz: true });
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('stopped_at', { useTz: true });
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('acknowledged_by');
    t.text('acknowledged_via');
  });
  await knex.raw(
    'CREATE INDEX urgent_pages_due_idx ON urgent_pages (next_page_at) WHERE next_page_at IS NOT NULL AND acknowledged_at IS NULL',
  );
  await knex.raw('CREATE INDEX urgent_pages_ticket_idx ON urgent_pages (ticket_id)');

  // One row per page SMS to one on-call number: the acknowledge link's token (its SHA-256 only:
  // the link is the credential), the message sent, and whether its failure is on the ticket yet.
  await knex.schema.createTable('urgent_page_sends', (t) => {
    t.text('token_hash').primary();
    t.text('page_id').notNullable().references('urgent_pages.id').onDelete('CASCADE');
    t.integer('page_number').notNullable();
    t.text('recipient').notNullable();
    t.text('message_id');
    t.timestamp('failure_noted_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX urgent_page_sends_page_idx ON urgent_page_sends (page_id)');
  await knex.raw(
    'CREATE INDEX urgent_page_sends_unnoted_idx ON urgent_page_sends (message_id) WHERE failure_noted_at IS NULL AND message_id IS NOT NULL',
  );

  // A team email may be high priority (an urgent page: X-Priority 1, Importance high).
  await knex.schema.alterTable('notifications', (t) => {
    t.text('priority').notNullable().defaultTo('normal');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('priority');
  });
  await knex.schema.dropTable('urgent_page_sends');
  await knex.schema.dropTable('urgent_pages');
}
