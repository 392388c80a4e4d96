import crypto from 'node:crypto';
import type { MessageChannel } from '../../channels/contract.js';
import { flowText } from '../after-hours-flow/default-flow-texts.js';
import { replyLocale } from '../auto-replies/auto-reply.js';
import { planAutoReply, type AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import type { TeamConfig } from '../auto-replies/team-config.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import { planTeamNotification } from '../notifications/team-notifier.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { pageAcknowledged, pageSent } from '../team-events/team-event-of.js';
import { applyTicketPatch, type TicketPatchStores } from '../tickets/apply-ticket-patch.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import type { UrgentPagesStore } from './urgent-pages.store.js';
import {
  isAckReply,
  newAckToken,
  nextPageAt,
  pageText,
  untemplated,
  type AckVia,
  type UrgentPage,
} from './urgent-page.js';

/** The stores paging reads and writes, all in the caller's transaction. */
export interface UrgentPagingStores extends AutoReplyStores, TicketPatchStores {
  readonly urgentPages: UrgentPagesStore;
  readonly contacts: ContactsStore;
  readonly tickets: TicketsStore;
  readonly notifications: NotificationsStore;
}

/** What the after-hours conversation's urgent path hands over. */
export interface UrgentPageRequest {
  /** The team as read for this event; the on-call people are `config.team.settings.afterHoursFlow.onCall`. */
  readonly config: TeamConfig;
  readonly ticket: { readonly id: string; readonly number: number };
  /** E.164 of the customer. */
  readonly customer: string;
  readonly customerName: string | null;
  /** The customer's description of the issue. */
  readonly issue: string;
  readonly customerChannel: MessageChannel;
  /** The team number the customer wrote to: pages go from it, and the customer hears back on it. */
  readonly teamNumber: string;
  /** The gateway's PUBLIC_URL: the acknowledge link is `<publicUrl>/ack/<token>`. */
  readonly publicUrl: string;
  readonly now: Date;
}

/** What to hand over after the commit: claimed messages to `dispatcher.sendClaimed`, notifications to their dispatcher. */
export interface PagingSends {
  readonly messages: ClaimedMessage[];
  readonly notificationIds: string[];
}

/**
 * Starts paging for an urgent issue, inside the caller's transaction: the ticket's priority goes
 * to `urgent` (as an agent's PATCH does), a page row is stored and page 1 goes out (an SMS to each
 * on-call number, a high-priority email to each on-call address). The repager sends the next
 * pages every `repageMinutes` until someone acknowledges or `maxPages` went out.
 */
export async function startUrgentPaging(stores: UrgentPagingStores, r: UrgentPageRequest): Promise<PagingSends> {
  const { team } = r.config;
  const ticket = await stores.tickets.lock(team.id, r.ticket.id);
  if (!ticket) throw new Error(`no ticket ${r.ticket.id} in team ${team.id}`);
  await applyTicketPatch(stores, team, ticket, { priority: 'urgent' }, null, {
    actor: 'paging',
    now: r.now,
    causedBy: null,
  });
  const page: UrgentPage = {
    id: crypto.randomUUID(),
    teamId: team.id,
    ticketId: ticket.id,
    customer: r.customer,
    customerName: r.customerName,
    customerChannel: r.customerChannel,
    teamNumber: r.teamNumber,
    issue: r.issue,
    onCall: team.settings.afterHoursFlow.onCall,
    pagesSent: 0,
    nextPageAt: null,
    startedAt: r.now,
    stoppedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedVia: null,
  };
  await stores.urgentPages.insert(page);
  return sendPage(stores, r.config, page, { number: ticket.number, publicUrl: r.publicUrl, now: r.now });
}

/**
 * Sends page `pagesSent + 1` of a locked page: an `URGENT` SMS with its own acknowledge link to
 * each on-call number, and a high-priority email with its own link to each address. An SMS that
 * cannot go (skipped now, or failed later) is noted on the ticket; it never holds back the email.
 */
export async function sendPage(
  stores: UrgentPagingStores,
  config: TeamConfig,
  page: UrgentPage,
  at: { readonly number: number; readonly publicUrl: string; readonly now: Date },
): Promise<PagingSends> {
  const { team } = config;
  const pageNumber = page.pagesSent + 1;
  const { numbers, emails, maxPages } = page.onCall;
  const messages: ClaimedMessage[] = [];
  const notificationIds: string[] = [];
  const linkFor = async (recipient: string, messageId: string | null, token: { token: string; hash: string }) => {
    await stores.urgentPages.addSend({ tokenHash: token.hash, pageId: page.id, pageNumber, recipient, messageId });
  };
  const ackUrl = (token: string) => `${at.publicUrl.replace(/\/+$/, '')}/ack/${token}`;
  const text = (token: string) =>
    pageText({
      customer: page.customer,
      customerName: page.customerName,
      ticketNumber: at.number,
      issue: page.issue,
      ackUrl: ackUrl(token),
      page: pageNumber,
    });

  for (const number of numbers) {
    const token = newAckToken();
    const contact = await stores.contacts.lockForReply(team.id, number);
    const sent = await planAutoReply(stores, {
      config,
      contact,
      claim: true,
      kind: 'urgent_page',
      channel: 'sms',
      customer: number,
      teamNumber: page.teamNumber,
      eventId: null,
      isKeyword: false,
      afterHoursOnly: false,
      customerName: null,
      // Not on the customer's thread: it is not to them (the timeline has `urgent_paged`), and its link is the on-call person's.
      ticket: null,
      variables: {},
      now: at.now,
      customBody: text(token.token),
    });
    await linkFor(number, sent.messageId, token);
    if (sent.message) messages.push(sent.message);
    if (sent.decision.action === 'skip')
      await stores.tickets.addEvent(page.ticketId, {
        type: 'urgent_page_failed',
        actor: 'paging',
        data: { page: pageNumber, number, reason: `not_sent: ${sent.decision.reason}` },
        at: at.now,
      });
  }
  for (const email of emails) {
    const token = newAckToken();
    await linkFor(email, null, token);
    notificationIds.push(
      ...(await planTeamNotification(stores, {
        teamId: team.id,
        event: 'page.sent',
        subject: `[${team.name}] URGENT: ticket #${at.number} from ${page.customerName ?? page.customer}`,
        text: [
          `An urgent issue (page ${pageNumber} of at most ${maxPages}).`,
          '',
          `Customer: ${page.customerName ? `${page.customerName} (${page.customer})` : page.customer}`,
          `Ticket: #${at.number}`,
          `Issue: ${page.issue}`,
          '',
          `Acknowledge: ${ackUrl(token.token)}`,
          'or reply ACK to the text message, or press Acknowledge on the ticket in the Inbox.',
        ].join('\n'),
        payload: { ticketId: page.ticketId, pageId: page.id, page: pageNumber },
        dedupeKey: `urgent_page:${page.id}:${pageNumber}:${email}`,
        settings: { emails: [email] },
        priority: 'high',
      })),
    );
  }
  await stores.urgentPages.recordPageSent(page.id, pageNumber, nextPageAt(page.onCall, at.now), at.now);
  await stores.tickets.addEvent(page.ticketId, {
    type: 'urgent_paged',
    actor: 'paging',
    data: { page: pageNumber, maxPages, numbers: [...numbers], emails: [...emails] },
    at: at.now,
  });
  await recordTeamEvent(
    stores,
    pageSent(
      { ...page, pageId: page.id },
      { page: pageNumber, maxPages, numbers: [...numbers], emails: [...emails] },
      at.now,
    ),
  );
  return { messages, notificationIds };
}

/** Paging gave up: `maxPages` went out and nobody acknowledged within `repageMinutes` of the last. */
export async function stopUnacknowledged(stores: UrgentPagingStores, page: UrgentPage, now: Date): Promise<void> {
  await stores.urgentPages.recordPageSent(page.id, page.pagesSent, null, now);
  await stores.tickets.addEvent(page.ticketId, {
    type: 'urgent_paging_stopped',
    actor: 'paging',
    data: { pages: page.pagesSent, acknowledged: false },
    at: now,
  });
}

export interface Acknowledgement {
  readonly config: TeamConfig;
  /** The page, locked by the caller. */
  readonly page: UrgentPage;
  /** Who acknowledged, as the timeline and the customer see it: a name, an email or an on-call number. */
  readonly by: string;
  readonly via: AckVia;
  /** Who acted, in the timeline's terms (`user:<email>`, `on-call:<number>` …). */
  readonly actor: string;
  /** Claim the customer's message for the caller to send now (a worker); else dispatch `messageIds`. */
  readonly claim: boolean;
  readonly now: Date;
}

export interface AcknowledgeOutcome {
  readonly ticket: { readonly id: string; readonly number: number };
  readonly messages: ClaimedMessage[];
  readonly messageIds: string[];
}

/**
 * The one way an urgent page is acknowledged (link, `ACK` reply, Inbox): paging stops,
 * `urgent_acknowledged {by, via}` goes on the ticket with a `page.acknowledged` event, and the
 * customer is told that someone is on it. Null when it was acknowledged already: nothing happens.
 */
export async function acknowledgeUrgent(
  stores: UrgentPagingStores,
  a: Acknowledgement,
): Promise<AcknowledgeOutcome | null> {
  const { config, page, now } = a;
  const { team } = config;
  if (!(await stores.urgentPages.acknowledge(page.id, { by: a.by, via: a.via, at: now }))) return null;
  const current = await stores.tickets.get(team.id, page.ticketId);
  const ticket = { id: page.ticketId, number: current?.number ?? 0 };
  await stores.tickets.addEvent(page.ticketId, {
    type: 'urgent_acknowledged',
    actor: a.actor,
    data: { by: a.by, via: a.via, pages: page.pagesSent },
    at: now,
  });
  await recordTeamEvent(
    stores,
    pageAcknowledged({ ...page, pageId: page.id }, { by: a.by, via: a.via, pages: page.pagesSent }, a.actor, now),
  );
  const contact = await stores.contacts.lockForReply(team.id, page.customer);
  const text = flowText(team.settings.afterHoursFlow, 'urgentAcknowledged', replyLocale(team.locale));
  const told = await planAutoReply(stores, {
    config,
    contact,
    claim: a.claim,
    kind: 'after_hours_flow_step',
    channel: page.customerChannel,
    customer: page.customer,
    teamNumber: page.teamNumber,
    eventId: null,
    isKeyword: false,
    afterHoursOnly: false,
    customerName: page.customerName,
    ticket,
    variables: {},
    now,
    // The kind allows the common placeholders only: the name is filled in here, ticket_id by the reply.
    customBody: text.replace(/\{\{\s*agent_name\s*\}\}/g, untemplated(a.by)),
  });
  return {
    ticket,
    messages: told.message ? [told.message] : [],
    messageIds: told.messageId ? [told.messageId] : [],
  };
}

/** What an on-call person's `ACK` text led to, for the inbound event's decision. */
export interface AckByReply {
  readonly decision: {
    readonly keyword: null;
    readonly autoReplies: ReadonlyArray<{ kind: string; action: string; reason: string; messageId: string | null }>;
    readonly urgentAcknowledged: { readonly pageId: string; readonly ticketId: string; readonly already: boolean };
  };
  /** The customer's news and the on-call person's confirmation, claimed: send after the commit. */
  readonly messages: ClaimedMessage[];
}

/**
 * An inbound text that is `ACK` from a number paged by this team acknowledges the newest of its
 * open pages, and the on-call person gets a confirmation. Null for anything else (the message
 * goes on as usual). Runs in the inbound worker's transaction, before any ticket is touched.
 */
export async function acknowledgeByReply(
  stores: UrgentPagingStores,
  r: {
    readonly config: TeamConfig;
    readonly message: {
      readonly from: string;
      readonly to: string;
      readonly body: string | null;
      readonly channel: MessageChannel;
    };
    readonly now: Date;
  },
): Promise<AckByReply | null> {
  const { config, message, now } = r;
  if (!isAckReply(message.body)) return null;
  const page = await stores.urgentPages.lockNewestUnacknowledgedFor(config.team.id, message.from);
  if (!page) return null;
  const acked = await acknowledgeUrgent(stores, {
    config,
    page,
    by: message.from,
    via: 'reply',
    actor: `on-call:${message.from}`,
    claim: true,
    now,
  });
  const ticket = acked?.ticket ?? { id: page.ticketId, number: 0 };
  const contact = await stores.contacts.lockForReply(config.team.id, message.from);
  const confirmed = await planAutoReply(stores, {
    config,
    contact,
    claim: true,
    kind: 'urgent_page',
    channel: message.channel,
    customer: message.from,
    teamNumber: message.to,
    eventId: null,
    isKeyword: false,
    afterHoursOnly: false,
    customerName: null,
    ticket: null,
    variables: {},
    now: new Date(now.getTime() + 1),
    customBody: untemplated(
      `Acknowledged: ticket ${ticket.number} (${page.customerName ?? page.customer}). Paging stopped; the customer was told.`,
    ),
  });
  return {
    decision: {
      keyword: null,
      autoReplies: [{ ...confirmed.decision, messageId: confirmed.messageId }],
      urgentAcknowledged: { pageId: page.id, ticketId: page.ticketId, already: acked === null },
    },
    messages: [...(acked?.messages ?? []), ...(confirmed.message ? [confirmed.message] : [])],
  };
}
