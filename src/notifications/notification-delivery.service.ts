import { ChannelError, type EmailSender, type WebhookPoster } from '../../channels/contract.js';
import type { Clock } from '../clock.js';
import type { NotificationsStore } from './notifications.store.js';
import type { TeamSecretsStore } from '../secrets/team-secrets.store.js';
import type { WebhookSubscriptionsStore } from '../team-events/webhook-subscriptions.store.js';
import type { Logger } from '../logger.js';
import { RetryableJobError } from '../job-errors.js';
import { splitAddresses, type Notification } from './notification.js';
import { webhookPost } from './webhook-request.js';

/** The stores this module reads and writes. */
export interface NotificationDeliveryStores {
  readonly notifications: NotificationsStore;
  readonly teamSecrets: TeamSecretsStore;
  readonly webhookSubscriptions: WebhookSubscriptionsStore;
}

/** A worker that holds a notification longer than this is presumed dead (a webhook try takes 5 s at most). */
export const NOTIFICATION_LEASE_MS = 60_000;

export interface NotificationSenders {
  readonly email: EmailSender;
  /** null in sandbox mode: webhook notifications are recorded, not posted. */
  readonly webhook: WebhookPoster | null;
}

export type NotificationOutcome = 'sent' | 'recorded' | 'failed' | 'skipped';

/** Why a notification is given up without a try; stored as `<code>: <message>`. */
const NO_WEBHOOK_SECRET =
  'no_webhook_secret: the team has no webhook secret; create one with POST /api/teams/:team/notifications/webhook-secret';

/** Delivers one stored notification: sent, recorded or failed, and retried with backoff when worth it. */
export class NotificationDeliveryService {
  constructor(
    /** Every write here is one statement: no transaction needed. */
    private readonly stores: NotificationDeliveryStores,
    private readonly senders: NotificationSenders,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Tries per notification, counted in Postgres across queue jobs and sweeps. */
    private readonly maxAttempts: number,
  ) {}

  /** Settles the notification or throws RetryableJobError when another try is due later. */
  async deliver(notificationId: string): Promise<NotificationOutcome> {
    // Already settled, or another worker is on it: nothing to do here.
    const n = await this.stores.notifications.recordAttempt(notificationId, NOTIFICATION_LEASE_MS);
    if (!n) return 'skipped';
    try {
      return n.channel === 'email' ? await this.sendEmail(n) : await this.postWebhook(n);
    } catch (err) {
      return this.recordFailure(n, err);
    }
  }

  private async sendEmail(n: Notification): Promise<NotificationOutcome> {
    const { delivered } = await this.senders.email.send({
      to: splitAddresses(n.target),
      subject: n.subject,
      text: n.body,
      ...(n.priority === 'high' ? { priority: 'high' as const } : {}),
    });
    return this.settle(n, delivered);
  }

  private async postWebhook(n: Notification): Promise<NotificationOutcome> {
    // A subscription made through /webhooks signs with its own secret; the team settings' one
    // (and a row from before subscriptions) with the team's notification secret.
    const secret =
      (n.subscriptionId ? await this.stores.webhookSubscriptions.secretOf(n.subscriptionId) : null) ??
      (await this.stores.teamSecrets.secretOf(n.teamId, 'notification_webhook'));
    // Unsigned posts would teach receivers to skip the check: never send one.
    if (!secret) {
      await this.stores.notifications.markFailed(n.id, NO_WEBHOOK_SECRET);
      this.log.info({ notificationId: n.id, teamId: n.teamId }, 'webhook notification failed: no secret');
      return 'failed';
    }
    if (!this.senders.webhook) return this.settle(n, false);
    const { status } = await this.senders.webhook.post(webhookPost(n, secret, this.clock()));
    return this.settle(n, true, status);
  }

  private async settle(
    n: Notification,
    delivered: boolean,
    status: number | null = null,
  ): Promise<NotificationOutcome> {
    if (delivered) await this.stores.notifications.markSent(n.id, this.clock(), status);
    else await this.stores.notifications.markRecorded(n.id, this.clock());
    return delivered ? 'sent' : 'recorded';
  }

  private async recordFailure(n: Notification, err: unknown): Promise<NotificationOutcome> {
    const channelError = err instanceof ChannelError ? err : null;
    const reason = `${channelError?.code ?? 'error'}: ${err instanceof Error ? err.message : String(err)}`;
    const status = answeredStatus(channelError);
    if (channelError && !channelError.retryable) {
      await this.stores.notifications.markFailed(n.id, reason, status);
      this.log.info({ notificationId: n.id, reason }, 'notification failed permanently');
      return 'failed';
    }
    if (n.attempts >= this.maxAttempts) {
      await this.stores.notifications.markFailed(n.id, reason, status);
      this.log.warn({ notificationId: n.id, reason, attempts: n.attempts }, 'notification failed after the last try');
      return 'failed';
    }
    await this.stores.notifications.releaseForRetry(n.id, reason, status);
    throw new RetryableJobError(
      `notification ${n.id} will be retried: ${reason}`,
      channelError?.retryAfterMs ?? null,
      n.attempts,
    );
  }
}

/** The status an endpoint answered with (the poster's `http_<status>` code), or null: it did not answer. */
export function answeredStatus(err: ChannelError | null): number | null {
  const match = /^http_(\d{3})$/.exec(err?.code ?? '');
  return match ? Number(match[1]) : null;
}
