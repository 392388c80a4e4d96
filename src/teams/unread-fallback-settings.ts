/** Where an unread agent reply can be sent once more, in the contract's default order. */
export const FALLBACK_CHANNELS = ['whatsapp_template', 'sms', 'email'] as const;
export type FallbackChannel = (typeof FALLBACK_CHANNELS)[number];

/** A team's unread-reply fallback (team settings `unreadFallback`). */
export interface UnreadFallbackSettings {
  readonly enabled: boolean;
  /** How long an agent's reply may stay unread before it goes once more: 30 … 86,400 s. */
  readonly afterSeconds: number;
  /** The order tried; the first channel that can reach the customer takes it. */
  readonly channels: readonly FallbackChannel[];
  /** SMS has no read receipts: a `delivered` SMS counts as read unless this is off. */
  readonly smsDeliveredIsRead: boolean;
  /** The approved WhatsApp template (variable `{{ replies }}` holds the text), used when the window is closed. */
  readonly whatsappTemplate: FallbackTemplate | null;
}

/** An approved WhatsApp template: its Content SID and variables, as the auto-replies' (auto-reply.ts WhatsappTemplate). */
export interface FallbackTemplate {
  readonly contentSid: string;
  readonly contentVariables: Readonly<Record<string, string>>;
}

export const DEFAULT_UNREAD_FALLBACK: UnreadFallbackSettings = {
  enabled: true,
  afterSeconds: 300,
  channels: FALLBACK_CHANNELS,
  smsDeliveredIsRead: true,
  whatsappTemplate: null,
};

export type UnreadFallbackPatch = {
  readonly [K in keyof UnreadFallbackSettings]?: UnreadFallbackSettings[K] | undefined;
};

export function mergeUnreadFallback(
  current: UnreadFallbackSettings,
  patch: UnreadFallbackPatch,
): UnreadFallbackSettings {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...current, ...defined };
}

/** A team row saved before the fallback existed reads back as the defaults. */
export function unreadFallbackOf(stored: UnreadFallbackPatch | null | undefined): UnreadFallbackSettings {
  return mergeUnreadFallback(DEFAULT_UNREAD_FALLBACK, stored ?? {});
}
