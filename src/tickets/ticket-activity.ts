import type { TicketsStore } from './tickets.store.js';
import type { AutoReplyDecision } from '../auto-replies/decide-auto-reply.js';
import type { Ticket } from './ticket.js';

/** An automated reply on the ticket's timeline: sent, or skipped with the reason. */
export interface TicketActivityStores {
  readonly tickets: TicketsStore;
}

export async function noteAutoReply(
  stores: TicketActivityStores,
  ticket: Ticket,
  decision: AutoReplyDecision,
  messageId: string | null,
  channel: string,
  at: Date,
): Promise<void> {
  await stores.tickets.addEvent(
    ticket.id,
    decision.action === 'send'
      ? { type: 'reply_sent', actor: 'auto-reply', data: { kind: decision.kind, messageId, channel }, at }
      : { type: 'reply_skipped', actor: 'auto-reply', data: { kind: decision.kind, reason: decision.reason }, at },
    false,
  );
}

/**
 * An agent wrote to the customer: on their open ticket (`ticket`, from lockOpenForCustomer), the
 * first such message stops the first-response clock.
 */
export async function noteAgentReply(
  stores: TicketActivityStores,
  ticket: Ticket | null,
  r: { messageId: string; actor: string; channel: string; at: Date },
): Promise<void> {
  if (!ticket) return;
  await stores.tickets.addEvent(ticket.id, {
    type: 'reply_sent',
    actor: r.actor,
    data: { messageId: r.messageId, channel: r.channel },
    at: r.at,
  });
  if (!ticket.firstRespondedAt) {
    await stores.tickets.update(ticket.id, { firstRespondedAt: r.at }, r.at);
    await stores.tickets.addEvent(ticket.id, {
      type: 'first_response',
      actor: r.actor,
      data: { respondedAt: r.at.toISOString() },
      at: r.at,
    });
  }
}
