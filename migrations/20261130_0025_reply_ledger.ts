import type { Knex } from 'knex';

// The reply ledger's guards:
// - messages.send_after: a proactive automated message decided during the customer's quiet hours
//   is stored queued and held until then; the claim refuses it before, the sweeper sends it after
//   (so a hold survives restarts: it is only a row);
// - reply_decisions.send_after: the decision log says when a held message will go;
// - an index for "what did we send this customer automatically lately" (the hourly limit and the
//   auto-responder signal). "When did an agent last write on this ticket" reads the thread's index.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE messages ADD COLUMN send_after timestamptz');
  await knex.raw('ALTER TABLE reply_decisions ADD COLUMN send_after timestamptz');
  await knex.raw(
    `CREATE INDEX messages_automated_to_idx ON messages (team_id, to_address, created_at DESC)
      WHERE direction = 'outbound' AND created_by = 'auto-reply'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS messages_automated_to_idx');
  await knex.raw('ALTER TABLE reply_decisions DROP COLUMN send_after');
  await knex.raw('ALTER TABLE messages DROP COLUMN send_after');
}
