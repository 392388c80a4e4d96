import crypto from 'node:crypto';
import type { MessageChannel } from '../../channels/contract.js';
import type { Stores } from '../db/stores.js';
import type { Contact } from '../contacts/contacts.store.js';
import { isOpenAt } from '../schedules/is-open.js';
import type { TeamConfig } from '../teams/team-config.js';
import { allowedPlaceholders, kindDefinition } from './catalogue.js';
import { composeReply } from './compose-reply.js';
import { decideAutoReply, type AutoReplyDecision } from './decide-auto-reply.js';
import { placeholderValues } from './placeholder-values.js';
import { resolveEntry } from './resolve-entry.js';

export interface AutoReplyTrigger {
  readonly config: TeamConfig;
  /** The customer's contact when the caller already read it in this transaction. */
  readonly contact?: Contact | null;
  readonly kind: string;
  readonly channel: MessageChannel;
  /** The customer's number (E.164) and the team number to answer from. */
  readonly customer: string;
  readonly teamNumber: string;
  readonly eventId: string | null;
  readonly isKeyword: boolean;
  readonly afterHoursOnly: boolean;
  readonly customerName: string | null;
  readonly ticketId: string | null;
  readonly variables: Readonly<Record<string, string>>;
  readonly now: Date;
}

export interface AutoReplyOutcome {
  readonly decision: AutoReplyDecision;
  /** The message to deliver, when the decision was to send. */
  readonly messageId: string | null;
}

/**
 * The one path every automated reply takes: resolve the team's entry, decide with reasons,
 * render, and record the outbound message. Runs inside the caller's transaction; the caller
 * dispatches `messageId` after commit.
 */
export async function planAutoReply(stores: Stores, t: AutoReplyTrigger): Promise<AutoReplyOutcome> {
  const definition = kindDefinition(t.kind);
  if (!definition) throw new Error(`unknown auto-reply kind ${t.kind}`);
  const { team, schedule } = t.config;
  const entry = resolveEntry(definition, t.config.savedAutoReplies.get(t.kind) ?? null, team.locale);
  const lastSentAt = await stores.messages.lockReplyWindow(team.id, t.customer, t.kind);
  const contact = t.contact !== undefined ? t.contact : await stores.contacts.get(team.id, t.customer);
  const decision = decideAutoReply({
    entry,
    channel: t.channel,
    customer: { optedOut: contact?.optedOut ?? false, isTeamNumber: team.numbers.includes(t.customer) },
    isKeyword: t.isKeyword,
    teamOpen: t.afterHoursOnly ? isOpenAt(schedule, t.now) : null,
    lastSentAt,
    now: t.now,
  });
  if (decision.action === 'skip') return { decision, messageId: null };

  const values = placeholderValues(
    { team, schedule, now: t.now, customerName: t.customerName ?? contact?.profileName ?? null, ticketId: t.ticketId, variables: t.variables },
    allowedPlaceholders(definition),
  );
  const messageId = crypto.randomUUID();
  const inserted = await stores.messages.insertOutbound({
    id: messageId,
    teamId: team.id,
    channel: t.channel,
    from: t.teamNumber,
    to: t.customer,
    body: composeReply(entry, values),
    kind: t.kind,
    eventId: t.eventId,
    createdBy: 'auto-reply',
    createdAt: t.now,
  });
  return { decision, messageId: inserted ? messageId : null };
}
