import type { MessageChannel } from '../../channels/contract.js';
import { actingTeamUserId, assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import { loadTeamConfig, type TeamConfigStores } from '../auto-replies/team-config.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { ticketCreated } from '../team-events/team-event-of.js';
import { openingTicket } from '../tickets/open-ticket.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Clock } from '../clock.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import type { Transact } from '../db/transactor.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import type { Message } from '../messages/message.js';
import type { OutboundDispatcher } from '../messages/outbound-dispatcher.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import { recordAgentMessage, type AgentMessageStores } from './record-agent-message.js';
import { linkedReplyRoute, replyChannel, replyAddress } from './reply-route.js';
import type { CustomersStore } from '../customers/customers.store.js';

/** The stores this module reads and writes. */
export interface TicketRepliesServiceStores extends AgentMessageStores, TeamConfigStores {
  readonly contacts: ContactsStore;
  readonly teams: TeamsStore;
  readonly tickets: TicketsStore;
  readonly customers: CustomersStore;
}

export interface TicketReply {
  /** Empty when the reply is media only. */
  readonly body: string;
  readonly channel?: MessageChannel;
  readonly mediaUrls: readonly string[];
}

/** An agent answers on a ticket's thread: through the same delivery path as every message. */
export class TicketRepliesService {
  constructor(
    private readonly transact: Transact<TicketRepliesServiceStores>,
    private readonly dispatcher: OutboundDispatcher,
    private readonly clock: Clock,
  ) {}

  /**
   * Sends on the channel named, else the ticket's, else the one the customer last wrote on; from
   * the team number the customer last wrote to. Answers the queued message.
   */
  async reply(principal: Principal, teamId: string, ticketId: string, reply: TicketReply): Promise<Message> {
    assertTeamAccess(principal, teamId, 'agent');
    const messageId = await this.transact(async (s) => {
      const found = await s.tickets.get(teamId, ticketId);
      const team = found ? await s.teams.get(teamId) : null;
      if (!found || !team) throw new NotFoundError('ticket');
      // One customer across channels (src/customers): a linked customer is answered where they last wrote.
      const linked = await s.customers.linkedTo(teamId, found.customer);
      const route = linked.length ? await linkedRoute(s, teamId, reply.channel, [found.customer, ...linked]) : null;
      const lastInbound = route ? route.lastInbound : await s.messages.lastInboundFrom(teamId, found.customer);
      const channel = route?.channel ?? replyChannel(reply.channel, found.channel, lastInbound, found.customer);
      const from = replyAddress(channel, teamId, team.numbers, lastInbound);
      if (!from)
        throw new UnprocessableError(
          `the team has no number to send from; add one with PATCH /api/teams/${teamId} {numbers}`,
          'no_team_number',
          null,
        );
      // Lock order everywhere: contact, then ticket.
      const contact = await s.contacts.lockForReply(teamId, route?.to ?? found.customer);
      const locked = (await s.tickets.lock(teamId, ticketId))!;
      const now = this.clock();
      const ticket = locked.status === 'closed' ? await openFollowUp(s, principal, locked, now) : locked;
      return recordAgentMessage(s, {
        principal,
        teamId,
        contact,
        ticket,
        channel,
        from,
        body: reply.body,
        mediaUrls: reply.mediaUrls,
        now,
        customerField: null,
      });
    });
    await this.dispatcher.dispatch([messageId]);
    return (await this.transact((s) => s.messages.get(messageId)))!;
  }
}

/**
 * An agent writes on a closed ticket: the closed one stays as it was closed, and the message opens
 * a new ticket with the customer, assigned to the agent who wrote (seed 003, recipe 1): a new
 * conversation, with its own clocks, that the team's `changed` rules can route.
 */
async function openFollowUp(
  s: TicketRepliesServiceStores,
  principal: Principal,
  closed: Ticket,
  now: Date,
): Promise<Ticket> {
  const config = (await loadTeamConfig(s, closed.teamId))!;
  const actor = principalLabel(principal);
  const opening = openingTicket(
    config,
    { channel: closed.channel, source: 'message', customer: closed.customer, subject: closed.subject },
    now,
  );
  const ticket = await s.tickets.insert({ ...opening, assigneeId: actingTeamUserId(principal) });
  await s.tickets.addEvent(ticket.id, {
    type: 'created',
    actor,
    data: { source: 'message', channel: ticket.channel, followUpOf: closed.number },
    at: now,
  });
  await recordTeamEvent(s, ticketCreated(ticket, actor, now));
  return ticket;
}

/** The route of a reply to a customer with linked addresses; 422 when none of them takes the channel named. */
async function linkedRoute(
  s: TicketRepliesServiceStores,
  teamId: string,
  named: MessageChannel | undefined,
  addresses: readonly string[],
): Promise<ReturnType<typeof linkedReplyRoute> & { to: string }> {
  const route = linkedReplyRoute(named, await s.customers.lastInbounds(teamId, addresses), addresses);
  if (!route.to)
    throw new UnprocessableError(
      `none of the customer's addresses (${addresses.join(', ')}) takes ${route.channel}`,
      'no_address_for_channel',
      'channel',
    );
  return { ...route, to: route.to };
}
