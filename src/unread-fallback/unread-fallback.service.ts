import crypto from 'node:crypto';
import { planAutoReply, recordAutoReplyDecision, type AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import type { TeamConfig } from '../auto-replies/team-config.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import { planTeamNotification } from '../notifications/team-notifier.js';
import { isPhoneNumber } from '../phone-number.js';
import { customerTimeZone } from '../auto-replies/customer-time-zone.js';
import { quietHoursEnd } from '../auto-replies/quiet-hours.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import { decideUnreadFallback, skipReasonText, type CustomerReach } from './decide-unread-fallback.js';
import { fallbackEmail, fallbackText, TEXT_CHARS_PER_REPLY } from './fallback-text.js';
import type { UnreadFallback, UnreadFallbacksStore, UnreadReply } from './unread-fallbacks.store.js';

/** The stores one fallback reads and writes, all in the caller's transaction. */
export interface UnreadFallbackStores extends AutoReplyStores {
  readonly unreadFallbacks: UnreadFallbacksStore;
  readonly contacts: ContactsStore;
  readonly tickets: TicketsStore;
  readonly notifications: NotificationsStore;
}

/** What to hand over after the commit. */
export interface FallbackSends {
  readonly messages: ClaimedMessage[];
  readonly notificationIds: string[];
}

const KIND = 'unread_fallback';

/**
 * Sends one claimed ticket's due unread replies once more, as one message, on the first channel of
 * the team's order that reaches the customer (or logs why none does), and marks the replies
 * covered, all in the caller's transaction: a crash before the commit repeats the whole step, a
 * committed one never repeats.
 */
export async function fallBackOnTicket(
  stores: UnreadFallbackStores,
  config: TeamConfig,
  ticketId: string,
  now: Date,
): Promise<FallbackSends> {
  const { team } = config;
  const settings = team.settings.unreadFallback;
  const none: FallbackSends = { messages: [], notificationIds: [] };
  const replies = await stores.unreadFallbacks.dueReplies(ticketId, now);
  const ticket = await stores.tickets.get(team.id, ticketId);
  if (replies.length === 0 || !ticket) return none;
  // The lock order everywhere: the customer's contact before the ticket (planAutoReply's insert touches the ticket).
  const contact = await stores.contacts.lockForReply(team.id, ticket.customer);
  const card = await stores.contacts.card(team.id, ticket.customer);
  const phone = isPhoneNumber(ticket.customer) ? ticket.customer : null;
  const reach: CustomerReach = {
    email: card?.email ?? null,
    phone,
    optedOut: contact.optedOut,
    lastWhatsappInboundAt: contact.lastWhatsappInboundAt,
    teamNumber: phone ? await teamNumberFor(stores, config, ticket.customer, replies) : null,
  };
  const decision = decideUnreadFallback({
    order: settings.channels,
    replyChannels: [...new Set(replies.map((r) => r.channel))],
    reach,
    whatsappTemplateSet: settings.whatsappTemplate !== null,
    now,
  });
  const replyIds = replies.map((r) => r.id);
  const base = { id: crypto.randomUUID(), teamId: team.id, ticketId, replyIds, createdAt: now };
  const skip = async (reason: string, logged: boolean): Promise<FallbackSends> => {
    if (!logged)
      await recordAutoReplyDecision(stores, {
        teamId: team.id,
        customer: ticket.customer,
        channel: replies[0]!.channel,
        ticketId,
        messageId: null,
        decision: { action: 'skip', kind: KIND, reason },
        at: now,
      });
    await stores.unreadFallbacks.record({
      ...base,
      action: 'skip',
      channel: null,
      reason,
      target: null,
      messageId: null,
      notificationId: null,
    });
    // The timeline says what happened to the customer; a skip is in GET /decisions (and the fallback's row).
    return none;
  };
  if (decision.action === 'skip') return skip(skipReasonText(decision), false);
  // Quiet hours hold the decision, not only the message: what the customer reads overnight is
  // left out at their end, and an email waits like a text.
  const quietEnd = quietHoursEnd(
    now,
    customerTimeZone(ticket.customer, team.timezone),
    team.settings.replyLedger.quietHours,
  );
  if (quietEnd) {
    await stores.unreadFallbacks.holdUntil(replyIds, quietEnd);
    return none;
  }

  const sent = async (f: Pick<UnreadFallback, 'messageId' | 'notificationId' | 'reason'>, extra: object) => {
    await stores.unreadFallbacks.record({
      ...base,
      action: 'send',
      channel: decision.channel,
      target: decision.to,
      ...f,
    });
    await stores.tickets.addEvent(
      ticketId,
      {
        type: 'unread_fallback_sent',
        actor: 'auto-reply',
        data: { channel: decision.channel, to: decision.to, messageIds: replyIds, ...extra },
        at: now,
      },
      // Not the ticket's activity: nobody did anything on it (the inbox orders by what people do).
      false,
    );
  };

  if (decision.channel === 'email') {
    const mail = fallbackEmail(replies, ticket, team);
    const notificationIds = await planTeamNotification(stores, {
      teamId: team.id,
      event: 'unread_fallback.email',
      subject: mail.subject,
      text: mail.text,
      payload: { ticketId, fallbackId: base.id, messageIds: replyIds },
      dedupeKey: `unread_fallback:${base.id}`,
      settings: { emails: [decision.to] },
    });
    await recordAutoReplyDecision(stores, {
      teamId: team.id,
      customer: ticket.customer,
      channel: 'email',
      ticketId,
      messageId: null,
      decision: { action: 'send', kind: KIND, reason: 'sent_as_email' },
      at: now,
    });
    await sent({ messageId: null, notificationId: notificationIds[0] ?? null, reason: 'sent_as_email' }, {});
    return { messages: [], notificationIds };
  }

  // SMS or a WhatsApp template: through the reply ledger, on the ticket's thread.
  const outcome = await planAutoReply(stores, {
    config,
    contact,
    claim: true,
    kind: KIND,
    channel: decision.channel === 'sms' ? 'sms' : 'whatsapp',
    customer: decision.to,
    teamNumber: reach.teamNumber!,
    eventId: null,
    isKeyword: false,
    afterHoursOnly: false,
    customerName: card?.name ?? null,
    ticket: { id: ticket.id, number: ticket.number },
    // The agents' words are values, never template text: a "{{" in a reply stays as written.
    customBody: '{{ replies }}',
    variables: { replies: fallbackText(replies, ticket.number, team.locale, TEXT_CHARS_PER_REPLY) },
    whatsappTemplate: settings.whatsappTemplate,
    now,
  });
  if (outcome.decision.action === 'skip' || !outcome.messageId) return skip(`ledger: ${outcome.decision.reason}`, true);
  const held = outcome.decision.sendAfter ?? null;
  await sent(
    { messageId: outcome.messageId, notificationId: null, reason: outcome.decision.reason },
    { messageId: outcome.messageId, ...(held ? { sendAfter: held.toISOString() } : {}) },
  );
  return { messages: outcome.message ? [outcome.message] : [], notificationIds: [] };
}

/** The number an SMS or template goes from: the reply's own, else the one the customer last wrote to, else the team's first. */
async function teamNumberFor(
  stores: UnreadFallbackStores,
  config: TeamConfig,
  customer: string,
  replies: readonly UnreadReply[],
): Promise<string | null> {
  const own = replies.find((r) => isPhoneNumber(r.from) && config.team.numbers.includes(r.from));
  if (own) return own.from;
  const last = await stores.messages.lastInboundFrom(config.team.id, customer);
  if (last && config.team.numbers.includes(last.teamNumber)) return last.teamNumber;
  return config.team.numbers[0] ?? null;
}
