import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per fallback of a ticket's unread agent replies: sent (SMS, WhatsApp template, email)
  // or skipped with its reason. The replies it covers point at it (messages.unread_fallback_id),
  // written in the same transaction, so a committed fallback is never repeated.
  await knex.schema.createTable('unread_fallbacks', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('action').notNullable(); // send | skip
    t.text('channel'); // whatsapp_template | sms | email; null for a skip
    t.text('reason').notNullable();
    t.text('target');
    t.text('message_id');
    t.text('notification_id');
    t.jsonb('reply_ids').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.raw('CREATE INDEX unread_fallbacks_ticket_idx ON unread_fallbacks (ticket_id, created_at)');
  await knex.raw('ALTER TABLE messages ADD COLUMN unread_fallback_id text');
  // Set on a ticket's due replies while the customer's quiet hours hold the fallback: not claimed before it.
  await knex.raw('ALTER TABLE messages ADD COLUMN unread_fallback_after timestamptz');
  // Replies sent before the fallback existed are not sent again on deploy: within the scan's reach
  // (afterSeconds ≤ a day, plus a day's lookback) they are marked covered by no fallback row.
  await knex.raw(
    `UPDATE messages SET unread_fallback_id = 'before_0031'
      WHERE direction = 'outbound' AND ticket_id IS NOT NULL AND read_at IS NULL AND created_by <> 'auto-reply'
        AND created_at > now() - interval '2 days'`,
  );
  // The scan's index: agents' replies on a ticket not yet read nor covered, by age.
  await knex.raw(
    `CREATE INDEX messages_unread_replies_idx ON messages (created_at)
      WHERE direction = 'outbound' AND ticket_id IS NOT NULL AND read_at IS NULL AND unread_fallback_id IS NULL
        AND created_by <> 'auto-reply'`,
  );
  await knex.raw(
    `CREATE INDEX messages_ticket_unread_idx ON messages (ticket_id, created_at)
      WHERE direction = 'outbound' AND read_at IS NULL AND unread_fallback_id IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS messages_ticket_unread_idx');
  await knex.raw('DROP INDEX IF EXISTS messages_unread_replies_idx');
  await knex.raw('ALTER TABLE messages DROP COLUMN unread_fallback_after');
  await knex.raw('ALTER TABLE messages DROP COLUMN unread_fallback_id');
  await knex.schema.dropTable('unread_fallbacks');
}
