// @ts-check
// One event on a ticket's timeline: what happened, when, who did it, and the details that matter.

import { h } from '../dom.js';
import { humanize, isWebUrl, timeOf } from '../format.js';
import {
  actorLabel,
  asIs,
  CALL_OUTCOME,
  CHANNELS,
  labelOf,
  PRIORITY,
  RLA_CLOCK,
  SOURCE,
  TICKET_CHAT,
  TICKET_EVENT,
  TICKET_STATUS,
} from '../labels.js';

/** @typedef {{ type: string, at: string, actor: string, [key: string]: unknown }} TicketEvent */

/**
 * Names for the ids an event carries (users, groups), where the caller has loaded them.
 * @typedef {{ user?: (id: string) => string, group?: (id: string) => string }} Names
 */

/**
 * @param {TicketEvent} event
 * @param {import('../state.js').PanelContext} ctx
 * @param {Names} [names]
 */
export function timelineItem(event, ctx, names = {}) {
  const { t } = ctx;
  /** @type {HTMLLIElement[]} */
  const details = [];
  /** @param {string} label @param {import('../dom.js').Child} value */
  const add = (label, value) => {
    if (value === null || value === undefined || value === '') return;
    details.push(h('li', {}, h('span', { class: 'detail-label', text: t('timeline.detail', { label }) }), value));
  };
  /**
   * @param {import('../labels.js').LabelTable} [labels]
   * @param {(id: string) => string} [nameOf] for values that are ids
   */
  const change = (labels = {}, nameOf) => {
    /** @param {unknown} v */
    const show = (v) =>
      Array.isArray(v)
        ? v.length
          ? v.join(', ')
          : t('timeline.none')
        : v === null || v === undefined
          ? t('timeline.nobody')
          : nameOf && typeof v === 'string'
            ? nameOf(v)
            : labelOf(labels, v, t, asIs);
    add(t('timeline.change'), `${show(event['from'])} → ${show(event['to'])}`);
    add(t('timeline.why'), text(event['reason']));
  };
  /** @param {unknown} kind */
  const replyTitle = (kind) => ctx.state.replies.find((r) => r.kind === kind)?.title ?? (kind ? humanize(kind) : null);
  /** @param {unknown} value */
  const iso = (value) => (typeof value === 'string' ? value : null);
  const seconds =
    typeof event['durationSeconds'] === 'number' ? t('unit.seconds', { count: event['durationSeconds'] }) : null;
  switch (event.type) {
    case 'created':
      add(t('timeline.source'), labelOf(SOURCE, event['source'], t, asIs));
      break;
    case 'call':
      add(t('timeline.outcome'), labelOf(CALL_OUTCOME, event['outcome'], t, asIs));
      add(t('timeline.length'), seconds);
      add(t('timeline.lastStep'), event['lastStage'] ? humanize(event['lastStage']) : null);
      break;
    case 'voicemail':
      add(
        t('timeline.recording'),
        isWebUrl(event['recordingUrl'])
          ? h('a', {
              href: event['recordingUrl'],
              target: '_blank',
              rel: 'noopener noreferrer',
              text: t('timeline.listen'),
            })
          : t('timeline.notAvailable'),
      );
      add(t('timeline.length'), seconds);
      break;
    case 'message':
      add(t('timeline.channel'), labelOf(CHANNELS, event['channel'], t, asIs));
      break;
    case 'reply_sent':
      add(t('timeline.reply'), replyTitle(event['kind']));
      add(t('timeline.channel'), labelOf(CHANNELS, event['channel'], t, asIs));
      break;
    case 'reply_skipped':
      add(t('timeline.reply'), replyTitle(event['kind']));
      add(t('timeline.whyNot'), event['reason'] ? humanize(event['reason']) : null);
      break;
    case 'status_changed':
      change(TICKET_STATUS);
      break;
    case 'priority_changed':
      change(PRIORITY);
      break;
    case 'assigned':
      change({}, names.user);
      if (event['outsideGroup']) add(t('timeline.note'), t('timeline.outsideGroup'));
      break;
    case 'group_changed':
      change({}, names.group);
      if (event['outsideGroup']) add(t('timeline.note'), t('timeline.outsideGroup'));
      break;
    case 'chat_changed':
      change(TICKET_CHAT);
      break;
    case 'tags_changed':
      change();
      break;
    case 'first_response':
      if (event['awaiting']) {
        add(t('timeline.waitingAgain'), event['reason'] ? humanize(event['reason']) : t('timeline.yes'));
        add(t('timeline.due'), timeOf(ctx.i18n, iso(event['dueAt'])));
      } else {
        add(t('timeline.answered'), timeOf(ctx.i18n, iso(event['respondedAt']) ?? event.at));
      }
      break;
    case 'callback_requested':
      add(t('timeline.callbackSlot'), [
        timeOf(ctx.i18n, iso(event['dueAt'])),
        ' – ',
        timeOf(ctx.i18n, iso(event['windowEnd'])),
      ]);
      add(t('timeline.phone'), text(event['phone']));
      break;
    case 'callback_done':
      add(t('timeline.phone'), text(event['phone']));
      break;
    case 'rla_warning':
    case 'rla_breach':
      add(t('timeline.clock'), labelOf(RLA_CLOCK, event['clock'], t, asIs));
      add(t('timeline.due'), timeOf(ctx.i18n, iso(event['dueAt'])));
      break;
    default:
      // A kind of event this page does not know yet: its plain values, without ids.
      for (const [key, value] of Object.entries(event)) {
        if (['id', 'type', 'actor', 'at'].includes(key) || /Id$|Sid$/.test(key)) continue;
        if (value !== null && typeof value !== 'object') add(humanize(key), String(value));
      }
  }
  return h(
    'li',
    { class: `timeline-item timeline-${event.type}` },
    h(
      'div',
      { class: 'timeline-head' },
      h('span', { class: 'timeline-type', text: labelOf(TICKET_EVENT, event.type, t) }),
      h('span', { class: 'timeline-meta' }, timeOf(ctx.i18n, event.at), ' · ', actorLabel(event.actor, t)),
    ),
    details.length ? h('ul', { class: 'timeline-details' }, details) : null,
  );
}

/** @param {unknown} value */
const text = (value) => (value === null || value === undefined ? null : String(value));
