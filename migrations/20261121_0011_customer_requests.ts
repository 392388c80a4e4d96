import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // What an agent asked a customer (approve, pay, rate, is it solved, send a photo) and the answer.
  await knex.schema.createTable('customer_requests', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('customer').notNullable();
    t.text('channel').notNullable();
    t.text('message_id').references('messages.id').onDelete('SET NULL');
    t.text('status').notNullable();
    t.jsonb('answer');
    // numeric keeps the scale it was given: "49.90" reads back as "49.90".
    t.decimal('amount', null);
    t.text('currency');
    t.text('subject');
    t.text('provider_reference');
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE customer_requests ADD CONSTRAINT customer_requests_kind_check CHECK (kind IN ('approval','payment','rating','resolution','media'))`,
  );
  await knex.raw(
    `ALTER TABLE customer_requests ADD CONSTRAINT customer_requests_status_check CHECK (status IN ('pending','approved','declined','paid','expired','answered'))`,
  );
  // The inbound hot path: the customer's latest pending request.
  await knex.raw(
    `CREATE INDEX customer_requests_pending_idx ON customer_requests (team_id, customer, channel, created_at DESC) WHERE status = 'pending'`,
  );
  await knex.raw(`CREATE INDEX customer_requests_team_idx ON customer_requests (team_id, created_at DESC)`);

  // Kept in the clear: verifying an HMAC needs the secret itself. It is shown once and never returned.
  await knex.schema.createTable('team_payment_secrets', (t) => {
    t.text('team_id').primary().references('teams.id').onDelete('CASCADE');
    t.text('secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Every accepted payment callback, by its signature (which covers the timestamp): a replay is found here.
  await knex.schema.createTable('payment_callbacks', (t) => {
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('signature').notNullable();
    t.bigInteger('signed_at').notNullable();
    t.text('request_id').notNullable();
    t.text('status').notNullable();
    t.text('provider_reference').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'signature']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_callbacks');
  await knex.schema.dropTable('team_payment_secrets');
  await knex.schema.dropTable('customer_requests');
}
