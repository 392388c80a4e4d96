import crypto from 'node:crypto';
import type { MessageChannel, TemplateContent } from '../../channels/contract.js';
import { renderTemplate } from '../reply-templates/reply-template.js';
import type { WhatsappTemplate } from './auto-reply.js';
import type { MessagesStore } from '../messages/messages.store.js';
import type { Contact } from '../contacts/contacts.store.js';
import { isOpenAt } from '../schedules/is-open.js';
import type { TeamConfig } from './team-config.js';
import { allowedPlaceholders, kindDefinition } from './catalogue.js';
import { composeReply } from './compose-reply.js';
import { decideAutoReply, type AutoReplyDecision } from './decide-auto-reply.js';
import { placeholderValues } from './placeholder-values.js';
import { resolveEntry } from './resolve-entry.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import type { ReplyDecisionsStore } from './reply-decisions.store.js';
import type { RuleCause } from '../team-events/team-event.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { autoReplyDecided, messageCreated } from '../team-events/team-event-of.js';

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
  readonly now: Date;
  /** Set when a rule sends it: its id goes in the decision log, and the message's event carries the cause. */
  readonly cause?: RuleCause | null;
}

export interface AutoReplyOutcome {
  readonly decision: AutoReplyDecision;
  /** The message to deliver, when the decision was to send. */
  readonly message: ClaimedMessage | null;
}

/**
 * The one path every automated reply takes: resolve the team's entry, decide with reasons,
 * render, and record the outbound message. Runs inside the caller's transaction; the caller
 * dispatches `messageId` after commit.
 */
/** The stores a reply decision reads and writes: the message log (window and the reply itself), the decision log. */
export interface AutoReplyStores extends TeamEventStores {
  readonly messages: MessagesStore;
  readonly decisions: ReplyDecisionsStore;
}

export async function planAutoReply(stores: AutoReplyStores, t: AutoReplyTrigger): Promise<AutoReplyOutcome> {
  const definition = kindDefinition(t.kind);
  if (!definition) throw new Error(`unknown auto-reply kind ${t.kind}`);
  const { team, schedule } = t.config;
  const entry = resolveEntry(definition, t.config.savedAutoReplies.get(t.kind) ?? null, team.locale);
  const { contact } = t;
  // No repeat window: nothing to look up.
  const lastSentAt =
    entry.repeatWindowHours > 0 ? await stores.messages.lastReplyAt(team.id, t.customer, t.kind) : null;
  const decision = decideAutoReply({
    entry,
    channel: t.channel,
    customer: { optedOut: contact.optedOut, isTeamNumber: team.numbers.includes(t.customer) },
    isKeyword: t.isKeyword,
    teamOpen: t.afterHoursOnly ? isOpenAt(schedule, t.now) : null,
    lastSentAt,
    lastInboundWhatsappAt: contact.lastWhatsappInboundAt,
    now: t.now,
  });
  const log = async (messageId: string | null) => {
    const decided = { teamId: team.id, customer: t.customer, kind: t.kind, ticketId: t.ticket?.id ?? null, messageId };
    await stores.decisions.record({
      ...decided,
      at: t.now,
      action: decision.action,
      reason: decision.reason,
      ruleId: t.cause?.ruleId ?? null,
    });
    await recordTeamEvent(stores, autoReplyDecided({ ...decided, ...decision, channel: t.channel }, t.now));
  };
  if (decision.action === 'skip') {
    await log(null);
    return { decision, message: null };
  }

  const values = placeholderValues(
    {
      team,
      schedule,
      now: t.now,
      customerName: t.customerName ?? contact.profileName,
      ticketId: t.ticket ? String(t.ticket.number) : null,
      variables: t.variables,
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
      decision.reason === 'sent_as_whatsapp_template' && entry.whatsappTemplate
        ? templateContent(entry.whatsappTemplate, values)
        : null,
    kind: t.kind,
    eventId: t.eventId,
    createdBy: 'auto-reply',
    createdAt: t.now,
    ticketId: t.ticket?.id ?? null,
    claimed: t.claim,
  };
  const inserted = await stores.messages.insertOutbound(message);
  await log(inserted ? message.id : null);
  if (inserted) await recordTeamEvent(stores, messageCreated(message, 'automation', t.now, t.cause ?? null));
  return { decision, message: inserted ? { ...message, attempts: t.claim ? 1 : 0, outcomeUnknown: false } : null };
}

/** A template's variables rendered with the reply's placeholder values. */
function templateContent(template: WhatsappTemplate, values: Readonly<Record<string, string>>): TemplateContent {
  const variables = Object.fromEntries(
    Object.entries(template.contentVariables).map(([name, text]) => [name, renderTemplate(text, values).trim()]),
  );
  return { sid: template.contentSid, variables };
}
