import type { MessageChannel } from '../../channels/contract.js';
import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import type { Transact } from '../db/transactor.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import type { Message } from '../messages/message.js';
import type { OutboundDispatcher } from '../messages/outbound-dispatcher.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import { recordAgentMessage, type AgentMessageStores } from './record-agent-message.js';
import { replyChannel, replyFrom } from './reply-route.js';

/** The stores this module reads and writes. */
export interface TicketRepliesServiceStores extends AgentMessageStores {
  readonly contacts: ContactsStore;
  readonly teams: TeamsStore;
  readonly tickets: TicketsStore;
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
      const lastInbound = await s.messages.lastInboundFrom(teamId, found.customer);
      const from = replyFrom(team.numbers, lastInbound);
      if (!from)
        throw new UnprocessableError(
          `the team has no number to send from; add one with PATCH /api/teams/${teamId} {numbers}`,
          'no_team_number',
          null,
        );
      // Lock order everywhere: contact, then ticket.
      const contact = await s.contacts.lockForReply(teamId, found.customer);
      const ticket = (await s.tickets.lock(teamId, ticketId))!;
      return recordAgentMessage(s, {
        principal,
        teamId,
        contact,
        ticket,
        channel: replyChannel(reply.channel, ticket.channel, lastInbound),
        from,
        body: reply.body,
        mediaUrls: reply.mediaUrls,
        now: this.clock(),
        customerField: null,
      });
    });
    await this.dispatcher.dispatch([messageId]);
    return (await this.transact((s) => s.messages.get(messageId)))!;
  }
}
