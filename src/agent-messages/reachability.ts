import type { MessageChannel } from '../../channels/contract.js';
import { whatsappWindow } from '../messages/whatsapp-window.js';

export interface Unreachable {
  readonly code: 'opted_out' | 'whatsapp_window_closed' | 'no_whatsapp_history';
  /** What is wrong and what would work instead. */
  readonly message: string;
}

/**
 * Why an agent's free-form message cannot reach the customer on `channel` now, or null when it
 * can: checked before a send, so that WhatsApp's 24-hour rule is not discovered by a 63016.
 */
export function whyUnreachable(
  channel: MessageChannel,
  customer: { readonly number: string; readonly optedOut: boolean; readonly lastWhatsappInboundAt: Date | null },
  now: Date,
): Unreachable | null {
  if (customer.optedOut) return optedOut(customer.number);
  if (channel !== 'whatsapp') return null;
  const window = whatsappWindow(customer.lastWhatsappInboundAt, now);
  const instead =
    'send it as SMS to the same number (channel "sms"), or send a catalogue reply that has a WhatsApp template (POST /messages with its kind)';
  if (!window)
    return {
      code: 'no_whatsapp_history',
      message: `${customer.number} has never written to this team on WhatsApp, so WhatsApp allows no free-form message; ${instead}`,
    };
  if (!window.open)
    return {
      code: 'whatsapp_window_closed',
      message: `WhatsApp's 24-hour window closed at ${window.closesAt.toISOString()} (24 hours after the customer's last WhatsApp message); ${instead}`,
    };
  return null;
}

export function optedOut(number: string): Unreachable {
  return { code: 'opted_out', message: `${number} replied STOP; they get no messages until they text START` };
}

/** Why a catalogue reply was not sent on WhatsApp (its decision's reason), and what would work. */
export function whatsappSkipMessage(reason: 'whatsapp_window_closed' | 'no_whatsapp_history', kind: string): string {
  const why =
    reason === 'whatsapp_window_closed'
      ? "WhatsApp's 24-hour window is closed (the customer last wrote on WhatsApp more than 24 hours ago)"
      : 'the customer has never written to this team on WhatsApp';
  return `not sent: ${why} and "${kind}" has no WhatsApp template; send it as SMS (channel "sms"), or set a template (PUT /auto-replies/${kind} {whatsappTemplate})`;
}
