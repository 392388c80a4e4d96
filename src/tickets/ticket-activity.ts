import type { TicketChanges, TicketsStore } from './tickets.store.js';
import type { AutoReplyDecision } from '../auto-replies/decide-auto-reply.js';
import type { Ticket } from './ticket.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { ticketUpdated } from '../team-events/team-event-of.js';

/** An automated reply on the ticket's timeline: sent, or skipped with the reason. */
export interface TicketActivityStores extends TeamEventStores {
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
 * An agent wrote to the customer, on their ticket (`ticket`, locked by the caller): the first
 * such message stops the first-response clock, the thread counts as read and, unless the ticket is closed, the chat is
 * active again and an unassigned ticket becomes the writing agent's (`agentUserId`: a user of the team, or null for
 * an API token, which assigns nobody). Every change lands on the timeline.
 */
export async function noteAgentReply(
  stores: TicketActivityStores,
  ticket: Ticket | null,
  r: { messageId: string; actor: string; agentUserId: string | null; channel: string; at: Date },
): Promise<void> {
  if (!ticket) return;
  const { actor, at } = r;
  await stores.tickets.addEvent(ticket.id, {
    type: 'reply_sent',
    actor,
    data: { messageId: r.messageId, channel: r.channel },
    at,
  });
  // An agent who answers has read what the customer wrote.
  if (ticket.unread > 0) await stores.tickets.markRead(ticket.teamId, ticket.id, at);
  const changes: TicketChanges = {};
  if (!ticket.firstRespondedAt) changes.firstRespondedAt = at;
  // A closed ticket stays as it was closed: the customer's next message opens a new one.
  const live = ticket.status !== 'closed';
  if (live && ticket.chat !== 'active') changes.chat = 'active';
  if (live && !ticket.assigneeId && r.agentUserId) changes.assigneeId = r.agentUserId;
  if (Object.keys(changes).length === 0) return;
  const updated = await stores.tickets.update(ticket.id, changes, at);
  await recordTeamEvent(stores, ticketUpdated(ticket, updated, actor, at));
  if (changes.firstRespondedAt)
    await stores.tickets.addEvent(ticket.id, {
      type: 'first_response',
      actor,
      data: { respondedAt: at.toISOString() },
      at,
    });
  if (changes.chat)
    await stores.tickets.addEvent(ticket.id, {
      type: 'chat_changed',
      actor,
      data: { from: ticket.chat, to: 'active' },
      at,
    });
  if (changes.assigneeId)
    await stores.tickets.addEvent(ticket.id, {
      type: 'assigned',
      actor,
      data: { from: null, to: changes.assigneeId, reason: 'replied' },
      at,
    });
}
