import crypto from 'node:crypto';
import type { MessageChannel } from '../../channels/contract.js';
import { whyUnreachable } from '../agent-messages/reachability.js';
import type { AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import { COMMON_PLACEHOLDERS } from '../auto-replies/catalogue.js';
import { placeholderValues } from '../auto-replies/placeholder-values.js';
import type { TeamConfig } from '../auto-replies/team-config.js';
import type { Contact } from '../contacts/contacts.store.js';
import { renderTemplate } from '../reply-templates/reply-template.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import type { RuleCause } from '../team-events/team-event.js';
import { messageCreated } from '../team-events/team-event-of.js';
import type { Ticket } from '../tickets/ticket.js';

/** The decision log's kind for a rule's custom text; the rule itself is the log's `ruleId`. */
export const RULE_MESSAGE_KIND = 'rule_message';

export interface RuleMessage {
  readonly config: TeamConfig;
  /** Locked by the caller, before the ticket. */
  readonly contact: Contact;
  readonly channel: MessageChannel;
  readonly teamNumber: string;
  readonly ticket: Ticket;
  /** Checked when the rule was saved: only the common placeholders. */
  readonly body: string;
  readonly cause: RuleCause;
  readonly now: Date;
}

/**
 * A rule's `send_message`: decided (never to an opted-out number, never free-form on a closed
 * WhatsApp window), logged with the rule's id like every automated reply, recorded as automation
 * on the thread. Runs in the caller's transaction; the caller dispatches the id after commit.
 */
export async function planRuleMessage(
  stores: AutoReplyStores,
  m: RuleMessage,
): Promise<{ action: 'send' | 'skip'; reason: string; messageId: string | null }> {
  const { team, schedule } = m.config;
  const unreachable = whyUnreachable(m.channel, m.contact, m.now);
  const decided = { teamId: team.id, customer: m.contact.number, kind: RULE_MESSAGE_KIND, ticketId: m.ticket.id };
  if (unreachable) {
    await stores.decisions.record({
      ...decided,
      messageId: null,
      at: m.now,
      action: 'skip',
      reason: unreachable.code,
      ruleId: m.cause.ruleId,
    });
    return { action: 'skip', reason: unreachable.code, messageId: null };
  }
  const values = placeholderValues(
    {
      team,
      schedule,
      now: m.now,
      customerName: m.contact.profileName,
      ticketId: String(m.ticket.number),
      variables: {},
    },
    COMMON_PLACEHOLDERS,
  );
  const message = {
    id: crypto.randomUUID(),
    teamId: team.id,
    channel: m.channel,
    from: m.teamNumber,
    to: m.contact.number,
    body: renderTemplate(m.body, values).trim(),
    media: [],
    content: null,
    kind: RULE_MESSAGE_KIND,
    eventId: null,
    createdBy: 'auto-reply',
    createdAt: m.now,
    ticketId: m.ticket.id,
    claimed: false,
  };
  await stores.messages.insertOutbound(message);
  await stores.decisions.record({
    ...decided,
    messageId: message.id,
    at: m.now,
    action: 'send',
    reason: 'sent',
    ruleId: m.cause.ruleId,
  });
  await recordTeamEvent(stores, messageCreated(message, 'automation', m.now, m.cause));
  return { action: 'send', reason: 'sent', messageId: message.id };
}
