import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Every automated reply decided (sent or skipped, with its reason): the decision log's one row each.
  await knex.schema.createTable('reply_decisions', (t) => {
    t.bigIncrements('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('customer').notNullable();
    t.text('kind').notNullable();
    t.text('action').notNullable();
    t.text('reason').notNullable();
    // Plain ids, no foreign keys: the log outlives a deleted ticket or message.
    t.text('ticket_id');
    t.text('message_id');
    t.text('rule_id');
    t.timestamp('at', { useTz: true }).notNullable();
  });
  await knex.raw(
    `ALTER TABLE reply_decisions ADD CONSTRAINT reply_decisions_action_check CHECK (action IN ('send','skip'))`,
  );
  await knex.raw(`CREATE INDEX reply_decisions_team_at_idx ON reply_decisions (team_id, at DESC, id DESC)`);
  await knex.raw(
    `CREATE INDEX reply_decisions_team_customer_at_idx ON reply_decisions (team_id, customer, at DESC, id DESC)`,
  );
  // Inbound texts decided before this table kept their decisions on the event only: copy them,
  // oldest first so ids follow time. (Call outcomes' decisions on calls.decision are left there.)
  await knex.raw(`
    INSERT INTO reply_decisions (team_id, customer, kind, action, reason, message_id, at)
    SELECT e.team_id, e.parsed->>'from', r->>'kind', r->>'action', r->>'reason', r->>'messageId',
           coalesce(e.processed_at, e.received_at)
      FROM webhook_events e
     CROSS JOIN LATERAL jsonb_array_elements(e.decision->'autoReplies') AS r
     WHERE e.type = 'message.inbound' AND e.team_id IS NOT NULL AND e.parsed->>'from' IS NOT NULL
       AND jsonb_typeof(e.decision->'autoReplies') = 'array'
       AND r->>'kind' IS NOT NULL AND r->>'action' IN ('send','skip') AND r->>'reason' IS NOT NULL
     ORDER BY coalesce(e.processed_at, e.received_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reply_decisions');
}
