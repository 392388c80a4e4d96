/** Subscribe to every event, now and to come. */
export const ALL_EVENTS = '*';

/** The events a team's settings webhookUrl has always been sent. */
export const SETTINGS_WEBHOOK_EVENTS = ['rla.warning', 'rla.breach'] as const;

/** A team's outgoing webhook: where to post which events. */
export interface WebhookSubscription {
  readonly id: string;
  readonly teamId: string;
  readonly url: string;
  /** `["*"]`, or event names. */
  readonly events: readonly string[];
  /**
   * `team_settings`: the one subscription `PATCH /teams/:team {notifications: {webhookUrl}}`
   * manages, signed with the team's notification secret. null: made through `/webhooks`.
   */
  readonly managedBy: 'team_settings' | null;
  readonly createdAt: Date;
}

export interface NewWebhookSubscription {
  readonly id: string;
  readonly teamId: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly secret: string;
  readonly createdAt: Date;
}
