/**
 * What happened in a team, as stored in the outbox (`team_events`) and posted to webhooks. The
 * names are the contract's (CONTRACT.md, "Conversations: a ticket is the thread"); `flow.completed`
 * and `page.sent` are subscribable now and emitted by later features.
 */
export const TEAM_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'message.created',
  'message.status',
  'call.ended',
  'auto_reply.decided',
  'request.answered',
  'rla.warning',
  'rla.breach',
  'flow.completed',
  'page.sent',
  'page.acknowledged',
  'rule.notified',
  'callback.requested',
  'callback.done',
] as const;
export type TeamEventType = (typeof TEAM_EVENT_TYPES)[number];

export const isTeamEventType = (name: string): name is TeamEventType =>
  (TEAM_EVENT_TYPES as readonly string[]).includes(name);

/** Who wrote a message on a thread (as `threadAuthorOf` tells). */
export type MessageAuthor = 'customer' | 'agent' | 'automation';

/**
 * Set on what a rule's actions recorded: which rule, and how many rule steps deep (1: a rule acted
 * on an event no rule caused). The rules runner evaluates less as it grows (src/rules/evaluate-rules.ts).
 */
export interface RuleCause {
  readonly ruleId: string;
  readonly depth: number;
}

/** A ticket field that moved: `{status: {from: "open", to: "closed"}}`. */
export type FieldChanges = Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;

/** The payload of each event type: what a webhook receives as `data`, and what rules will read. */
export interface TeamEventData {
  'ticket.created': {
    readonly number: number;
    readonly status: string;
    readonly channel: string;
    readonly source: string;
    readonly customer: string;
    readonly priority: string;
    readonly assigneeId: string | null;
    readonly groupId: string | null;
  };
  'ticket.updated': { readonly changes: FieldChanges; readonly causedBy?: RuleCause };
  'message.created': {
    readonly messageId: string;
    readonly direction: 'inbound' | 'outbound';
    readonly author: MessageAuthor;
    readonly authorId: string | null;
    readonly channel: string;
    readonly customer: string;
    readonly body: string;
    readonly kind: string | null;
    /** Set when a rule sent it. */
    readonly causedBy?: RuleCause;
  };
  'message.status': {
    readonly messageId: string;
    readonly from: string;
    readonly to: string;
    readonly errorCode: string | null;
  };
  'call.ended': {
    readonly callId: string;
    readonly customer: string;
    readonly outcome: string;
    readonly durationSeconds: number | null;
  };
  'auto_reply.decided': {
    readonly kind: string;
    readonly action: 'send' | 'skip';
    readonly reason: string;
    readonly customer: string;
    readonly channel: string;
    readonly messageId: string | null;
  };
  'request.answered': {
    readonly requestId: string;
    readonly kind: string;
    readonly status: string;
    readonly value: string | number | null;
    readonly messageId: string;
  };
  'rla.warning': RlaMarkData;
  'rla.breach': RlaMarkData;
  'flow.completed': Readonly<Record<string, unknown>>;
  /** An urgent page went to the on-call people (src/urgent-paging). */
  'page.sent': {
    readonly pageId: string;
    readonly page: number;
    readonly maxPages: number;
    readonly numbers: readonly string[];
    readonly emails: readonly string[];
    readonly customer: string;
  };
  /** Someone acknowledged an urgent page: paging stopped. `via`: link, reply or inbox. */
  'page.acknowledged': {
    readonly pageId: string;
    readonly by: string;
    readonly via: string;
    readonly pages: number;
    readonly customer: string;
  };
  /** A rule's `notify {webhook: true}`: which rule, on which event. */
  'rule.notified': { readonly ruleId: string; readonly name: string; readonly eventId: string };
  /** A customer asked to be called back in a slot (`dueAt`–`windowEnd`). */
  'callback.requested': CallbackData;
  /** A callback was made: marked done by `doneBy`, or an answered call to the number. */
  'callback.done': CallbackData & { readonly doneBy: string };
}

interface CallbackData {
  readonly taskId: string;
  readonly dueAt: string;
  readonly windowEnd: string;
  readonly phone: string;
  readonly name: string | null;
}

interface RlaMarkData {
  readonly clock: 'first_response' | 'resolution';
  readonly mark: 'warning' | 'breach';
  readonly dueAt: string;
  readonly number: number;
  readonly priority: string;
  readonly customer: string;
}

/** One event to record: its type decides the shape of `data`. */
export type NewTeamEvent = {
  [T in TeamEventType]: {
    readonly teamId: string;
    /** Every event about a conversation names its ticket; null only when there is none yet. */
    readonly ticketId: string | null;
    readonly type: T;
    readonly actor: string;
    readonly data: TeamEventData[T];
    readonly at: Date;
  };
}[TeamEventType];

export interface TeamEvent {
  readonly id: string;
  readonly seq: number;
  readonly teamId: string;
  readonly ticketId: string | null;
  readonly type: TeamEventType;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
}
