import type { MessageChannel } from '../../channels/contract.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import { planAutoReply, type AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import { whatsappWindow } from '../messages/whatsapp-window.js';
import { logCallOnTicket } from './call-tickets.js';
import { noteAutoReply, type TicketActivityStores } from '../tickets/ticket-activity.js';
import type { TeamConfig } from '../auto-replies/team-config.js';
import type { Call } from './call.js';
import type { CallsStore } from './calls.store.js';
import { classifyCall, isMissedOutcome, replyKindFor, type CallOutcome } from './classify-call.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { callEnded } from '../team-events/team-event-of.js';

export interface Settlement {
  readonly outcome: CallOutcome | null;
  readonly wait?: string;
  readonly ticketId: string | null;
  readonly reply: {
    readonly kind: string;
    readonly action: string;
    readonly reason: string;
    readonly messageId: string | null;
  } | null;
  readonly toSend: ClaimedMessage[];
}

/**
 * Settles a call once enough is known: its outcome, its ticket, and the one reply the outcome
 * fires, all in the caller's transaction with the call row locked. A call already settled, or
 * still waiting for a callback, changes nothing.
 */
/** What settling a call touches: the caller's contact row (the lock), calls, the ticket and the reply. */
export interface CallSettlementStores extends AutoReplyStores, TicketActivityStores {
  readonly contacts: ContactsStore;
  readonly calls: CallsStore;
}

export async function settleCall(
  stores: CallSettlementStores,
  call: Call,
  config: TeamConfig,
  now: Date,
  graceMs: number,
  eventId: string | null,
): Promise<Settlement> {
  if (call.outcome) return { outcome: call.outcome, ticketId: call.ticketId, reply: null, toSend: [] };
  const classification = classifyCall(call, now, graceMs);
  if ('wait' in classification)
    return { outcome: null, wait: classification.wait, ticketId: null, reply: null, toSend: [] };
  const { outcome } = classification;
  const { team } = config;

  // Lock order everywhere: call, then contact, then ticket.
  const contact = await stores.contacts.lockForReply(team.id, call.customer);
  const escalation = team.settings.rla.escalation;
  const missedInWindow =
    isMissedOutcome(outcome) && escalation
      ? (await stores.calls.countMissedSince(
          team.id,
          call.customer,
          new Date(now.getTime() - escalation.withinHours * 3_600_000),
        )) + 1
      : 0;
  const ticket = await logCallOnTicket(stores, { config, call, outcome, missedInWindow, now });
  await recordTeamEvent(stores, callEnded(call, outcome, ticket?.id ?? null, now));

  const kind = replyKindFor(outcome);
  let reply: Settlement['reply'] = null;
  const toSend: ClaimedMessage[] = [];
  if (kind === 'call_completed' && !ticket) {
    reply = { kind, action: 'skip', reason: 'no_ticket', messageId: null };
  } else if (kind) {
    const channel: MessageChannel =
      team.settings.voice.replyChannel === 'whatsapp' && whatsappWindow(contact.lastWhatsappInboundAt, now)?.open
        ? 'whatsapp'
        : 'sms';
    const planned = await planAutoReply(stores, {
      config,
      contact,
      claim: true,
      kind,
      channel,
      customer: call.customer,
      teamNumber: call.teamNumber,
      eventId,
      isKeyword: false,
      afterHoursOnly: false,
      customerName: null,
      ticket,
      variables: {},
      now,
    });
    reply = { ...planned.decision, messageId: planned.messageId };
    if (planned.message) toSend.push(planned.message);
    if (ticket) await noteAutoReply(stores, ticket, planned.decision, planned.messageId, channel, now);
  }
  await stores.calls.settle(call.id, { outcome, decision: { reply }, ticketId: ticket?.id ?? null, at: now });
  return { outcome, ticketId: ticket?.id ?? null, reply, toSend };
}
