import type { Knex } from 'knex';

// One table for every secret a team is issued (payment callbacks, notification webhooks), in
// place of one table per purpose. Kept in the clear: an HMAC needs the secret itself; each is
// shown once and never returned.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('team_secrets', (t) => {
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('purpose').notNullable();
    t.text('secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'purpose']);
  });
  await knex.raw(
    `ALTER TABLE team_secrets ADD CONSTRAINT team_secrets_purpose_check CHECK (purpose IN ('payment','notification_webhook'))`,
  );
  await knex.raw(
    `INSERT INTO team_secrets (team_id, purpose, secret, created_at) SELECT team_id, 'payment', secret, created_at FROM team_payment_secrets`,
  );
  await knex.schema.dropTable('team_payment_secrets');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('team_payment_secrets', (t) => {
    t.text('team_id').primary().references('teams.id').onDelete('CASCADE');
    t.text('secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `INSERT INTO team_payment_secrets (team_id, secret, created_at) SELECT team_id, secret, created_at FROM team_secrets WHERE purpose = 'payment'`,
  );
  await knex.schema.dropTable('team_secrets');
}
