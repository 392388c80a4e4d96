import type { Knex } from 'knex';

// The inbox list: tickets ordered by their last message, with the team's unread count, fast at
// 100,000 tickets a team.
//
// tickets.last_message_at is the time of the ticket's last message (when it opened, while it has
// none); tickets.unread_count counts the customer's messages since an agent last opened the
// thread (tickets.read_at). Both are written by the statement that adds the message, so that the
// list reads them off the row. Existing tickets: last_message_at from their messages; unread the
// customer's messages after the last reply on tickets still open or pending (history on closed
// tickets is not news to anyone).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE tickets ADD COLUMN last_message_at timestamptz`);
  await knex.raw(`ALTER TABLE tickets ADD COLUMN unread_count integer NOT NULL DEFAULT 0`);
  await knex.raw(`ALTER TABLE tickets ADD COLUMN read_at timestamptz`);
  await knex.raw(`
    UPDATE tickets t SET last_message_at = GREATEST(t.created_at, m.last_at)
      FROM (SELECT ticket_id, max(created_at) AS last_at FROM messages WHERE ticket_id IS NOT NULL GROUP BY ticket_id) m
     WHERE m.ticket_id = t.id`);
  await knex.raw(`UPDATE tickets SET last_message_at = created_at WHERE last_message_at IS NULL`);
  await knex.raw(`
    UPDATE tickets t SET unread_count = u.count
      FROM (SELECT i.ticket_id, count(*) AS count FROM messages i
             WHERE i.direction = 'inbound' AND i.ticket_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.ticket_id = i.ticket_id
                                  AND o.direction = 'outbound' AND o.created_at >= i.created_at)
             GROUP BY i.ticket_id) u
     WHERE u.ticket_id = t.id AND t.status <> 'closed'`);
  await knex.raw(`ALTER TABLE tickets ALTER COLUMN last_message_at SET NOT NULL`);
  await knex.raw(`ALTER TABLE tickets ALTER COLUMN last_message_at SET DEFAULT now()`);

  // One index per view, each in the list's order (last message, then number: unique in a team),
  // so that a first page reads its 50 rows off the index instead of sorting the team's tickets.
  await knex.raw(`CREATE INDEX tickets_inbox_all_idx ON tickets (team_id, last_message_at DESC, number DESC)`);
  await knex.raw(
    `CREATE INDEX tickets_inbox_new_idx ON tickets (team_id, last_message_at DESC, number DESC)
      WHERE assignee_id IS NULL AND chat = 'active' AND status <> 'closed'`,
  );
  // "mine" and ?assigneeId=: an assignee is of one team. Also spares a scan when a user is deleted (SET NULL).
  await knex.raw(
    `CREATE INDEX tickets_inbox_assignee_idx ON tickets (assignee_id, last_message_at DESC, number DESC)
      WHERE assignee_id IS NOT NULL`,
  );
  // ?groupId=: replaces tickets_group_idx, which served only the group's deletion (this one does too).
  await knex.raw(
    `CREATE INDEX tickets_inbox_group_idx ON tickets (group_id, last_message_at DESC, number DESC)
      WHERE group_id IS NOT NULL`,
  );
  await knex.raw(`DROP INDEX tickets_group_idx`);
  // Nothing lists tickets by creation any more. Every index costs each inbound text an entry (the
  // text moves last_message_at, so its update is never HOT): the inbox adds no more than it needs,
  // and a status or channel filter reads the view's index and skips what does not match.
  await knex.raw(`DROP INDEX tickets_team_idx`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX tickets_team_idx ON tickets (team_id, created_at DESC)`);
  await knex.raw(`CREATE INDEX tickets_group_idx ON tickets (group_id) WHERE group_id IS NOT NULL`);
  for (const index of ['all', 'new', 'assignee', 'group']) await knex.raw(`DROP INDEX tickets_inbox_${index}_idx`);
  await knex.raw(`ALTER TABLE tickets DROP COLUMN read_at`);
  await knex.raw(`ALTER TABLE tickets DROP COLUMN unread_count`);
  await knex.raw(`ALTER TABLE tickets DROP COLUMN last_message_at`);
}
