/** How a team is told: an email to its list, or a signed POST to its own endpoint. */
export const NOTIFICATION_CHANNELS = ['email', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * `recorded`: handled without sending (sandbox, or email with no SMTP_URL).
 * `failed`: given up, with the reason in `lastError`.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'recorded', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface Notification {
  readonly id: string;
  readonly teamId: string;
  readonly channel: NotificationChannel;
  /** Comma-separated addresses for email; the URL for a webhook. */
  readonly target: string;
  /** What happened, dotted: `rla.breach`, `ticket.created` … */
  readonly event: string;
  readonly subject: string;
  readonly body: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly dedupeKey: string;
  /** Email only: `high` sends it with the high-priority headers (an urgent page); absent is normal. */
  readonly priority?: NotificationPriority;
  readonly status: NotificationStatus;
  readonly attempts: number;
  /** `<code>: <message>` of the last failed try, e.g. `no_webhook_secret: …`. */
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  /** A webhook delivery of a team event to a subscription (src/team-events); null for the others. */
  readonly subscriptionId: string | null;
  readonly eventId: string | null;
  /** When the event happened (a delivery's body says so); null for the others. */
  readonly eventAt: Date | null;
  /** The HTTP status the endpoint answered the last try with; null when it did not answer. */
  readonly responseStatus: number | null;
}

export type NotificationPriority = 'normal' | 'high';

export type NewNotification = Pick<
  Notification,
  'id' | 'teamId' | 'channel' | 'target' | 'event' | 'subject' | 'body' | 'payload' | 'dedupeKey' | 'priority'
>;

/** Email targets are stored joined; the sender gets them back as a list. */
export const joinAddresses = (addresses: readonly string[]): string => addresses.join(',');
export const splitAddresses = (target: string): string[] =>
  target
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
