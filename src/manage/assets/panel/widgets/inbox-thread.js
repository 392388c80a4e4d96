// @ts-check
// A ticket's thread as the Inbox shows it: the messages of both sides and the ticket's timeline
// events, merged by time, oldest first.

import { h } from '../dom.js';
import { humanize, isWebUrl, timeOf } from '../format.js';
import { asIs, AUTHOR, CHANNELS, labelOf, MESSAGE_STATUS } from '../labels.js';
import { timelineItem } from './ticket-timeline.js';

/**
 * One message of the thread, as GET /tickets/:id/messages answers it.
 * @typedef {{
 *   id: string, direction: 'inbound' | 'outbound', author: 'customer' | 'agent' | 'automation',
 *   authorId: string | null, channel: string, body: string, media: { url: string, contentType: string }[],
 *   status: string, readAt: string | null, kind: string | null, createdAt: string,
 * }} ThreadMessage
 * @typedef {import('./ticket-timeline.js').TicketEvent} TicketEvent
 * @typedef {{ key: string, at: string, message: ThreadMessage } | { key: string, at: string, event: TicketEvent }} ThreadEntry
 */

// Events that only say a message exists: the message itself is on the thread.
const MESSAGE_EVENTS = new Set(['message', 'reply_sent']);

/**
 * The thread's entries, oldest first. An event that stands for a message on the thread
 * ("message", "reply_sent" with its messageId) is left out; "reply_sent" without a message on
 * this page is kept, so nothing said is lost. At the same instant the ticket's opening comes
 * first, then messages, then what followed from them (a skipped reply, a change).
 * @param {readonly ThreadMessage[]} messages
 * @param {readonly TicketEvent[]} events
 * @returns {ThreadEntry[]}
 */
export function threadEntries(messages, events) {
  const ids = new Set(messages.map((m) => m.id));
  /** @type {(ThreadEntry & { rank: number })[]} */
  const entries = messages.map((message) => ({ key: `m:${message.id}`, at: message.createdAt, message, rank: 1 }));
  for (const event of events) {
    const messageId = event['messageId'];
    if (
      event.type === 'message' ||
      (MESSAGE_EVENTS.has(event.type) && typeof messageId === 'string' && ids.has(messageId))
    )
      continue;
    const key = `e:${typeof event['id'] === 'string' ? event['id'] : `${event.type}@${event.at}`}`;
    entries.push({ key, at: event.at, event, rank: event.type === 'created' ? 0 : 2 });
  }
  return entries
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.rank - b.rank)
    .map(({ rank: _rank, ...entry }) => entry);
}

/**
 * @typedef {object} ThreadContext
 * @property {import('../state.js').PanelContext} ctx
 * @property {import('./ticket-timeline.js').Names} names
 * @property {(authorId: string) => string} agentName who an agent's authorId ("user:<email>") is
 */

/**
 * One entry of the thread: a message bubble, or a timeline event.
 * @param {ThreadEntry} entry
 * @param {ThreadContext} tc
 */
export function threadItem(entry, tc) {
  if ('event' in entry)
    return h(
      'li',
      { class: 'thread-entry thread-event', 'data-key': entry.key },
      h('ol', { class: 'timeline' }, timelineItem(entry.event, tc.ctx, tc.names)),
    );
  const { t } = tc.ctx;
  const m = entry.message;
  const replyTitle = m.kind ? (tc.ctx.state.replies.find((r) => r.kind === m.kind)?.title ?? humanize(m.kind)) : null;
  const who =
    m.author === 'agent' && m.authorId
      ? tc.agentName(m.authorId)
      : m.author === 'automation' && replyTitle
        ? t('inbox.automationKind', { title: replyTitle })
        : labelOf(AUTHOR, m.author, t, asIs);
  return h(
    'li',
    {
      class: `thread-entry thread-message thread-${m.direction} thread-by-${m.author}`,
      'data-key': entry.key,
      'data-message': m.id,
      'data-status': m.status,
    },
    h(
      'div',
      { class: 'thread-meta' },
      h('span', { class: 'thread-author', text: who }),
      ' · ',
      labelOf(CHANNELS, m.channel, t, asIs),
      ' · ',
      timeOf(tc.ctx.i18n, m.createdAt),
    ),
    m.body ? h('p', { class: 'thread-body', text: m.body }) : null,
    m.media.length
      ? h(
          'ul',
          { class: 'thread-media' },
          m.media.map((media, index) =>
            h(
              'li',
              {},
              isWebUrl(media.url)
                ? h('a', {
                    href: media.url,
                    target: '_blank',
                    rel: 'noopener noreferrer',
                    text: t('inbox.attachment', { n: index + 1, type: media.contentType }),
                  })
                : t('inbox.attachment', { n: index + 1, type: media.contentType }),
            ),
          ),
        )
      : null,
    m.direction === 'outbound'
      ? h('div', {
          class: `thread-status thread-status-${m.status}`,
          text: labelOf(MESSAGE_STATUS, m.status, t),
        })
      : null,
  );
}

// A reply's status still moves while it is in flight; followed for this long after it was written.
const IN_FLIGHT = new Set(['queued', 'sending', 'sent']);
const FOLLOW_MS = 15 * 60_000;

/**
 * Where the next read of the thread starts ("<createdAt>/<id>", '' for the start): after the
 * last message, or just before the oldest recent outbound message still in flight, so that its
 * status (delivered, read, failed) is read again with the newer messages, in the same query.
 * @param {readonly ThreadMessage[]} messages
 * @param {number} now
 */
export function resumeAfter(messages, now) {
  const sorted = [...messages].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const first = sorted.findIndex(
    (m) => m.direction === 'outbound' && IN_FLIGHT.has(m.status) && now - Date.parse(m.createdAt) < FOLLOW_MS,
  );
  const from = first === -1 ? sorted.at(-1) : sorted[first - 1];
  return from ? `${from.createdAt}/${from.id}` : '';
}

/** An agent's authorId is the principal label: "user:<email>", or a token's. @param {string} authorId */
export const authorEmail = (authorId) => (authorId.startsWith('user:') ? authorId.slice(5) : null);
