import crypto from 'node:crypto';
import { joinAddresses, type NewNotification, type NotificationPriority } from './notification.js';
import type { NotificationsStore } from './notifications.store.js';

/**
 * Where a team wants an email about an event; the caller reads it from the team's settings. (Its
 * webhook hears through subscriptions: src/team-events, one delivery per event and subscription.)
 */
export interface NotificationSettings {
  readonly emails: readonly string[];
}

export interface TeamNotification {
  readonly teamId: string;
  /** Dotted event name, e.g. `rla.breach`. */
  readonly event: string;
  readonly subject: string;
  /** The plain-text body of the email. */
  readonly text: string;
  /** Machine-readable details, kept with the row. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Same key, same team → notified once, however often the caller runs. */
  readonly dedupeKey: string;
  readonly settings: NotificationSettings;
  /** `high`: the email goes with `X-Priority: 1` and `Importance: high`; default normal. */
  readonly priority?: NotificationPriority;
}

/**
 * Stores the email a team is to get, when it has addresses. Runs in the caller's transaction;
 * returns the id inserted now (none when the key was seen before), which the caller hands to
 * NotificationDispatcher.dispatch after the commit.
 */
export async function planTeamNotification(
  stores: { readonly notifications: NotificationsStore },
  n: TeamNotification,
): Promise<string[]> {
  const emails = [...new Set(n.settings.emails.map((e) => e.trim()).filter(Boolean))];
  if (emails.length === 0) return [];
  const row: NewNotification = {
    id: crypto.randomUUID(),
    teamId: n.teamId,
    channel: 'email',
    target: joinAddresses(emails),
    event: n.event,
    subject: n.subject,
    body: n.text,
    payload: n.payload,
    dedupeKey: n.dedupeKey,
    priority: n.priority ?? 'normal',
  };
  return (await stores.notifications.insertOnce(row)) ? [row.id] : [];
}
