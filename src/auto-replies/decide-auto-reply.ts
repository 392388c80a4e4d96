import type { AutoReplyEntry } from './auto-reply.js';
import type { MessageChannel } from '../../channels/contract.js';
import { whatsappWindow } from '../messages/whatsapp-window.js';
import { looksLikeAutoResponder, sentInLastHour, type AutomatedSend } from './auto-responder.js';
import { quietHoursEnd } from './quiet-hours.js';
import type { ReplyLedgerPolicy } from '../teams/reply-ledger-policy.js';

export type SkipReason =
  | 'disabled'
  | 'channel_not_applicable'
  | 'opted_out'
  | 'keyword_message'
  | 'own_number'
  | 'open_hours'
  | 'already_sent_in_window'
  | 'whatsapp_window_closed'
  | 'no_whatsapp_history'
  | 'agent_active'
  | 'hourly_limit'
  | 'auto_responder'
  /** The after-hours conversation answered instead (src/after-hours-flow). */
  | 'after_hours_flow';

/**
 * Sent as our text, or (on WhatsApp outside the 24-hour window) as the kind's approved template;
 * or, for a proactive kind in the customer's quiet hours, stored and held until `sendAfter`.
 */
export type SendReason = 'sent' | 'sent_as_whatsapp_template' | 'held_for_quiet_hours';

export type AutoReplyDecision =
  | {
      readonly action: 'send';
      readonly kind: string;
      readonly reason: SendReason;
      /** Held: not sent before this instant (the end of the customer's quiet hours). */
      readonly sendAfter?: Date;
      /** A held message that will go as the kind's WhatsApp template (the window will be closed then). */
      readonly asWhatsappTemplate?: true;
    }
  | { readonly action: 'skip'; readonly kind: string; readonly reason: SkipReason };

/** What the ledger knows of the customer and the ticket beyond the entry. */
export interface LedgerFacts {
  /**
   * `automation` (an event or a rule) is held to every guard. `agent` (POST /messages {kind}) is an
   * agent's decision, taken in a conversation they see: no agent-active, hourly, auto-responder or
   * quiet-hours guard (an agent answering at 23:00 a customer who wrote at 23:00 must not be held).
   */
  readonly requestedBy: 'automation' | 'agent';
  readonly policy: ReplyLedgerPolicy;
  /** When an agent last wrote on the customer's ticket. */
  readonly lastAgentMessageAt: Date | null;
  /** Our recent automated messages to this customer, newest first, with their next answer. */
  readonly recentAutomated: readonly AutomatedSend[];
  /** The customer's time zone (their number's country, else the team's). */
  readonly customerTimeZone: string;
}

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
  readonly ledger: LedgerFacts;
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
  const { ledger, now } = input;
  // A conversation step or a page is bounded elsewhere (catalogue.ts, exemptFromLoopGuards).
  if (ledger.requestedBy === 'automation' && !entry.definition.exemptFromLoopGuards) {
    if (looksLikeAutoResponder(ledger.recentAutomated, now)) return skip('auto_responder');
    // The unread fallback is the agent's own words: it cannot talk over them.
    if (
      !entry.definition.carriesAgentWords &&
      withinMinutes(ledger.lastAgentMessageAt, ledger.policy.agentActiveMinutes, now)
    )
      return skip('agent_active');
    const cap = ledger.policy.maxPerCustomerPerHour;
    if (cap > 0 && sentInLastHour(ledger.recentAutomated, now) >= cap) return skip('hourly_limit');
  }
  const heldUntil =
    ledger.requestedBy === 'automation' && entry.definition.proactive
      ? quietHoursEnd(now, ledger.customerTimeZone, ledger.policy.quietHours)
      : null;
  // A held message goes out later: WhatsApp's window is judged at that moment.
  const sendAt = heldUntil ?? now;
  const window = input.channel === 'whatsapp' ? whatsappWindow(input.lastInboundWhatsappAt, sendAt) : null;
  const needsTemplate = input.channel === 'whatsapp' && !window?.open;
  // Outside the window WhatsApp takes only approved templates (it would refuse the text: 63016).
  if (needsTemplate && !entry.whatsappTemplate) return skip(window ? 'whatsapp_window_closed' : 'no_whatsapp_history');
  if (heldUntil)
    return {
      action: 'send',
      kind: entry.kind,
      reason: 'held_for_quiet_hours',
      sendAfter: heldUntil,
      ...(needsTemplate ? { asWhatsappTemplate: true as const } : {}),
    };
  return send(needsTemplate ? 'sent_as_whatsapp_template' : 'sent');
}

function withinMinutes(at: Date | null, minutes: number, now: Date): boolean {
  return at !== null && minutes > 0 && now.getTime() - at.getTime() < minutes * 60_000;
}

function withinWindow(lastSentAt: Date | null, windowHours: number, now: Date): boolean {
  if (!lastSentAt || windowHours <= 0) return false;
  return now.getTime() - lastSentAt.getTime() < windowHours * 3_600_000;
}
