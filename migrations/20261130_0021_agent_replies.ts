import type { Knex } from 'knex';

// Agents reply on the ticket, WhatsApp templates and read receipts:
// - messages.content: the approved WhatsApp template a message was sent as ({sid, variables}),
//   kept on the row so that every retry sends exactly the same;
// - messages.read_at: when WhatsApp reported the customer read it;
// - auto_replies.whatsapp_templates: per kind, the template to send by locale outside the 24-hour
//   window (auto_replies already raises the team's config version, migration 0017);
// - an index for "what did this customer last write to the team, to which number".
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE messages ADD COLUMN content jsonb');
  await knex.raw('ALTER TABLE messages ADD COLUMN read_at timestamptz');
  // Before this column the read time was the last status change, and "read" is the last status.
  await knex.raw(`UPDATE messages SET read_at = updated_at WHERE status = 'read'`);
  await knex.raw('ALTER TABLE auto_replies ADD COLUMN whatsapp_templates jsonb');
  await knex.raw(
    `CREATE INDEX messages_customer_inbound_idx ON messages (team_id, from_address, created_at DESC) WHERE direction = 'inbound'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS messages_customer_inbound_idx');
  await knex.raw('ALTER TABLE auto_replies DROP COLUMN whatsapp_templates');
  await knex.raw('ALTER TABLE messages DROP COLUMN read_at');
  await knex.raw('ALTER TABLE messages DROP COLUMN content');
}
