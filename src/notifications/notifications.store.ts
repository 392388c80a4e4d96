import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type {
  NewNotification,
  Notification,
  NotificationChannel,
  NotificationPriority,
  NotificationStatus,
} from './notification.js';

interface NotificationRow {
  id: string;
  team_id: string;
  channel: NotificationChannel;
  target: string;
  event: string;
  subject: string;
  body: string;
  payload: Record<string, unknown> | string | null;
  dedupe_key: string;
  priority: NotificationPriority | null;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  leased_until: Date | string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
  subscription_id: string | null;
  event_id: string | null;
  response_status: number | null;
  /** The event's time, joined from team_events for a delivery. */
  event_at: Date | string | null;
}

/** A notification with, for a delivery of a team event, the event's time (its body's `createdAt`). */
const SELECT_NOTIFICATIONS = `SELECT n.*, e.created_at AS event_at FROM notifications n LEFT JOIN team_events e ON e.id = n.event_id`;

export interface DeliveryPage {
  readonly limit: number;
  /** The id of the last delivery of the previous page: the next page is older. */
  readonly before: string | null;
}

/** Notifications to teams: inserted once per key, then taken, sent and settled by the worker. */
export class NotificationsStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** Returns false when this team already has a notification on this channel with this key. */
  async insertOnce(n: NewNotification): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO notifications (id, team_id, channel, target, event, subject, body, payload, dedupe_key, priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
       ON CONFLICT (team_id, channel, dedupe_key) DO NOTHING RETURNING id`,
      [
        n.id,
        n.teamId,
        n.channel,
        n.target,
        n.event,
        n.subject,
        n.body,
        JSON.stringify(n.payload),
        n.dedupeKey,
        n.priority ?? 'normal',
      ],
    );
    return rows.length > 0;
  }

  async get(id: string): Promise<Notification | null> {
    const [row] = await this.sql.query<NotificationRow>(`${SELECT_NOTIFICATIONS} WHERE n.id = $1`, [id]);
    return row ? toNotification(row) : null;
  }

  /**
   * Counts a try and holds the pending row for `leaseMs`, in one statement. Null when it is no
   * longer pending, or another worker holds it: a worker that died mid-send lets go when the lease ends.
   */
  async recordAttempt(id: string, leaseMs: number): Promise<Notification | null> {
    const [row] = await this.sql.query<NotificationRow>(
      `WITH n AS (UPDATE notifications SET attempts = attempts + 1, leased_until = now() + ($2::int * interval '1 millisecond')
                   WHERE id = $1 AND status = 'pending' AND (leased_until IS NULL OR leased_until < now())
                   RETURNING *)
       SELECT n.*, e.created_at AS event_at FROM n LEFT JOIN team_events e ON e.id = n.event_id`,
      [id, leaseMs],
    );
    return row ? toNotification(row) : null;
  }

  /** Lets the next try take the row at once, noting why this one failed. */
  async releaseForRetry(id: string, error: string, responseStatus: number | null = null): Promise<void> {
    await this.sql.query(
      `UPDATE notifications SET leased_until = NULL, last_error = $2, response_status = $3 WHERE id = $1 AND status = 'pending'`,
      [id, error, responseStatus],
    );
  }

  async markSent(id: string, at: Date, responseStatus: number | null = null): Promise<void> {
    await this.settle(id, 'sent', at, null, responseStatus);
  }

  async markRecorded(id: string, at: Date): Promise<void> {
    await this.settle(id, 'recorded', at, null, null);
  }

  async markFailed(id: string, error: string, responseStatus: number | null = null): Promise<void> {
    await this.settle(id, 'failed', null, error, responseStatus);
  }

  /**
   * Takes up to `limit` webhook deliveries that no queue was handed yet, oldest first, and notes
   * that they are handed now. SKIP LOCKED: workers relaying at once take different rows.
   */
  async claimUnrelayed(limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE notifications SET relayed_at = now()
        WHERE id IN (SELECT id FROM notifications
                      WHERE relayed_at IS NULL AND event_id IS NOT NULL AND status = 'pending'
                      ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** A subscription's deliveries, newest first, a page at a time. */
  async listDeliveries(subscriptionId: string, page: DeliveryPage): Promise<Notification[]> {
    const rows = await this.sql.query<NotificationRow>(
      `${SELECT_NOTIFICATIONS}
        WHERE n.subscription_id = $1
          AND ($2::text IS NULL OR (n.created_at, n.id) < (SELECT created_at, id FROM notifications WHERE id = $2))
        ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
      [subscriptionId, page.before, page.limit],
    );
    return rows.map(toNotification);
  }

  /** The team's notifications, newest first. */
  async listForTeam(teamId: string, opts: { limit: number }): Promise<Notification[]> {
    const rows = await this.sql.query<NotificationRow>(
      `${SELECT_NOTIFICATIONS} WHERE n.team_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      [teamId, opts.limit],
    );
    return rows.map(toNotification);
  }

  /** Pending notifications older than `olderThanMs` that no worker holds: the sweeper enqueues them again. */
  async listStalePending(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT id FROM notifications
        WHERE status = 'pending' AND created_at < $1 AND (leased_until IS NULL OR leased_until < now())
        ORDER BY created_at LIMIT $2`,
      [new Date(Date.now() - olderThanMs), limit],
    );
    return rows.map((r) => r.id);
  }

  private async settle(
    id: string,
    status: NotificationStatus,
    sentAt: Date | null,
    error: string | null,
    responseStatus: number | null,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE notifications SET status = $2, sent_at = $3, last_error = COALESCE($4, last_error), leased_until = NULL,
              response_status = $5
        WHERE id = $1 AND status = 'pending'`,
      [id, status, sentAt, error, responseStatus],
    );
  }
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    teamId: row.team_id,
    channel: row.channel,
    target: row.target,
    event: row.event,
    subject: row.subject,
    body: row.body,
    payload:
      typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : (row.payload ?? {}),
    dedupeKey: row.dedupe_key,
    priority: row.priority ?? 'normal',
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    responseStatus: row.response_status,
    eventAt: row.event_at ? new Date(row.event_at) : null,
  };
}
