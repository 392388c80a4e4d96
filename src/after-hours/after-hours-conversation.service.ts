import crypto from 'node:crypto';
import type { InboundMessage, MessageChannel, TemplateContent } from '../../channels/contract.js';
import { flowText } from '../after-hours-flow/default-flow-texts.js';
import type { FlowLocale } from '../after-hours-flow/after-hours-flow.js';
import { planAutoReply, type AutoReplyOutcome, type AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import { AFTER_HOURS_FLOW_DEFINITION, FLOW_STEP_DEFINITION } from '../auto-replies/catalogue.js';
import { replyLocale } from '../auto-replies/auto-reply.js';
import type { TeamConfig } from '../auto-replies/team-config.js';
import type { Contact, ContactsStore } from '../contacts/contacts.store.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import { planTeamNotification } from '../notifications/team-notifier.js';
import { isOpenAt } from '../schedules/is-open.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { callbackSlots, slotsTimeZone } from '../callbacks/callback-slots.js';
import { createCallbackTask, type CallbackTaskStores } from '../callbacks/callback-tasks.js';
import { isPhoneNumber } from '../phone-number.js';
import { linkSameEmail, type CustomerMergeStores } from '../customers/customers.service.js';
import { startUrgentPaging, type UrgentPagingStores } from '../urgent-paging/urgent-paging.service.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import type { FlowPath } from '../after-hours-flow/after-hours-flow.js';
import type { FlowSession, FlowSessionsStore } from './flow-sessions.store.js';
import {
  continueFlow,
  menuPaths,
  OPTION_TEXT,
  startFlow,
  type FlowInput,
  type FlowState,
  type FlowTurn,
  type OfferedSlot,
} from './flow-step.js';
import { flowMessage } from './flow-texts.js';
import { teamCountry } from './form-answers.js';

/** The FAQ's search, as the conversation uses it (src/faq). */
export interface FaqSearch {
  search(teamId: string, text: string, limit: number): Promise<readonly { question: string; answer: string }[]>;
}

export interface AfterHoursConversationStores
  extends AutoReplyStores, CallbackTaskStores, UrgentPagingStores, CustomerMergeStores {
  readonly flowSessions: FlowSessionsStore;
  readonly tickets: TicketsStore;
  readonly contacts: ContactsStore;
  readonly notifications: NotificationsStore;
  readonly faq: FaqSearch;
}

/** A customer's message the conversation may take (the inbound worker's, in its transaction). */
export interface AfterHoursMessage {
  readonly config: TeamConfig;
  /** Locked by the caller (recordInbound): one message of a customer at a time. */
  readonly contact: Contact;
  readonly message: Pick<InboundMessage, 'channel' | 'from' | 'to' | 'body' | 'profileName' | 'button'>;
  readonly keyword: 'STOP' | 'START' | 'HELP' | null;
  readonly ticket: { readonly id: string; readonly number: number };
  readonly eventId: string;
  /** The gateway's PUBLIC_URL, for an urgent page's acknowledge link. */
  readonly publicUrl: string;
  readonly now: Date;
}

export interface AfterHoursOutcome {
  /** The conversation answered (or silently took) the message: the plain after-hours text must not. */
  readonly handled: boolean;
  readonly replies: readonly AutoReplyOutcome[];
  /** Team emails to dispatch after the commit. */
  readonly notificationIds: readonly string[];
  /** Urgent pages to the on-call numbers, to send after the commit. */
  readonly pages: readonly ClaimedMessage[];
}

const NOT_HANDLED: AfterHoursOutcome = { handled: false, replies: [], notificationIds: [], pages: [] };

/**
 * A customer who finished a path is not walked through the menu again the same night: their
 * further messages simply land on the ticket. Twelve hours covers a night, so the next one starts fresh.
 */
export const RESTART_AFTER_COMPLETED_MS = 12 * 3_600_000;

/**
 * The after-hours conversation's turn for one inbound message: starts a session after hours, walks a
 * running one (whatever the hour: a session the opening time crosses is finished, not cut off),
 * sends each reply through the reply ledger, and acts on a finished form.
 */
export async function takeAfterHoursTurn(
  stores: AfterHoursConversationStores,
  m: AfterHoursMessage,
): Promise<AfterHoursOutcome> {
  const { config, message, now } = m;
  const flow = config.team.settings.afterHoursFlow;
  const teamId = config.team.id;
  let session = await stores.flowSessions.running(teamId, message.from);
  // Idle past its time, and not yet closed by the sweep: it is over, quietly (the customer is back).
  if (session && session.expiresAt <= now) {
    await stores.flowSessions.end(session.id, now, 'expired', null);
    await stores.tickets.addEvent(
      session.ticketId ?? m.ticket.id,
      flowEvent('flow_ended', now, { reason: 'expired' }),
      false,
    );
    session = null;
  }
  if (!session) {
    // Off, another channel, or STOP/START outside a session: the usual path answers.
    if (!flow.enabled || !flow.channels.includes(message.channel)) return NOT_HANDLED;
    if (m.keyword === 'STOP' || m.keyword === 'START') return NOT_HANDLED;
    if (isOpenAt(config.schedule, now)) return NOT_HANDLED;
    const completedAt = await stores.flowSessions.lastCompletedAt(teamId, message.from);
    if (completedAt && now.getTime() - completedAt.getTime() < RESTART_AFTER_COMPLETED_MS)
      return { handled: true, replies: [], notificationIds: [], pages: [] };
    return begin(stores, m);
  }
  const turn = await nextTurn(stores, config, session.state, {
    from: message.from,
    text: answerText(message),
    keyword: m.keyword,
    now,
  });
  return settle(stores, m, session, turn);
}

async function begin(stores: AfterHoursConversationStores, m: AfterHoursMessage): Promise<AfterHoursOutcome> {
  const { config, message, now } = m;
  const turn = startFlow();
  const session: FlowSession = {
    id: crypto.randomUUID(),
    teamId: config.team.id,
    customer: message.from,
    channel: message.channel,
    ticketId: m.ticket.id,
    teamNumber: message.to,
    state: turn.state!,
    startedAt: now,
    lastActivityAt: now,
    expiresAt: expiry(m, now),
    endedAt: null,
    endReason: null,
    completedPath: null,
  };
  const replies = await send(stores, m, turn, true);
  // The away message is held to every guard (an auto-responder, the hourly limit …): when the
  // ledger says no, no conversation starts either.
  if (replies[0]?.decision.action !== 'send') return { handled: true, replies, notificationIds: [], pages: [] };
  await stores.flowSessions.start(session);
  await stores.tickets.addEvent(m.ticket.id, flowEvent('flow_started', now, { sessionId: session.id }), false);
  return { handled: true, replies, notificationIds: [], pages: [] };
}

async function settle(
  stores: AfterHoursConversationStores,
  m: AfterHoursMessage,
  session: FlowSession,
  turn: FlowTurn,
): Promise<AfterHoursOutcome> {
  const { now } = m;
  const replies = await send(stores, m, turn, false);
  if (!turn.end) {
    await stores.flowSessions.advance(session.id, turn.state!, now, expiry(m, now));
    return { handled: true, replies, notificationIds: [], pages: [] };
  }
  const completedPath = turn.completed?.path ?? (turn.end === 'completed' ? session.state.path : null);
  await stores.flowSessions.end(session.id, now, turn.end, completedPath);
  await stores.tickets.addEvent(
    m.ticket.id,
    flowEvent('flow_ended', now, { reason: turn.end, path: completedPath }),
    false,
  );
  const effects = turn.completed ? await completePath(stores, m, turn.completed) : { notificationIds: [], pages: [] };
  // A form that gave an email another contact of the team gave: one customer (last, the ticket's work done).
  if (turn.completed?.fields.email)
    await linkSameEmail(stores, { teamId: m.config.team.id, address: m.message.from, now: m.now });
  return { handled: true, replies, ...effects };
}

/** A finished form: the answers on the ticket, the customer a lead, and the team told. */
async function completePath(
  stores: AfterHoursConversationStores,
  m: AfterHoursMessage,
  done: { readonly path: Exclude<FlowPath, 'faq'>; readonly fields: Readonly<Record<string, string | null>> },
): Promise<{ notificationIds: string[]; pages: ClaimedMessage[] }> {
  const { config, message, now, ticket } = m;
  const teamId = config.team.id;
  await stores.tickets.mergeFields(ticket.id, done.fields, now);
  if (done.path === 'callback') await requestCallback(stores, m, done.fields);
  await stores.contacts.recordLead(teamId, message.from, {
    name: done.fields.name ?? null,
    email: done.fields.email ?? null,
    source: `after_hours_flow:${done.path}`,
  });
  await stores.tickets.addEvent(ticket.id, flowEvent('flow_completed', now, { path: done.path, fields: done.fields }));
  await recordTeamEvent(stores, {
    teamId,
    ticketId: ticket.id,
    type: 'flow.completed',
    actor: 'customer',
    data: {
      path: done.path,
      number: ticket.number,
      customer: message.from,
      channel: message.channel,
      fields: done.fields,
    },
    at: now,
  });
  // An urgent issue pages the on-call people (priority urgent, SMS and high-priority email) instead of the team's list.
  if (done.path === 'urgent') {
    const paged = await startUrgentPaging(stores, {
      config,
      ticket,
      customer: message.from,
      customerName: done.fields.name ?? message.profileName,
      issue: done.fields.description ?? '(no description given)',
      customerChannel: message.channel,
      teamNumber: message.to,
      publicUrl: m.publicUrl,
      now,
    });
    return { notificationIds: paged.notificationIds, pages: paged.messages };
  }
  const who = done.fields.name ? `${done.fields.name} (${message.from})` : message.from;
  const lines = Object.entries(done.fields).map(([k, v]) => `${k}: ${v ?? '(not given)'}`);
  const notificationIds = await planTeamNotification(stores, {
    teamId,
    event: 'flow.completed',
    subject: `${PATH_SUBJECT[done.path]} from ${who}, ticket ${ticket.number}`,
    text: [`${PATH_SUBJECT[done.path]} after hours, ticket ${ticket.number}.`, '', ...lines].join('\n'),
    payload: { path: done.path, ticketId: ticket.id, number: ticket.number, customer: message.from },
    dedupeKey: `flow.completed:${ticket.id}:${now.toISOString()}`,
    settings: config.team.settings.notifications,
  });
  return { notificationIds, pages: [] };
}

/**
 * The callback form's task: at the slot the customer chose, else the first one the team can offer
 * (they asked for a call; a missing answer does not cancel it), on the number they gave, else theirs.
 */
async function requestCallback(
  stores: AfterHoursConversationStores,
  m: AfterHoursMessage,
  fields: Readonly<Record<string, string | null>>,
): Promise<void> {
  const { config, message, now } = m;
  const zone = fields.timeZone ?? slotsTimeZone(message.from, config.team.timezone, null).timeZone;
  const chosen =
    fields.bestTimeStart && fields.bestTimeEnd
      ? { start: new Date(fields.bestTimeStart), end: new Date(fields.bestTimeEnd) }
      : (callbackSlots(config.schedule, now, zone, config.team.locale)[0] ?? null);
  // No opening hours at all: no time to promise; the team still hears of the request.
  if (!chosen) return;
  const ticket = await stores.tickets.lock(config.team.id, m.ticket.id);
  if (!ticket) return;
  await createCallbackTask(stores, {
    ticket,
    teamId: config.team.id,
    phone: fields.phone && isPhoneNumber(fields.phone) ? fields.phone : message.from,
    name: fields.name ?? null,
    regarding: fields.regarding ?? null,
    slot: { start: chosen.start, end: chosen.end },
    timeZone: zone,
    now,
    actor: 'after-hours-flow',
  });
}

const PATH_SUBJECT: Readonly<Record<Exclude<FlowPath, 'faq'>, string>> = {
  message: 'A message',
  callback: 'A callback request',
  urgent: 'An URGENT issue',
};

/** Each reply through the reply ledger, in order; a start's first one (the away message) as `after_hours_flow`. */
async function send(
  stores: AfterHoursConversationStores,
  m: AfterHoursMessage,
  turn: FlowTurn,
  starting: boolean,
): Promise<AutoReplyOutcome[]> {
  const { config, message } = m;
  const locale = replyLocale(config.team.locale);
  const out: AutoReplyOutcome[] = [];
  for (const [index, reply] of turn.replies.entries()) {
    const text = flowMessage(config.team.settings.afterHoursFlow, locale, reply);
    const outcome = await planAutoReply(stores, {
      config,
      contact: m.contact,
      claim: true,
      kind: starting && index === 0 ? AFTER_HOURS_FLOW_DEFINITION.kind : FLOW_STEP_DEFINITION.kind,
      customBody: text.body,
      channel: message.channel,
      customer: message.from,
      teamNumber: message.to,
      // One message per event and kind (messages_event_kind_uq): the turn's further steps share its
      // transaction, which the event's processed mark makes run once, so they carry no event.
      eventId: index === 0 ? m.eventId : null,
      // The flow answers HELP itself; the carrier's own answer to STOP/HELP is not ours to repeat.
      isKeyword: false,
      afterHoursOnly: false,
      customerName: message.profileName,
      ticket: m.ticket,
      variables: text.variables,
      interactive: reply.key === 'menu' ? menuContent(config, locale) : null,
      // A millisecond apart: the thread orders by time, so they read in order.
      now: new Date(m.now.getTime() + index),
    });
    out.push(outcome);
    if (outcome.decision.action !== 'send') break;
  }
  return out;
}

/**
 * The menu as the team's WhatsApp quick-reply (or list) template, when it set one: variable 1 is
 * the question, 2… the enabled paths' titles; a button's id is its number (the reply's payload).
 */
function menuContent(config: TeamConfig, locale: FlowLocale): TemplateContent | null {
  const flow = config.team.settings.afterHoursFlow;
  if (!flow.whatsappMenuContentSid) return null;
  const variables: Record<string, string> = { '1': flowText(flow, 'menu', locale) };
  menuPaths(flow).forEach((path, i) => (variables[String(i + 2)] = flowText(flow, OPTION_TEXT[path], locale)));
  return { sid: flow.whatsappMenuContentSid, variables };
}

/**
 * The customer's next message through the running flow: the FAQ searched first when it is the FAQ's
 * question (the pure step reads no database). Shared by a real turn and the panel's "try it".
 */
export async function nextTurn(
  stores: { readonly faq: FaqSearch },
  config: TeamConfig,
  state: FlowState,
  said: { from: string; text: string; keyword: FlowInput['keyword']; now: Date },
): Promise<FlowTurn> {
  const { from, text, keyword, now } = said;
  const faqHits =
    state.step === 'faq_question' && text.trim() !== '' ? await stores.faq.search(config.team.id, text, 3) : [];
  const zone = slotsTimeZone(from, config.team.timezone, null);
  return continueFlow(state, {
    flow: config.team.settings.afterHoursFlow,
    text,
    keyword,
    answers: { senderNumber: from, teamCountry: teamCountry(config.team.numbers), slotCount: 0 },
    customerZone: zone.source === 'number' ? zone.timeZone : null,
    teamZone: config.team.timezone,
    slotsIn: (timeZone) => offeredSlots(config, now, timeZone),
    faqHits,
  });
}

/** The callback slots in the team's next opening hours, labelled in the customer's zone. */
export function offeredSlots(config: TeamConfig, now: Date, timeZone: string): OfferedSlot[] {
  return callbackSlots(config.schedule, now, timeZone, config.team.locale).map((slot) => ({
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    // One en dash would make an English SMS UCS-2 (70 characters a part instead of 160).
    label: slot.label.replace(/[\u2013\u2014]/g, '-'),
  }));
}

/** A quick-reply button's payload when it is a menu number, else what the customer wrote. */
function answerText(message: AfterHoursMessage['message']): string {
  const payload = message.button?.payload ?? '';
  return /^\d{1,2}$/.test(payload) ? payload : message.body;
}

function expiry(m: AfterHoursMessage, from: Date): Date {
  return new Date(from.getTime() + m.config.team.settings.afterHoursFlow.idleMinutes * 60_000);
}

function flowEvent(type: 'flow_started' | 'flow_ended' | 'flow_completed', at: Date, data: Record<string, unknown>) {
  return { type, actor: 'after-hours-flow', data, at } as const;
}

export type { FlowState, MessageChannel };
