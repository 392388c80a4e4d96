import crypto from 'node:crypto';
import type { MessageChannel, TemplateContent } from '../../channels/contract.js';
import { renderTemplate } from '../reply-templates/reply-template.js';
import type { WhatsappTemplate } from './auto-reply.js';
import type { MessagesStore } from '../messages/messages.store.js';
import type { Contact } from '../contacts/contacts.store.js';
import { isOpenAt } from '../schedules/is-open.js';
import type { TeamConfig } from './team-config.js';
import { allowedPlaceholders, customBodyKind, kindDefinition } from './catalogue.js';
import { composeReply } from './compose-reply.js';
import { MACHINE_ANSWER_STREAK, STREAK_LOOKBACK_MS } from './auto-responder.js';
import { customerTimeZone } from './customer-time-zone.js';
import { decideAutoReply, type AutoReplyDecision, type AutoReplyInput, type LedgerFacts } from './decide-auto-reply.js';
import { placeholderValues } from './placeholder-values.js';
import { customEntry, resolveEntry } from './resolve-entry.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import type { ReplyDecisionsStore } from './reply-decisions.store.js';
import type { RuleCause } from '../team-events/team-event.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { autoReplyDecided, messageCreated } from '../team-events/team-event-of.js';
import { averageResponseTime, type AverageResponseTimeStores } from './average-response-time.js';
import type { AutoReplyEntry } from './auto-reply.js';

export interface AutoReplyTrigger {
  readonly config: TeamConfig;
  /** The customer's contact, locked by the caller in this transaction (recordInbound or lockForReply). */
  readonly contact: Contact;
  /** Insert the reply already claimed, for the caller to send right after commit. */
  readonly claim: boolean;
  readonly kind: string;
  readonly channel: MessageChannel;
  /** The customer's number (E.164) and the team number to answer from. */
  readonly customer: string;
  readonly teamNumber: string;
  readonly eventId: string | null;
  readonly isKeyword: boolean;
  readonly afterHoursOnly: boolean;
  readonly customerName: string | null;
  /** The customer's current ticket: the reply goes on its thread, and its number fills `ticket_id`. */
  readonly ticket: { readonly id: string; readonly number: number } | null;
  readonly variables: Readonly<Record<string, string>>;
  /** An agent's own catalogue send (POST /messages {kind}) skips the automation-only guards; default automation. */
  readonly requestedBy?: 'automation' | 'agent';
  readonly now: Date;
  /** The sender's own text instead of a catalogue kind's; `kind` is then a custom-body kind (`rule_message`, `after_hours_flow` …). */
  readonly customBody?: string;
  /** Set when a rule sends it: its id goes in the decision log, and the message's event carries the cause. */
  readonly cause?: RuleCause | null;
  /**
   * Interactive content (WhatsApp quick replies or a list, Content API) to send instead of the
   * text when the reply goes as it is (inside WhatsApp's window); the thread keeps the text.
   */
  readonly interactive?: TemplateContent | null;
  /** With `customBody`: the approved template that goes instead outside WhatsApp's window (the unread fallback's). */
  readonly whatsappTemplate?: WhatsappTemplate | null;
}

export interface AutoReplyOutcome {
  readonly decision: AutoReplyDecision;
  /** The message to deliver now, when the decision was to send at once. */
  readonly message: ClaimedMessage | null;
  /** The message stored: sent now (`message`) or held for quiet hours (the sweeper sends it when due). */
  readonly messageId: string | null;
}

/**
 * The one path every automated reply takes: resolve the team's entry, decide with reasons,
 * render, and record the outbound message. Runs inside the caller's transaction; the caller
 * dispatches `messageId` after commit.
 */
/** The stores a reply decision reads and writes: the message log (window and the reply itself), the decision log. */
export interface AutoReplyStores extends TeamEventStores, AverageResponseTimeStores {
  readonly messages: MessagesStore;
  readonly decisions: ReplyDecisionsStore;
}

export async function planAutoReply(stores: AutoReplyStores, t: AutoReplyTrigger): Promise<AutoReplyOutcome> {
  const definition = t.customBody !== undefined ? customBodyKind(t.kind) : kindDefinition(t.kind);
  if (!definition) throw new Error(`unknown auto-reply kind ${t.kind}`);
  const { team, schedule } = t.config;
  const entry =
    t.customBody !== undefined
      ? customEntry(definition, t.customBody, team.locale, t.whatsappTemplate ?? null)
      : resolveEntry(definition, t.config.savedAutoReplies.get(t.kind) ?? null, team.locale);
  const { contact } = t;
  // No repeat window: nothing to look up. A window kept per ticket counts the replies on this ticket only.
  const lastSentAt =
    entry.repeatWindowHours <= 0
      ? null
      : definition.repeatPer === 'ticket' && t.ticket
        ? await stores.messages.lastReplyOnTicketAt(t.ticket.id, t.kind)
        : await stores.messages.lastReplyAt(team.id, t.customer, t.kind);
  const requestedBy = t.requestedBy ?? 'automation';
  const input: AutoReplyInput = {
    entry,
    channel: t.channel,
    customer: { optedOut: contact.optedOut, isTeamNumber: team.numbers.includes(t.customer) },
    isKeyword: t.isKeyword,
    teamOpen: t.afterHoursOnly ? isOpenAt(schedule, t.now) : null,
    lastSentAt,
    lastInboundWhatsappAt: contact.lastWhatsappInboundAt,
    ledger: {
      requestedBy,
      policy: team.settings.replyLedger,
      lastAgentMessageAt: null,
      recentAutomated: [],
      customerTimeZone: customerTimeZone(t.customer, team.timezone),
    },
    now: t.now,
  };
  // The ledger's history is read only for a reply that got past the cheap guards (an inbound text
  // in open hours costs nothing more): with no history those guards pass, and they come after.
  let decision = decideAutoReply(input);
  if (requestedBy === 'automation' && !definition.exemptFromLoopGuards && passedCheapGuards(decision))
    decision = decideAutoReply({ ...input, ledger: { ...input.ledger, ...(await ledgerHistory(stores, t)) } });
  const sendAfter = decision.action === 'send' ? (decision.sendAfter ?? null) : null;
  const log = (messageId: string | null) =>
    recordAutoReplyDecision(stores, {
      teamId: team.id,
      customer: t.customer,
      channel: t.channel,
      ticketId: t.ticket?.id ?? null,
      messageId,
      decision,
      sendAfter,
      ruleId: t.cause?.ruleId ?? null,
      at: t.now,
    });
  if (decision.action === 'skip') {
    await log(null);
    return { decision, message: null, messageId: null };
  }

  const values = placeholderValues(
    {
      team,
      schedule,
      now: t.now,
      customerName: t.customerName ?? contact.profileName,
      ticketId: t.ticket ? String(t.ticket.number) : null,
      variables: usesAverageResponseTime(entry)
        ? { ...t.variables, average_response_time: await averageResponseTime(stores, t.config, t.now) }
        : t.variables,
    },
    allowedPlaceholders(definition),
  );
  const message = {
    id: crypto.randomUUID(),
    teamId: team.id,
    channel: t.channel,
    from: t.teamNumber,
    to: t.customer,
    // The thread shows our text; outside WhatsApp's window the customer gets the approved template.
    body: composeReply(entry, values),
    media: [],
    content:
      (decision.reason === 'sent_as_whatsapp_template' || decision.asWhatsappTemplate) && entry.whatsappTemplate
        ? templateContent(entry.whatsappTemplate, values)
        : decision.reason === 'sent' && t.channel === 'whatsapp' && t.interactive
          ? t.interactive
          : null,
    kind: t.kind,
    eventId: t.eventId,
    createdBy: 'auto-reply',
    createdAt: t.now,
    ticketId: t.ticket?.id ?? null,
    // A held message is never claimed now: the sweeper finds it once due.
    claimed: t.claim && !sendAfter,
    sendAfter,
  };
  const inserted = await stores.messages.insertOutbound(message);
  await log(inserted ? message.id : null);
  if (inserted) await recordTeamEvent(stores, messageCreated(message, 'automation', t.now, t.cause ?? null));
  const sendNow = inserted && !sendAfter;
  return {
    decision,
    message: sendNow ? { ...message, attempts: message.claimed ? 1 : 0, outcomeUnknown: false } : null,
    messageId: inserted ? message.id : null,
  };
}

/** Skipped before the ledger's guards, the decision stands whatever the history says. */
function passedCheapGuards(decision: AutoReplyDecision): boolean {
  return (
    decision.action === 'send' ||
    decision.reason === 'whatsapp_window_closed' ||
    decision.reason === 'no_whatsapp_history'
  );
}

/** What the ledger's automation guards read: our recent automated messages, and the agent's last word on the ticket. */
async function ledgerHistory(
  stores: AutoReplyStores,
  t: AutoReplyTrigger,
): Promise<Pick<LedgerFacts, 'recentAutomated' | 'lastAgentMessageAt'>> {
  const policy = t.config.team.settings.replyLedger;
  const since = new Date(t.now.getTime() - STREAK_LOOKBACK_MS);
  // Room for a conversation's steps, which the hourly limit reads past (exemptFromLoopGuards).
  const limit = Math.max(policy.maxPerCustomerPerHour, MACHINE_ANSWER_STREAK) + 40;
  return {
    recentAutomated: await stores.messages.recentAutomated(t.config.team.id, t.customer, since, limit),
    lastAgentMessageAt:
      t.ticket && policy.agentActiveMinutes > 0 ? await stores.messages.lastAgentMessageAt(t.ticket.id) : null,
  };
}

/**
 * Logs one decision where `GET /decisions` and the team's events show it. planAutoReply logs its
 * own; a caller that skips a kind before deciding it (an answer to our question, after hours) logs
 * that skip here, with its reason.
 */
export async function recordAutoReplyDecision(
  stores: TeamEventStores & { readonly decisions: ReplyDecisionsStore },
  d: {
    teamId: string;
    customer: string;
    channel: string;
    ticketId: string | null;
    messageId: string | null;
    decision: { readonly action: 'send' | 'skip'; readonly kind: string; readonly reason: string };
    /** A send held for quiet hours: when it goes. */
    sendAfter?: Date | null;
    /** The rule that asked for it, when one did. */
    ruleId?: string | null;
    at: Date;
  },
): Promise<void> {
  const { decision, channel, at, sendAfter = null, ruleId = null, ...decided } = d;
  await stores.decisions.record({
    ...decided,
    kind: decision.kind,
    at,
    action: decision.action,
    reason: decision.reason,
    ruleId,
    sendAfter,
  });
  await recordTeamEvent(stores, autoReplyDecided({ ...decided, ...decision, channel }, at));
}

// The measurement is a query: only a text that names the placeholder pays for it.
function usesAverageResponseTime(entry: AutoReplyEntry): boolean {
  const texts = [
    entry.body,
    entry.options.extraMessage ?? '',
    ...Object.values(entry.whatsappTemplate?.contentVariables ?? {}),
  ];
  return texts.some((text) => text.includes('average_response_time'));
}

/** A template's variables rendered with the reply's placeholder values. */
function templateContent(template: WhatsappTemplate, values: Readonly<Record<string, string>>): TemplateContent {
  const variables = Object.fromEntries(
    Object.entries(template.contentVariables).map(([name, text]) => [name, renderTemplate(text, values).trim()]),
  );
  return { sid: template.contentSid, variables };
}
