import crypto from 'node:crypto';
import type { MessageChannel } from '../../channels/contract.js';
import { actingTeamUserId, principalLabel, type Principal } from '../auth/principal.js';
import type { Contact } from '../contacts/contacts.store.js';
import { UnprocessableError } from '../errors.js';
import type { MessagesStore } from '../messages/messages.store.js';
import { noteAgentReply, type TicketActivityStores } from '../tickets/ticket-activity.js';
import type { Ticket } from '../tickets/ticket.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { messageCreated } from '../team-events/team-event-of.js';
import { whyUnreachable } from './reachability.js';

/** The stores an agent's message is recorded in: the message log and the ticket's timeline. */
export interface AgentMessageStores extends TicketActivityStores {
  readonly messages: MessagesStore;
}

export interface AgentMessage {
  readonly principal: Principal;
  readonly teamId: string;
  /** The customer's contact, locked by the caller (lockForReply) before `ticket`: the lock order everywhere. */
  readonly contact: Contact;
  /** The ticket whose thread it goes on, locked; null when the customer has none open. */
  readonly ticket: Ticket | null;
  readonly channel: MessageChannel;
  readonly from: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  readonly now: Date;
  /** The request field that named the customer, for the opted-out answer (null: the ticket named them). */
  readonly customerField: string | null;
}

/**
 * An agent's free-form message, the one path for `POST /messages` and a reply on a ticket:
 * refused when it cannot reach the customer (STOP, WhatsApp's window), else queued with the agent
 * as author and noted on the ticket. Runs in the caller's transaction; the caller dispatches the
 * returned id after commit.
 */
export async function recordAgentMessage(stores: AgentMessageStores, m: AgentMessage): Promise<string> {
  const unreachable = whyUnreachable(m.channel, m.contact, m.now);
  if (unreachable)
    throw new UnprocessableError(
      unreachable.message,
      unreachable.code,
      unreachable.code === 'opted_out' ? m.customerField : 'channel',
    );
  const id = crypto.randomUUID();
  const actor = principalLabel(m.principal);
  const message = {
    id,
    teamId: m.teamId,
    channel: m.channel,
    from: m.from,
    to: m.contact.number,
    body: m.body,
    // Twilio fetches the media itself: its type is known only once it has.
    media: m.mediaUrls.map((url) => ({ url, contentType: null })),
    kind: null,
    eventId: null,
    createdBy: actor,
    createdAt: m.now,
    ticketId: m.ticket?.id ?? null,
  };
  await stores.messages.insertOutbound(message);
  await recordTeamEvent(stores, messageCreated(message, 'agent', m.now));
  await noteAgentReply(stores, m.ticket, {
    messageId: id,
    actor,
    agentUserId: actingTeamUserId(m.principal),
    channel: m.channel,
    at: m.now,
  });
  return id;
}
