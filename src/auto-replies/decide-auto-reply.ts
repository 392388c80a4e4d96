import type { AutoReplyEntry } from './auto-reply.js';
import type { MessageChannel } from '../../channels/contract.js';
import { whatsappWindow } from '../messages/whatsapp-window.js';

export type SkipReason =
  | 'disabled'
  | 'channel_not_applicable'
  | 'opted_out'
  | 'keyword_message'
  | 'own_number'
  | 'open_hours'
  | 'already_sent_in_window'
  | 'whatsapp_window_closed'
  | 'no_whatsapp_history';

/** Sent as our text, or (on WhatsApp outside the 24-hour window) as the kind's approved template. */
export type SendReason = 'sent' | 'sent_as_whatsapp_template';

export type AutoReplyDecision =
  | { readonly action: 'send'; readonly kind: string; readonly reason: SendReason }
  | { readonly action: 'skip'; readonly kind: string; readonly reason: SkipReason };

export interface AutoReplyInput {
  readonly entry: AutoReplyEntry;
  readonly channel: MessageChannel;
  readonly customer: { readonly optedOut: boolean; readonly isTeamNumber: boolean };
  /** The inbound text was a STOP/START/HELP keyword. */
  readonly isKeyword: boolean;
  /** Only for after-hours kinds: whether the team is open now. */
  readonly teamOpen: boolean | null;
  /** When this kind was last sent to this customer, if ever. */
  readonly lastSentAt: Date | null;
  /** When the customer last wrote to the team on WhatsApp, if ever: it opens WhatsApp's 24-hour window. */
  readonly lastInboundWhatsappAt: Date | null;
  readonly now: Date;
}

/** Whether to send an automated reply, with the reason stored beside the event. */
export function decideAutoReply(input: AutoReplyInput): AutoReplyDecision {
  const { entry } = input;
  const skip = (reason: SkipReason): AutoReplyDecision => ({ action: 'skip', kind: entry.kind, reason });
  const send = (reason: SendReason): AutoReplyDecision => ({ action: 'send', kind: entry.kind, reason });
  if (!entry.enabled) return skip('disabled');
  if (!entry.definition.channels.includes(input.channel)) return skip('channel_not_applicable');
  if (input.customer.optedOut) return skip('opted_out'); // they texted STOP
  if (input.isKeyword) return skip('keyword_message'); // the carrier already answered STOP/HELP
  if (input.customer.isTeamNumber) return skip('own_number'); // never answer another auto-responder of ours
  if (input.teamOpen === true) return skip('open_hours');
  if (withinWindow(input.lastSentAt, entry.repeatWindowHours, input.now)) return skip('already_sent_in_window');
  if (input.channel !== 'whatsapp') return send('sent');
  const window = whatsappWindow(input.lastInboundWhatsappAt, input.now);
  if (window?.open) return send('sent');
  // Outside the window WhatsApp takes only approved templates (it would refuse the text: 63016).
  if (entry.whatsappTemplate) return send('sent_as_whatsapp_template');
  return skip(window ? 'whatsapp_window_closed' : 'no_whatsapp_history');
}

function withinWindow(lastSentAt: Date | null, windowHours: number, now: Date): boolean {
  if (!lastSentAt || windowHours <= 0) return false;
  return now.getTime() - lastSentAt.getTime() < windowHours * 3_600_000;
}
