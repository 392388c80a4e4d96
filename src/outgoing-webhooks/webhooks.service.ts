import crypto from 'node:crypto';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Notification } from '../notifications/notification.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import { generateSecret, SECRET_PURPOSES } from '../secrets/secret-purpose.js';
import type { WebhookSubscription } from '../team-events/webhook-subscription.js';
import type { WebhookSubscriptionsStore } from '../team-events/webhook-subscriptions.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { DeliveriesQuery, WebhookCreate } from './webhook.schema.js';

/** The stores this module reads and writes. */
export interface WebhooksServiceStores {
  readonly audit: AuditStore;
  readonly notifications: NotificationsStore;
  readonly teams: TeamsStore;
  readonly webhookSubscriptions: WebhookSubscriptionsStore;
}

/** Outgoing webhooks: a team's subscriptions to its events, and how their deliveries went. */
export class WebhooksService {
  constructor(
    private readonly transact: Transact<WebhooksServiceStores>,
    private readonly clock: Clock,
  ) {}

  /** Returns the subscription with its secret: the only time the secret is shown. */
  async create(
    principal: Principal,
    teamId: string,
    input: WebhookCreate,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    // Endpoints and secrets are the team's own: managers only, here and below.
    assertTeamAccess(principal, teamId, 'manager');
    const secret = generateSecret(SECRET_PURPOSES.notification_webhook.prefix);
    return this.transact(async (s) => {
      await this.assertTeam(s, teamId);
      const subscription = await s.webhookSubscriptions.insert({
        id: crypto.randomUUID(),
        teamId,
        url: input.url,
        events: input.events,
        secret,
        createdAt: this.clock(),
      });
      // The secret never goes into the audit log: only where and what.
      await s.audit.record({
        teamId,
        actor: principalLabel(principal),
        action: 'webhook.created',
        subject: `webhook:${subscription.id}`,
        before: null,
        after: { url: subscription.url, events: subscription.events },
      });
      return { subscription, secret };
    });
  }

  async list(principal: Principal, teamId: string): Promise<WebhookSubscription[]> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      await this.assertTeam(s, teamId);
      return s.webhookSubscriptions.list(teamId);
    });
  }

  async delete(principal: Principal, teamId: string, id: string): Promise<void> {
    assertTeamAccess(principal, teamId, 'manager');
    await this.transact(async (s) => {
      const subscription = await this.subscription(s, teamId, id);
      // Removing it here would leave the settings saying otherwise: the settings own it.
      if (subscription.managedBy)
        throw new ConflictError(
          `this webhook is the team settings' webhookUrl; remove it with PATCH /api/teams/${teamId} {"notifications": {"webhookUrl": null}}`,
          'managed_by_team_settings',
        );
      await s.webhookSubscriptions.delete(teamId, id);
      await s.audit.record({
        teamId,
        actor: principalLabel(principal),
        action: 'webhook.deleted',
        subject: `webhook:${id}`,
        before: { url: subscription.url, events: subscription.events },
        after: null,
      });
    });
  }

  /** The subscription's delivery log, newest first. */
  async deliveries(principal: Principal, teamId: string, id: string, page: DeliveriesQuery): Promise<Notification[]> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      await this.subscription(s, teamId, id);
      return s.notifications.listDeliveries(id, { limit: page.limit, before: page.before ?? null });
    });
  }

  private async assertTeam(s: WebhooksServiceStores, teamId: string): Promise<void> {
    if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
  }

  /** Another team's subscription is not found, like a missing one. */
  private async subscription(s: WebhooksServiceStores, teamId: string, id: string): Promise<WebhookSubscription> {
    await this.assertTeam(s, teamId);
    const subscription = await s.webhookSubscriptions.get(teamId, id);
    if (!subscription) throw new NotFoundError('webhook');
    return subscription;
  }
}
