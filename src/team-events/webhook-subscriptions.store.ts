import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import {
  SETTINGS_WEBHOOK_EVENTS,
  type NewWebhookSubscription,
  type WebhookSubscription,
} from './webhook-subscription.js';

interface SubscriptionRow {
  id: string;
  team_id: string;
  url: string;
  events: string[];
  managed_by: 'team_settings' | null;
  created_at: Date | string;
}

const COLUMNS = 'id, team_id, url, events, managed_by, created_at';

/** Who hears about a team's events. The secret is written once and read only to sign a post. */
export class WebhookSubscriptionsStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async insert(s: NewWebhookSubscription): Promise<WebhookSubscription> {
    const [row] = await this.sql.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (id, team_id, url, events, secret, created_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${COLUMNS}`,
      [s.id, s.teamId, s.url, [...s.events], s.secret, s.createdAt],
    );
    return toSubscription(row!);
  }

  /** The team's subscriptions, oldest first. */
  async list(teamId: string): Promise<WebhookSubscription[]> {
    const rows = await this.sql.query<SubscriptionRow>(
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE team_id = $1 ORDER BY created_at, id`,
      [teamId],
    );
    return rows.map(toSubscription);
  }

  async get(teamId: string, id: string): Promise<WebhookSubscription | null> {
    const [row] = await this.sql.query<SubscriptionRow>(
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE team_id = $1 AND id = $2`,
      [teamId, id],
    );
    return row ? toSubscription(row) : null;
  }

  /** Pending deliveries go with it (ON DELETE CASCADE): a queued job then finds nothing to send. */
  async delete(teamId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query('DELETE FROM webhook_subscriptions WHERE team_id = $1 AND id = $2 RETURNING id', [
      teamId,
      id,
    ]);
    return rows.length > 0;
  }

  /** The subscription's own signing secret; null for the one the team settings manage. */
  async secretOf(id: string): Promise<string | null> {
    const [row] = await this.sql.query<{ secret: string | null }>(
      'SELECT secret FROM webhook_subscriptions WHERE id = $1',
      [id],
    );
    return row?.secret ?? null;
  }

  /**
   * Points the team settings' subscription at `url` (to the RLA events it always had), or removes
   * it when `url` is null. Its deliveries so far stay with it while it exists.
   */
  async setSettingsWebhook(teamId: string, url: string | null): Promise<void> {
    if (!url) {
      await this.sql.query(`DELETE FROM webhook_subscriptions WHERE team_id = $1 AND managed_by = 'team_settings'`, [
        teamId,
      ]);
      return;
    }
    await this.sql.query(
      `INSERT INTO webhook_subscriptions (id, team_id, url, events, secret, managed_by)
       VALUES ($1, $2, $3, $4::text[], NULL, 'team_settings')
       ON CONFLICT (team_id) WHERE managed_by IS NOT NULL DO UPDATE SET url = EXCLUDED.url`,
      [crypto.randomUUID(), teamId, url, [...SETTINGS_WEBHOOK_EVENTS]],
    );
  }
}

function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    teamId: row.team_id,
    url: row.url,
    events: row.events,
    managedBy: row.managed_by,
    createdAt: new Date(row.created_at),
  };
}
