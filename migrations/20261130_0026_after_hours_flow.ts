import type { Knex } from 'knex';

// The after-hours conversation (src/after-hours-flow):
// - flow_sessions: where each customer is in it; at most one running per customer and team (the
//   partial unique index), found by the expiry sweep through its idle index;
// - tickets.fields: what the customer's answers filled in (name, email, phone, best time …), null
//   for a field asked three times without a valid answer;
// - contacts: the name and email a customer gave, and whether they are a lead, from where.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE flow_sessions (
      id text PRIMARY KEY,
      team_id text NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      customer text NOT NULL,
      channel text NOT NULL,
      ticket_id text REFERENCES tickets(id) ON DELETE SET NULL,
      team_number text NOT NULL,
      state jsonb NOT NULL,
      started_at timestamptz NOT NULL,
      last_activity_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      end_reason text,
      completed_path text
    )`);
  await knex.raw(
    'CREATE UNIQUE INDEX flow_sessions_running_idx ON flow_sessions (team_id, customer) WHERE ended_at IS NULL',
  );
  await knex.raw('CREATE INDEX flow_sessions_expiry_idx ON flow_sessions (expires_at) WHERE ended_at IS NULL');
  await knex.raw('CREATE INDEX flow_sessions_customer_idx ON flow_sessions (team_id, customer, ended_at DESC)');
  await knex.raw(`ALTER TABLE tickets ADD COLUMN fields jsonb NOT NULL DEFAULT '{}'::jsonb`);
  await knex.raw('ALTER TABLE contacts ADD COLUMN name text');
  await knex.raw('ALTER TABLE contacts ADD COLUMN email text');
  await knex.raw('ALTER TABLE contacts ADD COLUMN lead_status text');
  await knex.raw('ALTER TABLE contacts ADD COLUMN lead_source text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE contacts DROP COLUMN lead_source');
  await knex.raw('ALTER TABLE contacts DROP COLUMN lead_status');
  await knex.raw('ALTER TABLE contacts DROP COLUMN email');
  await knex.raw('ALTER TABLE contacts DROP COLUMN name');
  await knex.raw('ALTER TABLE tickets DROP COLUMN fields');
  await knex.raw('DROP TABLE flow_sessions');
}
