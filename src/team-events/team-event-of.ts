import type { FieldChanges, MessageAuthor, NewTeamEvent, RuleCause } from './team-event.js';

/*
 * The events as the services describe their changes: one pure function per kind of change, so that
 * each call site stays one line (`await recordTeamEvent(s, ticketCreated(ticket, actor, now))`).
 * Parameters are structural: this folder imports no feature, and every feature may import it.
 */

interface TicketFacts {
  readonly id: string;
  readonly teamId: string;
  readonly number: number;
  readonly status: string;
  readonly chat: string;
  readonly channel: string;
  readonly source: string;
  readonly customer: string;
  readonly priority: string;
  readonly assigneeId: string | null;
  readonly groupId: string | null;
  readonly tags: readonly string[];
}

/** The ticket fields whose change is a `ticket.updated`; adding one here is all a new field needs. */
export const WATCHED_TICKET_FIELDS = ['status', 'chat', 'priority', 'assigneeId', 'groupId', 'tags'] as const;

/** What moved between two states of a ticket, field by field; empty when nothing did. */
export function fieldChanges<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): FieldChanges {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    const [from, to] = [before[field], after[field]];
    // Tags are a list: compared by value, in order.
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}

/** A new ticket: `groupId` may be left out (a new ticket has none yet). */
export function ticketCreated(
  t: Omit<TicketFacts, 'chat' | 'groupId' | 'tags'> & { readonly groupId?: string | null },
  actor: string,
  at: Date,
): NewTeamEvent {
  return {
    teamId: t.teamId,
    ticketId: t.id,
    type: 'ticket.created',
    actor,
    data: {
      number: t.number,
      status: t.status,
      channel: t.channel,
      source: t.source,
      customer: t.customer,
      priority: t.priority,
      assigneeId: t.assigneeId,
      groupId: t.groupId ?? null,
    },
    at,
  };
}

/** `ticket.updated` with what changed, or null when nothing did (recordTeamEvent then records nothing). */
export function ticketUpdated(before: TicketFacts, after: TicketFacts, actor: string, at: Date): NewTeamEvent | null {
  return ticketFieldsChanged(after, fieldChanges(before, after, WATCHED_TICKET_FIELDS), actor, at);
}

/** `ticket.updated` from changes already known (a statement that changed them in SQL), or null when there are none. */
export function ticketFieldsChanged(
  t: { readonly id: string; readonly teamId: string },
  changes: FieldChanges,
  actor: string,
  at: Date,
): NewTeamEvent | null {
  if (Object.keys(changes).length === 0) return null;
  return { teamId: t.teamId, ticketId: t.id, type: 'ticket.updated', actor, data: { changes }, at };
}

interface MessageFacts {
  readonly id: string;
  readonly teamId: string;
  readonly ticketId?: string | null;
  readonly channel: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly kind: string | null;
  /** Who wrote an outbound message: "auto-reply", or the agent's label. */
  readonly createdBy?: string | null;
}

/** A message on a thread: the customer's (inbound), or ours (an agent's or our automation's). */
export function messageCreated(
  m: MessageFacts,
  author: MessageAuthor,
  at: Date,
  causedBy: RuleCause | null = null,
): NewTeamEvent {
  const inbound = author === 'customer';
  const authorId = author === 'agent' ? (m.createdBy ?? null) : null;
  return {
    teamId: m.teamId,
    ticketId: m.ticketId ?? null,
    type: 'message.created',
    actor: authorId ?? author,
    data: {
      messageId: m.id,
      direction: inbound ? 'inbound' : 'outbound',
      author,
      authorId,
      channel: m.channel,
      customer: inbound ? m.from : m.to,
      body: m.body,
      kind: m.kind,
      ...(causedBy ? { causedBy } : {}),
    },
    at,
  };
}

/** A delivery status that moved forward (a callback from the provider). */
export function messageStatus(
  m: { readonly id: string; readonly teamId: string; readonly ticketId: string | null },
  move: { readonly from: string; readonly to: string; readonly errorCode: string | null },
  at: Date,
): NewTeamEvent {
  return {
    teamId: m.teamId,
    ticketId: m.ticketId,
    type: 'message.status',
    actor: 'system',
    data: { messageId: m.id, ...move },
    at,
  };
}

export function callEnded(
  call: {
    readonly id: string;
    readonly teamId: string;
    readonly customer: string;
    readonly durationSeconds: number | null;
  },
  outcome: string,
  ticketId: string | null,
  at: Date,
): NewTeamEvent {
  return {
    teamId: call.teamId,
    ticketId,
    type: 'call.ended',
    actor: 'customer',
    data: { callId: call.id, customer: call.customer, outcome, durationSeconds: call.durationSeconds },
    at,
  };
}

export function autoReplyDecided(
  d: {
    readonly teamId: string;
    readonly ticketId: string | null;
    readonly kind: string;
    readonly action: 'send' | 'skip';
    readonly reason: string;
    readonly customer: string;
    readonly channel: string;
    readonly messageId: string | null;
  },
  at: Date,
): NewTeamEvent {
  const { teamId, ticketId, ...data } = d;
  return { teamId, ticketId, type: 'auto_reply.decided', actor: 'automation', data, at };
}

export function requestAnswered(
  r: {
    readonly id: string;
    readonly teamId: string;
    readonly kind: string;
    readonly status: string;
    readonly value: string | number | null;
  },
  ticketId: string | null,
  messageId: string,
  at: Date,
): NewTeamEvent {
  return {
    teamId: r.teamId,
    ticketId,
    type: 'request.answered',
    actor: 'customer',
    data: { requestId: r.id, kind: r.kind, status: r.status, value: r.value, messageId },
    at,
  };
}

export function rlaMarked(
  t: Pick<TicketFacts, 'id' | 'teamId' | 'number' | 'priority' | 'customer'>,
  mark: { readonly clock: 'first_response' | 'resolution'; readonly mark: 'warning' | 'breach'; readonly dueAt: Date },
  at: Date,
): NewTeamEvent {
  return {
    teamId: t.teamId,
    ticketId: t.id,
    type: mark.mark === 'breach' ? 'rla.breach' : 'rla.warning',
    actor: 'rla',
    data: {
      clock: mark.clock,
      mark: mark.mark,
      dueAt: mark.dueAt.toISOString(),
      number: t.number,
      priority: t.priority,
      customer: t.customer,
    },
    at,
  };
}

interface CallbackFacts {
  readonly id: string;
  readonly teamId: string;
  readonly ticketId: string;
  readonly dueAt: Date;
  readonly windowEnd: Date;
  readonly phone: string;
  readonly name: string | null;
}

const callbackData = (t: CallbackFacts) => ({
  taskId: t.id,
  dueAt: t.dueAt.toISOString(),
  windowEnd: t.windowEnd.toISOString(),
  phone: t.phone,
  name: t.name,
});

/** A customer asked to be called back: the task and the slot they chose. */
export function callbackRequested(t: CallbackFacts, actor: string, at: Date): NewTeamEvent {
  return { teamId: t.teamId, ticketId: t.ticketId, type: 'callback.requested', actor, data: callbackData(t), at };
}

/** A callback task was done, by `actor`. */
export function callbackDone(t: CallbackFacts, actor: string, at: Date): NewTeamEvent {
  return {
    teamId: t.teamId,
    ticketId: t.ticketId,
    type: 'callback.done',
    actor,
    data: { ...callbackData(t), doneBy: actor },
    at,
  };
}

/** An urgent page went out (the first, or a repage) to the on-call numbers and addresses. */
export function pageSent(
  p: { readonly teamId: string; readonly ticketId: string; readonly pageId: string; readonly customer: string },
  page: {
    readonly page: number;
    readonly maxPages: number;
    readonly numbers: readonly string[];
    readonly emails: readonly string[];
  },
  at: Date,
): NewTeamEvent {
  return {
    teamId: p.teamId,
    ticketId: p.ticketId,
    type: 'page.sent',
    actor: 'paging',
    data: { pageId: p.pageId, customer: p.customer, ...page },
    at,
  };
}

export function pageAcknowledged(
  p: { readonly teamId: string; readonly ticketId: string; readonly pageId: string; readonly customer: string },
  ack: { readonly by: string; readonly via: string; readonly pages: number },
  actor: string,
  at: Date,
): NewTeamEvent {
  return {
    teamId: p.teamId,
    ticketId: p.ticketId,
    type: 'page.acknowledged',
    actor,
    data: { pageId: p.pageId, customer: p.customer, ...ack },
    at,
  };
}
