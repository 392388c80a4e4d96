import type { Priority } from '../rla/priority.js';

export const TICKET_STATUSES = ['open', 'pending', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_CHATS = ['active', 'completed'] as const;
/** A synchronous channel's conversation state, apart from the status: completing a chat does not close the ticket. */
export type TicketChat = (typeof TICKET_CHATS)[number];

export const TICKET_CHANNELS = ['voice', 'sms', 'whatsapp', 'web', 'app'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type TicketSource = 'missed_call' | 'voicemail' | 'call' | 'message' | 'api';

export interface Ticket {
  readonly id: string;
  readonly teamId: string;
  /** The number customers and agents quote ("1042"); the `ticket_id` placeholder. */
  readonly number: number;
  readonly status: TicketStatus;
  readonly chat: TicketChat;
  readonly priority: Priority;
  readonly assigneeId: string | null;
  /** The support line it belongs to, if any. */
  readonly groupId: string | null;
  readonly tags: readonly string[];
  readonly subject: string;
  readonly channel: TicketChannel;
  readonly source: TicketSource;
  readonly customer: string;
  readonly firstResponseDueAt: Date | null;
  readonly firstRespondedAt: Date | null;
  readonly resolutionDueAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly firstResponseWarnedAt: Date | null;
  readonly firstResponseBreachedAt: Date | null;
  readonly resolutionWarnedAt: Date | null;
  readonly resolutionBreachedAt: Date | null;
  readonly lastActivityAt: Date;
  /** The last message's time (when the ticket opened, while it has none): the inbox's order. */
  readonly lastMessageAt: Date;
  /** The customer's messages since an agent last opened the thread. */
  readonly unread: number;
  /** What the customer's answers filled in (the after-hours conversation's forms); null: asked, not given. */
  readonly fields: Readonly<Record<string, string | null>>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What happened on a ticket, newest last. */
export type TicketEventType =
  | 'created'
  | 'call'
  | 'voicemail'
  | 'message'
  | 'reply_sent'
  | 'reply_skipped'
  | 'status_changed'
  | 'chat_changed'
  | 'priority_changed'
  | 'assigned'
  | 'group_changed'
  | 'tags_changed'
  | 'first_response'
  | 'rla_warning'
  | 'rla_breach'
  /** The team's rules ran on an event: which matched, what they did, which `stop` held back. */
  | 'rules_ran'
  /** The after-hours conversation: a session started, ended (why), or finished a path's form. */
  | 'flow_started'
  | 'flow_ended'
  | 'flow_completed'
  /** A callback task: asked for (with its slot), then done. */
  | 'callback_requested'
  | 'callback_done'
  /** Urgent paging (src/urgent-paging): a page went out, one failed, paging gave up, someone acknowledged. */
  | 'urgent_paged'
  | 'urgent_page_failed'
  | 'urgent_paging_stopped'
  | 'urgent_acknowledged'
  /** One customer across channels (src/customers): a merge moved this ticket or its thread, or was undone. */
  | 'customer_merged'
  | 'customer_unmerged'
  /** The unread-reply fallback (src/unread-fallback): the unread replies went once more on a channel. */
  | 'unread_fallback_sent';

export interface TicketEvent {
  readonly id: string;
  readonly ticketId: string;
  readonly type: TicketEventType;
  /** "system", "rla", "customer", "auto-reply", "agent", or who acted: "user:<email>", "agent:<token id>", "manager:<token id>", "admin". */
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export type NewTicketEvent = Omit<TicketEvent, 'id' | 'ticketId'>;

/** A new ticket opened by a customer's message: its subject, in the team's language. */
export function messageSubject(locale: string): string {
  return ({ en: 'Message', pl: 'Wiadomość', ru: 'Сообщение' } as Record<string, string>)[locale] ?? 'Message';
}

/** A new "Missed call" ticket's subject, in the team's language. */
export function missedCallSubject(locale: string): string {
  return (
    ({ en: 'Missed call', pl: 'Nieodebrane połączenie', ru: 'Пропущенный звонок' } as Record<string, string>)[locale] ??
    'Missed call'
  );
}
