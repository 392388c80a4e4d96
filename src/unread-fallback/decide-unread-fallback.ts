import type { MessageChannel } from '../../channels/contract.js';
import { whatsappWindow } from '../messages/whatsapp-window.js';
import type { FallbackChannel } from '../teams/unread-fallback-settings.js';

/** What we know of how to reach the ticket's customer, beyond the channel they wrote on. */
export interface CustomerReach {
  /** The address they gave us (a form of the after-hours conversation, the web chat's offline form). */
  readonly email: string | null;
  /** Their number (E.164) when the ticket's customer is a phone number; null for a web visitor. */
  readonly phone: string | null;
  /** They texted STOP: no SMS and no WhatsApp message reaches them. */
  readonly optedOut: boolean;
  /** When they last wrote to the team on WhatsApp (opens the 24-hour window); null: never. */
  readonly lastWhatsappInboundAt: Date | null;
  /** A team number to send an SMS or a WhatsApp template from. */
  readonly teamNumber: string | null;
}

export interface UnreadFallbackInput {
  readonly order: readonly FallbackChannel[];
  /** The channels the unread replies went on. */
  readonly replyChannels: readonly MessageChannel[];
  readonly reach: CustomerReach;
  /** The team set an approved WhatsApp template for the fallback. */
  readonly whatsappTemplateSet: boolean;
  readonly now: Date;
}

/** Why one channel of the order cannot take the fallback. */
export type ChannelSkipReason =
  | 'same_channel'
  | 'no_email'
  | 'no_number'
  | 'opted_out'
  | 'no_team_number'
  | 'no_whatsapp_history'
  | 'whatsapp_window_open'
  | 'no_whatsapp_template';

export type UnreadFallbackDecision =
  | { readonly action: 'send'; readonly channel: FallbackChannel; readonly to: string }
  | {
      readonly action: 'skip';
      readonly reason: 'no_reachable_channel';
      /** Each channel of the order and why it could not take it. */
      readonly tried: readonly { readonly channel: FallbackChannel; readonly reason: ChannelSkipReason }[];
    };

// The message channel a fallback channel sends on (email has none: it goes as a notification).
const SENDS_ON: Readonly<Record<FallbackChannel, MessageChannel | null>> = {
  whatsapp_template: 'whatsapp',
  sms: 'sms',
  email: null,
};

/**
 * The first channel of the team's order that can reach the customer, or a skip with each channel's
 * reason. Never the channel an unread reply already went on: a second message in an inbox the
 * customer has not opened reaches no one new (a WhatsApp template after an unread WhatsApp reply
 * lands in the same chat), so there is no exception.
 */
export function decideUnreadFallback(input: UnreadFallbackInput): UnreadFallbackDecision {
  const tried: { channel: FallbackChannel; reason: ChannelSkipReason }[] = [];
  for (const channel of input.order) {
    const outcome = reachOn(channel, input);
    if (outcome.ok) return { action: 'send', channel, to: outcome.to };
    tried.push({ channel, reason: outcome.reason });
  }
  return { action: 'skip', reason: 'no_reachable_channel', tried };
}

type Reach = { ok: true; to: string } | { ok: false; reason: ChannelSkipReason };

function reachOn(channel: FallbackChannel, input: UnreadFallbackInput): Reach {
  const no = (reason: ChannelSkipReason): Reach => ({ ok: false, reason });
  const on = SENDS_ON[channel];
  if (on && input.replyChannels.includes(on)) return no('same_channel');
  const { reach } = input;
  if (channel === 'email') return reach.email ? { ok: true, to: reach.email } : no('no_email');
  if (!reach.phone) return no('no_number');
  if (reach.optedOut) return no('opted_out'); // they texted STOP
  if (!reach.teamNumber) return no('no_team_number');
  if (channel === 'sms') return { ok: true, to: reach.phone };
  // A template only where free text cannot go: inside the window the customer reads WhatsApp anyway.
  const window = whatsappWindow(reach.lastWhatsappInboundAt, input.now);
  if (!window) return no('no_whatsapp_history');
  if (window.open) return no('whatsapp_window_open');
  if (!input.whatsappTemplateSet) return no('no_whatsapp_template');
  return { ok: true, to: reach.phone };
}

/** The reason stored in GET /decisions for a skip: `no_reachable_channel` and each channel's. */
export function skipReasonText(decision: Extract<UnreadFallbackDecision, { action: 'skip' }>): string {
  const parts = decision.tried.map((t) => `${t.channel}=${t.reason}`);
  return parts.length ? `${decision.reason} (${parts.join(', ')})` : decision.reason;
}
