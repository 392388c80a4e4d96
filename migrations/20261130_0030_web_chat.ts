import type { Knex } from 'knex';

// The web chat (src/webchat):
// - contacts.web_presence: what the visitor's widget last reported (open, hidden, closed) and when;
//   a web ticket is online while its visitor's widget is open or hidden and reported recently;
// - an index for the per-visitor rate limit: the visitor's messages of the last minute, counted on
//   the stored events (the web process has them at once; the message rows come with the worker).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE contacts ADD COLUMN web_presence text');
  await knex.raw('ALTER TABLE contacts ADD COLUMN web_presence_at timestamptz');
  await knex.raw(
    `CREATE INDEX webhook_events_webchat_idx ON webhook_events (team_id, (parsed->>'from'), received_at)
      WHERE provider = 'webchat'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS webhook_events_webchat_idx');
  await knex.raw('ALTER TABLE contacts DROP COLUMN web_presence_at');
  await knex.raw('ALTER TABLE contacts DROP COLUMN web_presence');
}
