import type { Knex } from 'knex';

// A ticket is the conversation: every message belongs to the customer's ticket (messages.ticket_id),
// and synchronous channels carry a chat state apart from the status (tickets.chat).
//
// Messages logged before this migration are attached to their customer's ticket: the open or
// pending one, else the most recent one. A customer who wrote to us but never had a ticket gets one
// (source 'message') holding that history. It is opened closed: the conversation is over, and an
// open ticket with clocks long past due would only raise a storm of RLA breaches; their next text
// opens a fresh ticket, as a text to any closed ticket does. Its 'created' event is marked with
// this migration, so that `down` can delete exactly the tickets it made.
const MARK = '20261130_0018_message_threads';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE tickets ADD COLUMN chat text NOT NULL DEFAULT 'active'`);
  await knex.raw(`ALTER TABLE tickets ADD CONSTRAINT tickets_chat_check CHECK (chat IN ('active','completed'))`);
  await knex.raw(`ALTER TABLE messages ADD COLUMN ticket_id text REFERENCES tickets(id) ON DELETE SET NULL`);
  // Paging one ticket's thread, oldest first.
  await knex.raw(`CREATE INDEX messages_ticket_thread_idx ON messages (ticket_id, created_at, id)`);

  // Customers who wrote to us and never had a ticket: one closed ticket each for their history,
  // numbered on from the team's sequence.
  await knex.raw(`
    CREATE TEMPORARY TABLE sb_0018_new_tickets AS
    SELECT m.team_id, m.customer, m.channel, m.first_at, m.last_at,
           row_number() OVER (PARTITION BY m.team_id ORDER BY m.first_at, m.customer) AS n
      FROM (SELECT team_id, from_address AS customer,
                   (array_agg(channel ORDER BY created_at))[1] AS channel,
                   min(created_at) AS first_at, max(created_at) AS last_at
              FROM messages WHERE direction = 'inbound' GROUP BY team_id, from_address) m
     WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.team_id = m.team_id AND t.customer = m.customer)`);
  await knex.raw(`
    INSERT INTO tickets (id, team_id, number, status, chat, priority, tags, subject, channel, source, customer,
                         resolved_at, last_activity_at, created_at, updated_at)
    SELECT gen_random_uuid()::text, n.team_id, teams.ticket_seq + n.n, 'closed', 'completed', 'normal', '[]',
           CASE teams.locale WHEN 'pl' THEN 'Wiadomość' WHEN 'ru' THEN 'Сообщение' ELSE 'Message' END,
           n.channel, 'message', n.customer, n.last_at, n.last_at, n.first_at, n.last_at
      FROM sb_0018_new_tickets n JOIN teams ON teams.id = n.team_id`);
  await knex.raw(`
    UPDATE teams SET ticket_seq = ticket_seq + c.count
      FROM (SELECT team_id, count(*) AS count FROM sb_0018_new_tickets GROUP BY team_id) c WHERE teams.id = c.team_id`);
  await knex.raw(
    `INSERT INTO ticket_events (id, ticket_id, type, actor, data, at)
     SELECT gen_random_uuid()::text, t.id, 'created', 'system', jsonb_build_object('source', 'message', 'migration', ?::text), t.created_at
       FROM tickets t JOIN sb_0018_new_tickets n ON n.team_id = t.team_id AND n.customer = t.customer`,
    [MARK],
  );
  await knex.raw('DROP TABLE sb_0018_new_tickets');

  // Every message with a customer: on their open or pending ticket, else their most recent one.
  await knex.raw(`
    UPDATE messages m SET ticket_id = (
      SELECT t.id FROM tickets t
       WHERE t.team_id = m.team_id AND t.customer = CASE m.direction WHEN 'inbound' THEN m.from_address ELSE m.to_address END
       ORDER BY (t.status IN ('open','pending')) DESC, t.last_activity_at DESC, t.created_at DESC
       LIMIT 1)
    WHERE m.ticket_id IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS messages_ticket_thread_idx');
  await knex.raw('ALTER TABLE messages DROP COLUMN ticket_id');
  await knex.raw(
    `DELETE FROM tickets WHERE id IN (SELECT ticket_id FROM ticket_events WHERE type = 'created' AND data->>'migration' = ?)`,
    [MARK],
  );
  await knex.raw('ALTER TABLE tickets DROP CONSTRAINT tickets_chat_check');
  await knex.raw('ALTER TABLE tickets DROP COLUMN chat');
}
