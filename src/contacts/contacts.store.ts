import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { MessageChannel } from '../../channels/contract.js';

export interface Contact {
  readonly number: string;
  readonly profileName: string | null;
  readonly optedOut: boolean;
  readonly lastWhatsappInboundAt: Date | null;
}

export class ContactsStore {
  constructor(private readonly db: Db | Knex.Transaction) {}

  async get(teamId: string, number: string): Promise<Contact | null> {
    const row = await this.db('contacts').where({ team_id: teamId, number }).first();
    return row ? toContact(row) : null;
  }

  /**
   * Notes an inbound message in one statement: keeps the WhatsApp name, opens WhatsApp's 24-hour
   * window, applies a STOP (`optedOut: true`) or START (`false`), and returns the contact.
   */
  async recordInbound(
    teamId: string,
    number: string,
    input: { channel: MessageChannel; profileName: string | null; at: Date; optedOut?: boolean },
  ): Promise<Contact> {
    const changes: Record<string, unknown> = { last_inbound_at: input.at, updated_at: input.at };
    if (input.profileName) changes.profile_name = input.profileName;
    if (input.channel === 'whatsapp') changes.last_whatsapp_inbound_at = input.at;
    if (input.optedOut !== undefined) changes.opted_out_at = input.optedOut ? input.at : null;
    const [row] = await this.db('contacts')
      .insert({ team_id: teamId, number, ...changes })
      .onConflict(['team_id', 'number'])
      .merge(changes)
      .returning(['number', 'profile_name', 'opted_out_at', 'last_whatsapp_inbound_at']);
    return toContact(row);
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
