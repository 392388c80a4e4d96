// @ts-check
// The API's values and the message keys of the words shown for them: one table per kind of value.

import { humanize } from './format.js';

/** @typedef {import('./i18n.js').MessageKey} MessageKey */
/** @typedef {Readonly<Record<string, MessageKey>>} LabelTable */

/** @type {LabelTable} */
export const CHANNELS = {
  sms: 'channel.sms',
  whatsapp: 'channel.whatsapp',
  web: 'channel.web',
  app: 'channel.app',
  voice: 'channel.voice',
};

/** In the order the panel lists them. */
export const PRIORITIES = /** @type {const} */ (['low', 'normal', 'high', 'urgent']);
/** @type {Readonly<Record<typeof PRIORITIES[number], MessageKey>>} */
export const PRIORITY = {
  low: 'priority.low',
  normal: 'priority.normal',
  high: 'priority.high',
  urgent: 'priority.urgent',
};

export const TICKET_STATUSES = /** @type {const} */ (['open', 'pending', 'closed']);
/** @type {Readonly<Record<typeof TICKET_STATUSES[number], MessageKey>>} */
export const TICKET_STATUS = {
  open: 'ticketStatus.open',
  pending: 'ticketStatus.pending',
  closed: 'ticketStatus.closed',
};

export const SOURCES = /** @type {const} */ (['missed_call', 'voicemail', 'call', 'message', 'api']);
/** @type {Readonly<Record<typeof SOURCES[number], MessageKey>>} */
export const SOURCE = {
  missed_call: 'source.missedCall',
  voicemail: 'source.voicemail',
  call: 'source.call',
  message: 'source.message',
  api: 'source.api',
};

export const TICKET_CHATS = /** @type {const} */ (['active', 'completed']);
/** @type {Readonly<Record<typeof TICKET_CHATS[number], MessageKey>>} */
export const TICKET_CHAT = {
  active: 'chat.active',
  completed: 'chat.completed',
};

/** Who wrote a message on a ticket's thread. @type {LabelTable} */
export const AUTHOR = {
  customer: 'author.customer',
  agent: 'author.agent',
  automation: 'author.automation',
};

/** @type {LabelTable} */
export const MESSAGE_STATUS = {
  received: 'messageStatus.received',
  queued: 'messageStatus.queued',
  sending: 'messageStatus.sending',
  sent: 'messageStatus.sent',
  delivered: 'messageStatus.delivered',
  read: 'messageStatus.read',
  undelivered: 'messageStatus.undelivered',
  failed: 'messageStatus.failed',
  canceled: 'messageStatus.canceled',
};

/** @type {LabelTable} */
export const RLA_STATE = {
  met: 'rlaState.met',
  pending: 'rlaState.pending',
  warning: 'rlaState.warning',
  breached: 'rlaState.breached',
  none: 'rlaState.none',
};

/** @type {LabelTable} */
export const CALL_OUTCOME = {
  customer_hangup: 'outcome.customerHangup',
  missed_call: 'outcome.missedCall',
  voicemail_left: 'outcome.voicemailLeft',
  after_hours_call: 'outcome.afterHoursCall',
  call_completed: 'outcome.callCompleted',
  busy: 'outcome.busy',
  failed: 'outcome.failed',
  no_answer: 'outcome.noAnswer',
};

/** @type {LabelTable} */
export const TICKET_EVENT = {
  created: 'event.created',
  call: 'event.call',
  voicemail: 'event.voicemail',
  message: 'event.message',
  reply_sent: 'event.replySent',
  reply_skipped: 'event.replySkipped',
  status_changed: 'event.statusChanged',
  priority_changed: 'event.priorityChanged',
  assigned: 'event.assigned',
  group_changed: 'event.groupChanged',
  chat_changed: 'event.chatChanged',
  tags_changed: 'event.tagsChanged',
  first_response: 'event.firstResponse',
  rla_warning: 'event.rlaWarning',
  rla_breach: 'event.rlaBreach',
  callback_requested: 'event.callbackRequested',
  callback_done: 'event.callbackDone',
  urgent_paged: 'event.urgentPaged',
  urgent_page_failed: 'event.urgentPageFailed',
  urgent_paging_stopped: 'event.urgentPagingStopped',
  urgent_acknowledged: 'event.urgentAcknowledged',
  unread_fallback_sent: 'event.unreadFallbackSent',
};

/** @type {LabelTable} */
export const ACTOR = {
  system: 'actor.system',
  rla: 'actor.rla',
  customer: 'actor.customer',
  'auto-reply': 'actor.autoReply',
  admin: 'actor.admin',
  paging: 'actor.paging',
};

/** @type {LabelTable} */
export const AUDIT_ACTION = {
  'auto_reply.updated': 'audit.autoReplyUpdated',
  'auto_reply.reset': 'audit.autoReplyReset',
  'schedule.updated': 'audit.scheduleUpdated',
  'team.updated': 'audit.teamUpdated',
  'user.created': 'audit.userCreated',
  'notification_secret.rotated': 'audit.secretRotated',
};

/** @type {LabelTable} */
export const RLA_CLOCK = { first_response: 'rlaClock.firstResponse', resolution: 'rlaClock.resolution' };

/**
 * The word for a value, or the value made readable when the table has none (a newer API value).
 * @param {LabelTable} table
 * @param {unknown} value
 * @param {(key: MessageKey) => string} t
 * @param {(value: unknown) => string} [otherwise] the words for a value the table does not have
 */
export function labelOf(table, value, t, otherwise = humanize) {
  const key = typeof value === 'string' ? table[value] : undefined;
  return key ? t(key) : otherwise(value);
}

/** For labelOf: a value the table does not have, shown as it is. @param {unknown} value */
export const asIs = (value) => String(value);

/**
 * Who did something on a ticket ("user:ann@…" → "ann@…").
 * @param {string} actor
 * @param {(key: MessageKey) => string} t
 */
export function actorLabel(actor, t) {
  const key = ACTOR[actor];
  if (key) return t(key);
  const colon = actor.indexOf(':');
  if (colon > 0 && actor.slice(0, colon) === 'user') return actor.slice(colon + 1);
  return actor;
}
