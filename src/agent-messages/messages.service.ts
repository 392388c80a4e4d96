import type { MessageChannel } from '../../channels/contract.js';
import { planAutoReply } from '../auto-replies/auto-reply.service.js';
import { kindDefinition } from '../auto-replies/catalogue.js';
import { actingTeamUserId, assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import type { MessagesStore } from '../messages/messages.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { CustomerRequestsStore } from '../requests/customer-requests.store.js';
import type { AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import type { TeamConfigStores } from '../auto-replies/team-config.js';
import type { TicketActivityStores } from '../tickets/ticket-activity.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import type { Message } from '../messages/message.js';
import type { MessageFilter } from '../messages/messages.store.js';
import type { OutboundDispatcher } from '../messages/outbound-dispatcher.js';
import { loadTeamConfig } from '../auto-replies/team-config.js';
import { requestKindOfReply, type RequestStatus } from '../requests/customer-request.js';
import { openRequest } from '../requests/open-request.js';
import { requestDetails } from '../requests/request-details.js';
import { noteAgentReply } from '../tickets/ticket-activity.js';
import { optedOut, whatsappSkipMessage } from './reachability.js';
import { recordAgentMessage } from './record-agent-message.js';
import { measureSms, type SmsMeasure } from '../auto-replies/sms-segments.js';

/** The stores this module reads and writes. */
export interface MessagesServiceStores extends AutoReplyStores, TeamConfigStores, TicketActivityStores {
  readonly contacts: ContactsStore;
  readonly messages: MessagesStore;
  readonly teams: TeamsStore;
  readonly requests: CustomerRequestsStore;
}

export type AgentMessageInput =
  | { readonly to: string; readonly channel: MessageChannel; readonly from?: string; readonly body: string }
  | {
      readonly to: string;
      readonly channel: MessageChannel;
      readonly from?: string;
      readonly kind: string;
      readonly variables: Record<string, string>;
    };

export type SmsPreview = Pick<SmsMeasure, 'encoding' | 'segments' | 'characters'>;

/** A sent message, with the request it opened (approval, payment, rating, …) when it asked something. */
export type SentMessage = Message & {
  readonly request: { readonly id: string; readonly status: RequestStatus } | null;
};

/** The message log, and messages an agent sends: through the same queue as every reply. */
export class MessagesService {
  constructor(
    private readonly transact: Transact<MessagesServiceStores>,
    private readonly dispatcher: OutboundDispatcher,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, teamId: string, filter: MessageFilter): Promise<Message[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.messages.list(teamId, filter);
    });
  }

  /** How a text would go as SMS: encoding, parts and characters. */
  async preview(principal: Principal, teamId: string, body: string): Promise<SmsPreview> {
    assertTeamAccess(principal, teamId, 'agent');
    // An administrator names any team: an unknown one is "not found", as everywhere else.
    await this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
    });
    const { encoding, segments, characters } = measureSms(body);
    return { encoding, segments, characters };
  }

  async send(principal: Principal, teamId: string, input: AgentMessageInput): Promise<SentMessage> {
    assertTeamAccess(principal, teamId, 'agent');
    if ('kind' in input && !kindDefinition(input.kind))
      throw new NotFoundError(`auto-reply kind "${input.kind}"`, 'unknown_kind');
    const requestKind = 'kind' in input ? requestKindOfReply(input.kind) : null;
    // A payment without a valid amount is refused before anything is written.
    const details = 'kind' in input && requestKind ? requestDetails(requestKind, input.variables) : null;
    const sent = await this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      const from = input.from ?? team.numbers[0];
      if (!from || !team.numbers.includes(from)) {
        throw new UnprocessableError(
          "send from one of the team's numbers; this team has none that matches",
          'no_team_number',
          'from',
        );
      }
      const contact = await s.contacts.lockForReply(teamId, input.to);
      // Lock order everywhere: contact, then ticket. The message goes on the customer's open or pending ticket.
      const ticket = await s.tickets.lockOpenForCustomer(teamId, input.to, new Date(0));
      if ('kind' in input) {
        if (contact.optedOut) {
          const problem = optedOut(input.to);
          throw new UnprocessableError(problem.message, problem.code, 'to');
        }
        const config = await loadTeamConfig(s, teamId);
        const now = this.clock();
        const outcome = await planAutoReply(s, {
          config: config!,
          contact,
          claim: false,
          kind: input.kind,
          channel: input.channel,
          customer: input.to,
          teamNumber: from,
          eventId: null,
          isKeyword: false,
          afterHoursOnly: false,
          customerName: null,
          ticket,
          variables: input.variables,
          requestedBy: 'agent',
          now,
        });
        const { reason } = outcome.decision;
        // A refusal is answered after the commit, so that the decision log keeps the skip and its reason.
        if (reason === 'whatsapp_window_closed' || reason === 'no_whatsapp_history')
          return { refused: new UnprocessableError(whatsappSkipMessage(reason, input.kind), reason, 'channel') };
        // A proactive kind in the customer's quiet hours is stored and held: sent later, not refused.
        const messageId = outcome.messageId;
        if (!messageId)
          return { refused: new UnprocessableError(`not sent: ${reason.replaceAll('_', ' ')}`, reason, 'kind') };
        const request =
          requestKind && details
            ? await openRequest(s, {
                teamId,
                kind: requestKind,
                customer: input.to,
                channel: input.channel,
                messageId,
                details,
                now,
              })
            : null;
        await noteAgentReply(s, ticket, {
          messageId,
          actor: principalLabel(principal),
          agentUserId: actingTeamUserId(principal),
          channel: input.channel,
          at: now,
        });
        return { messageId, request: request ? { id: request.id, status: request.status } : null };
      }
      const messageId = await recordAgentMessage(s, {
        principal,
        teamId,
        contact,
        ticket,
        channel: input.channel,
        from,
        body: input.body,
        mediaUrls: [],
        now: this.clock(),
        customerField: 'to',
      });
      return { messageId, request: null };
    });
    if (sent.refused) throw sent.refused;
    await this.dispatcher.dispatch([sent.messageId]);
    const message = (await this.transact((s) => s.messages.get(sent.messageId)))!;
    return { ...message, request: sent.request };
  }
}
