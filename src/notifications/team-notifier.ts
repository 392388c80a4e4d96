import crypto from 'node:crypto';
import { joinAddresses, type NewNotification } from './notification.js';
import type { NotificationsStore } from './notifications.store.js';

/** Where a team wants to hear about an event; the caller reads it from the team's settings. */
export interface NotificationSettings {
  readonly emails: readonly string[];
  readonly webhookUrl: string | null;
}

export interface TeamNotification {
  readonly teamId: string;
  /** Dotted event name, e.g. `rla.breach`; sent as X-Switchboard-Event. */
  readonly event: string;
  readonly subject: string;
  /** The plain-text body of the email; `text` in the webhook's JSON. */
  readonly text: string;
  /** Machine-readable details; `data` in the webhook's JSON. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Same key, same team → notified once per channel, however often the caller runs. */
  readonly dedupeKey: string;
  readonly settings: NotificationSettings;
}

/**
 * Stores what a team is to be told: one email row when it has addresses, one webhook row when it
 * has a URL. Runs in the caller's transaction; returns the ids inserted now (none when the key was
 * seen before), which the caller hands to NotificationDispatcher.dispatch after the commit.
 */
export async function planTeamNotification(
  stores: { readonly notifications: NotificationsStore },
  n: TeamNotification,
): Promise<string[]> {
  const emails = [...new Set(n.settings.emails.map((e) => e.trim()).filter(Boolean))];
  const webhookUrl = n.settings.webhookUrl?.trim() || null;
  const common = {
    teamId: n.teamId,
    event: n.event,
    subject: n.subject,
    body: n.text,
    payload: n.payload,
    dedupeKey: n.dedupeKey,
  };
  const rows: NewNotification[] = [];
  if (emails.length > 0)
    rows.push({ ...common, id: crypto.randomUUID(), channel: 'email', target: joinAddresses(emails) });
  if (webhookUrl) rows.push({ ...common, id: crypto.randomUUID(), channel: 'webhook', target: webhookUrl });
  const inserted: string[] = [];
  for (const row of rows) if (await stores.notifications.insertOnce(row)) inserted.push(row.id);
  return inserted;
}
