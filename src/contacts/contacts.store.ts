import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { InboundMessage, MessageChannel } from '../../channels/contract.js';

export interface Contact {
  readonly number: string;
  readonly profileName: string | null;
  readonly optedOut: boolean;
  readonly lastWhatsappInboundAt: Date | null;
}

export class ContactsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async get(teamId: string, number: string): Promise<Contact | null> {
    const [row] = await this.sql.query('SELECT * FROM contacts WHERE team_id = $1 AND number = $2', [teamId, number]);
    return row ? toContact(row) : null;
  }

  /**
   * Notes an inbound message in one statement (and so locks the contact row, see lockForReply),
   * with its message-log row when given: keeps the WhatsApp name, opens WhatsApp's 24-hour
   * window, applies a STOP (`optedOut: true`) or START (`false`), and returns the contact.
   */
  async recordInbound(
    teamId: string,
    number: string,
    input: { channel: MessageChannel; profileName: string | null; at: Date; optedOut?: boolean },
    /** The inbound message for the message log, written by the same statement. */
    logged?: { id: string; eventId: string; message: InboundMessage; receivedAt: Date },
  ): Promise<Contact> {
    const whatsappAt = input.channel === 'whatsapp' ? input.at : null;
    const optOutGiven = input.optedOut !== undefined;
    const optedOutAt = input.optedOut ? input.at : null;
    const m = logged?.message;
    const [row] = await this.sql.query(
      `WITH logged AS (
         INSERT INTO messages (id, team_id, direction, channel, from_address, to_address, body, media, status,
                               provider_message_id, event_id, created_by, created_at, updated_at)
         SELECT $8, $1, 'inbound', $9, $2, $10, $11, $12, 'received', $13, $14, 'customer', $15, $15 WHERE $8::text IS NOT NULL
         ON CONFLICT DO NOTHING
       )
       INSERT INTO contacts (team_id, number, profile_name, last_inbound_at, last_whatsapp_inbound_at, opted_out_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $4, $4)
       ON CONFLICT (team_id, number) DO UPDATE SET
         profile_name = COALESCE(EXCLUDED.profile_name, contacts.profile_name),
         last_inbound_at = EXCLUDED.last_inbound_at,
         last_whatsapp_inbound_at = COALESCE(EXCLUDED.last_whatsapp_inbound_at, contacts.last_whatsapp_inbound_at),
         opted_out_at = CASE WHEN $7 THEN EXCLUDED.opted_out_at ELSE contacts.opted_out_at END,
         updated_at = EXCLUDED.updated_at
       RETURNING number, profile_name, opted_out_at, last_whatsapp_inbound_at`,
      [
        teamId,
        number,
        input.profileName,
        input.at,
        whatsappAt,
        optedOutAt,
        optOutGiven,
        logged?.id ?? null,
        m?.channel ?? null,
        m?.to ?? null,
        m?.body ?? null,
        m ? JSON.stringify(m.media) : null,
        m?.providerMessageId ?? null,
        logged?.eventId ?? null,
        logged?.receivedAt ?? null,
      ],
    );
    return toContact(row!);
  }

  /**
   * Locks the customer's contact row (creating it) until the transaction ends and returns it:
   * reply decisions for one customer serialize on this row.
   */
  async lockForReply(teamId: string, number: string): Promise<Contact> {
    const [row] = await this.sql.query(
      `INSERT INTO contacts (team_id, number) VALUES ($1, $2)
       ON CONFLICT (team_id, number) DO UPDATE SET updated_at = contacts.updated_at
       RETURNING number, profile_name, opted_out_at, last_whatsapp_inbound_at`,
      [teamId, number],
    );
    return toContact(row!);
  }

  async setOptedOut(teamId: string, number: string, optedOut: boolean, at: Date): Promise<void> {
    const changes = { opted_out_at: optedOut ? at : null, updated_at: at };
    await this.db('contacts')
      .insert({ team_id: teamId, number, ...changes })
      .onConflict(['team_id', 'number'])
      .merge(changes);
  }
}

function toContact(row: Record<string, unknown>): Contact {
  return {
    number: row.number as string,
    profileName: (row.profile_name as string | null) ?? null,
    optedOut: row.opted_out_at != null,
    lastWhatsappInboundAt: row.last_whatsapp_inbound_at ? new Date(row.last_whatsapp_inbound_at as string) : null,
  };
}
