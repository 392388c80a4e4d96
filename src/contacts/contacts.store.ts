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

/** Who a customer is, as far as they told us (a form of the after-hours conversation), and whether they are a lead. */
export interface ContactCard {
  readonly name: string | null;
  readonly email: string | null;
  /** `lead` once a form made them one; null for a customer we only know by number. */
  readonly leadStatus: 'lead' | null;
  /** Where they became a lead: `after_hours_flow:<path>`. */
  readonly leadSource: string | null;
  /** A web chat visitor: what their widget last reported (open, hidden, closed), and when. */
  readonly webPresence: string | null;
  readonly webPresenceAt: Date | null;
}

export function contactCardOf(row: Record<string, unknown>): ContactCard {
  return {
    name: (row.name as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    leadStatus: (row.lead_status as 'lead' | null) ?? null,
    leadSource: (row.lead_source as string | null) ?? null,
    webPresence: (row.web_presence as string | null) ?? null,
    webPresenceAt: row.web_presence_at ? new Date(row.web_presence_at as string) : null,
  };
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
  /** What the customer said of themselves; a lead from `source` unless they already were one (the first source stays). */
  async recordLead(
    teamId: string,
    number: string,
    card: { name: string | null; email: string | null; source: string },
  ): Promise<void> {
    await this.sql.query(
      `UPDATE contacts SET name = COALESCE($3, name), email = COALESCE($4, email),
              lead_status = COALESCE(lead_status, 'lead'), lead_source = COALESCE(lead_source, $5), updated_at = now()
        WHERE team_id = $1 AND number = $2`,
      [teamId, number, card.name, card.email, card.source],
    );
  }

  /** What the visitor's chat widget last reported: open, hidden or closed. */
  async setWebPresence(teamId: string, address: string, state: string, at: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO contacts (team_id, number, web_presence, web_presence_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (team_id, number) DO UPDATE SET web_presence = $3, web_presence_at = $4`,
      [teamId, address, state, at],
    );
  }

  /** The contact and its card from one read (a ticket's view needs both). */
  async getWithCard(teamId: string, number: string): Promise<{ contact: Contact; card: ContactCard } | null> {
    const [row] = await this.sql.query('SELECT * FROM contacts WHERE team_id = $1 AND number = $2', [teamId, number]);
    return row ? { contact: toContact(row), card: contactCardOf(row) } : null;
  }

  /** The customer's card (name, email, lead), or null when the team never heard from them. */
  async card(teamId: string, number: string): Promise<ContactCard | null> {
    const [row] = await this.sql.query(
      'SELECT name, email, lead_status, lead_source, web_presence, web_presence_at FROM contacts WHERE team_id = $1 AND number = $2',
      [teamId, number],
    );
    return row ? contactCardOf(row) : null;
  }

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
