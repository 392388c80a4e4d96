import crypto from 'node:crypto';
import type { InboundMessage } from '../../channels/contract.js';
import { planAutoReply, recordAutoReplyDecision } from '../auto-replies/auto-reply.service.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { Contact, ContactsStore } from '../contacts/contacts.store.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { CustomerRequestsStore } from '../requests/customer-requests.store.js';
import type { CustomersStore } from '../customers/customers.store.js';
import type { NewTicket, TicketsStore } from '../tickets/tickets.store.js';
import type { AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import type { TicketActivityStores } from '../tickets/ticket-activity.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import type { OutboundDispatcher } from '../messages/outbound-dispatcher.js';
import type { TeamConfig, TeamConfigCache, TeamConfigStores } from '../auto-replies/team-config.js';
import { openingTicket } from '../tickets/open-ticket.js';
import { messageSubject } from '../tickets/ticket.js';
import { keywordOf } from './opt-out-keywords.js';
import {
  takeAfterHoursTurn,
  type AfterHoursConversationStores,
} from '../after-hours/after-hours-conversation.service.js';
import { acknowledgementPlan, anyAcknowledgementEnabled } from './acknowledgements.js';
import { isOpenAt } from '../schedules/is-open.js';
import { ACKNOWLEDGEMENT_KINDS } from '../auto-replies/catalogue.js';
import { answerPlan, kindsOf, matchAnswer } from './request-answer.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { messageCreated, requestAnswered, ticketCreated, ticketFieldsChanged } from '../team-events/team-event-of.js';
import { acknowledgeByReply, type UrgentPagingStores } from '../urgent-paging/urgent-paging.service.js';

/** The stores this module reads and writes. */
export interface InboundMessageStores
  extends AutoReplyStores, TeamConfigStores, TicketActivityStores, AfterHoursConversationStores, UrgentPagingStores {
  readonly contacts: ContactsStore;
  readonly customers: CustomersStore;
  readonly events: WebhookEventsStore;
  readonly requests: CustomerRequestsStore;
  readonly tickets: TicketsStore;
}

/** What the after-hours conversation needs from the worker: the team-email queue, and the acknowledge links' base. */
export interface InboundFlowDeps {
  /** Hands team emails (a finished form, an urgent page) to their queue after the commit. */
  readonly notify: (ids: readonly string[]) => Promise<void>;
  readonly publicUrl: string;
}

export interface InboundDecision {
  readonly keyword: string | null;
  readonly autoReplies: ReadonlyArray<{ kind: string; action: string; reason: string; messageId: string | null }>;
  /** The pending request this message answered, when it answered one. */
  readonly understood?: { readonly requestId: string; readonly kind: string; readonly value: string | number };
}

/**
 * What an inbound SMS or WhatsApp message leads to: contact and opt-out state, the message log,
 * and the automated replies that are due.
 */
export class InboundMessageService {
  constructor(
    private readonly transact: Transact<InboundMessageStores>,
    private readonly dispatcher: OutboundDispatcher,
    private readonly clock: Clock,
    private readonly teamConfigs: TeamConfigCache,
    private readonly flowDeps: InboundFlowDeps = { notify: async () => undefined, publicUrl: '' },
  ) {}

  /**
   * Processes one accepted event exactly once; a second call finds it processed and does nothing.
   * `carried` is the event as the queue job brought it (no need to read it back).
   */
  async process(
    eventId: string,
    carried: { teamId: string; parsed: unknown; receivedAt: Date } | null = null,
  ): Promise<InboundDecision | null> {
    const result = await this.transact(
      async (
        stores,
      ): Promise<{
        decision: InboundDecision;
        toSend: ClaimedMessage[];
        notificationIds: readonly string[];
      } | null> => {
        const event = carried ? { id: eventId, ...carried } : await stores.events.lockAccepted(eventId);
        if (!event) return null;
        const config = event.teamId ? await this.teamConfigs.get(stores, event.teamId) : null;
        if (!config) {
          await stores.events.markProcessed(eventId, { skipped: 'team_deleted' });
          return null;
        }
        const message = event.parsed as InboundMessage;
        const now = this.clock();
        // Urgent paging: an on-call person's `ACK` to a page acknowledges it and opens no ticket.
        const ack = await acknowledgeByReply(stores, { config, message, now });
        if (ack) {
          if (!(await stores.events.markProcessed(event.id, ack.decision))) throw new AlreadyProcessed();
          return { decision: ack.decision, toSend: ack.messages, notificationIds: [] };
        }
        // (end of urgent paging)
        // STOP, START and HELP are carrier keywords: a web chat visitor writing "stop" just says it.
        const keyword = message.channel === 'web' ? null : keywordOf(message.body, message.optOutKeyword);
        const teamId = config.team.id;
        const optedOut = keyword === 'STOP' ? true : keyword === 'START' ? false : undefined;
        const messageId = message.messageId ?? crypto.randomUUID();
        const contact = await stores.contacts.recordInbound(
          teamId,
          message.from,
          { channel: message.channel, profileName: message.profileName, at: now, optedOut },
          { id: messageId, eventId: event.id, message, receivedAt: event.receivedAt },
        );
        // One customer across channels (src/customers): the thread is the customer's whichever of
        // their linked addresses wrote, under their canonical address, locked after the contact and
        // before the ticket so that two linked addresses never open two tickets.
        const customer = await stores.customers.lockCustomer(teamId, message.from);
        // The customer's thread: their open or pending ticket, or a new one (a closed ticket is not reopened by a text).
        const opening = openingTicket(
          config,
          {
            channel: message.channel,
            source: 'message',
            customer,
            subject: messageSubject(config.team.locale),
          },
          now,
        );
        const ticket = await stores.tickets.threadCustomerMessage(opening, {
          messageId,
          channel: message.channel,
          at: now,
        });
        const logged = { ...message, id: messageId, teamId, ticketId: ticket.id, kind: null };
        if (ticket.opened) await recordTeamEvent(stores, ticketCreated({ ...opening, ...ticket }, 'customer', now));
        if (ticket.chatReactivated || ticket.reopened)
          await recordTeamEvent(
            stores,
            ticketFieldsChanged(
              { id: ticket.id, teamId },
              {
                ...(ticket.chatReactivated ? { chat: { from: 'completed', to: 'active' } } : {}),
                ...(ticket.reopened ? { status: { from: 'pending', to: 'open' } } : {}),
              },
              'customer',
              now,
            ),
          );
        await recordTeamEvent(stores, messageCreated(logged, 'customer', now));

        const incoming = { message, keyword };
        const plan = answerPlan(incoming, now);
        // Only a message that could be an answer costs statements: read the candidates, then settle the one it answers.
        const pending = plan
          ? await stores.requests.newestPendingOfKinds(teamId, message.from, message.channel, kindsOf(plan), now)
          : [];
        const match = matchAnswer(pending, incoming, now);
        const answered = match.matched
          ? await stores.requests.settleAnswer(match.request.id, {
              status: match.status,
              answer: match.answer,
              at: now,
            })
          : null;
        if (answered)
          await recordTeamEvent(
            stores,
            requestAnswered({ ...answered, teamId, value: answered.answer.value ?? null }, ticket.id, messageId, now),
          );
        // The after-hours conversation, where the team runs it: it answers instead of the plain after-hours text.
        const afterHours = answered
          ? null
          : await takeAfterHoursTurn(stores, {
              config,
              contact,
              message,
              keyword,
              ticket,
              eventId: event.id,
              publicUrl: this.flowDeps.publicUrl,
              now,
            });
        // An answer to our own question is not a new conversation: no after-hours reply to it.
        const reply =
          answered || afterHours?.handled
            ? null
            : await planAutoReply(stores, {
                config,
                contact,
                claim: true,
                kind: 'after_hours_text',
                channel: message.channel,
                customer: message.from,
                teamNumber: message.to,
                eventId: event.id,
                isKeyword: keyword !== null,
                afterHoursOnly: true,
                customerName: message.profileName,
                ticket,
                variables: {},
                now,
              });
        // The decision log answers "why no reply?" for these cases too.
        const plainSkipped = answered ? 'answer_to_request' : afterHours?.handled ? 'after_hours_flow' : null;
        if (plainSkipped)
          await recordAutoReplyDecision(stores, {
            teamId,
            customer: message.from,
            channel: message.channel,
            ticketId: ticket.id,
            messageId: null,
            decision: { action: 'skip', kind: 'after_hours_text', reason: plainSkipped },
            at: now,
          });
        const acknowledgements = await acknowledge(stores, {
          config,
          contact,
          message,
          eventId: event.id,
          keyword,
          ticket,
          opening,
          answered: answered !== null,
          now,
        });
        const decision: InboundDecision = {
          keyword,
          autoReplies: [
            reply
              ? { ...reply.decision, messageId: reply.messageId }
              : { kind: 'after_hours_text', action: 'skip', reason: plainSkipped!, messageId: null },
            ...(afterHours?.replies ?? []).map((r) => ({ ...r.decision, messageId: r.messageId })),
            ...acknowledgements.map(({ message: sent, ...d }) => ({ ...d, messageId: sent?.id ?? null })),
          ],
          ...(answered
            ? { understood: { requestId: answered.id, kind: answered.kind, value: answered.answer.value } }
            : {}),
        };
        // Processed meanwhile by another worker (a swept duplicate): undo ours, send nothing.
        if (!(await stores.events.markProcessed(event.id, decision))) throw new AlreadyProcessed();
        const toSend = [
          reply?.message ?? null,
          ...(afterHours?.replies ?? []).map((r) => r.message),
          ...(afterHours?.pages ?? []),
          ...acknowledgements.map((a) => a.message),
        ];
        return {
          decision,
          toSend: toSend.filter((m): m is ClaimedMessage => m !== null),
          notificationIds: afterHours?.notificationIds ?? [],
        };
      },
    ).catch((err: unknown) => {
      if (err instanceof AlreadyProcessed) return null;
      throw err;
    });
    if (!result) return null;
    // One after another: the acknowledgements and the conversation's steps reach the customer in their order.
    for (const claimed of result.toSend) await this.dispatcher.sendClaimed([claimed]);
    if (result.notificationIds.length > 0) await this.flowDeps.notify(result.notificationIds);
    return result.decision;
  }
}

class AlreadyProcessed extends Error {}

interface Acknowledgement {
  readonly kind: string;
  readonly action: string;
  readonly reason: string;
  readonly message: ClaimedMessage | null;
}

/**
 * Seed 004: a customer's message that opens a ticket gets the greeting, the response time and the
 * question, each through the one reply decision, in that order; or each logged skipped with why.
 */
async function acknowledge(
  stores: InboundMessageStores,
  a: {
    config: TeamConfig;
    contact: Contact;
    message: InboundMessage;
    eventId: string;
    keyword: string | null;
    ticket: { id: string; number: number; opened: boolean };
    opening: NewTicket;
    answered: boolean;
    now: Date;
  },
): Promise<Acknowledgement[]> {
  const { config, message, ticket } = a;
  const plan = acknowledgementPlan({
    ticketOpened: ticket.opened,
    ticketStatus: a.opening.status,
    ticketSource: a.opening.source,
    anyEnabled: anyAcknowledgementEnabled(config.savedAutoReplies),
    answeredRequest: a.answered,
    teamOpen: () => isOpenAt(config.schedule, a.now),
  });
  if (!plan.consider) return [];
  const done: Acknowledgement[] = [];
  for (const [index, kind] of ACKNOWLEDGEMENT_KINDS.entries()) {
    // A millisecond apart: the thread orders by time, so they read in order.
    const at = new Date(a.now.getTime() + index);
    if (plan.skip) {
      const decision = { action: 'skip', kind, reason: plan.skip } as const;
      const where = { teamId: config.team.id, customer: message.from, channel: message.channel, ticketId: ticket.id };
      await recordAutoReplyDecision(stores, { ...where, messageId: null, decision, at });
      done.push({ ...decision, message: null });
      continue;
    }
    const planned = await planAutoReply(stores, {
      config,
      contact: a.contact,
      claim: true,
      kind,
      channel: message.channel,
      customer: message.from,
      teamNumber: message.to,
      eventId: a.eventId,
      isKeyword: a.keyword !== null,
      afterHoursOnly: false,
      customerName: message.profileName,
      ticket,
      variables: {},
      now: at,
    });
    done.push({ ...planned.decision, message: planned.message });
  }
  return done;
}
