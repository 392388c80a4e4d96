// @ts-check
// Recent calls, under the call flow: how the flow worked out.

import { errorMessage } from '../api.js';
import { clear, h, say } from '../dom.js';
import { humanize, isWebUrl, timeOf } from '../format.js';
import { CALL_OUTCOME, labelOf } from '../labels.js';

/**
 * @typedef {{
 *   createdAt: string, endedAt: string | null, customer: string, outcome: string | null, afterHours: boolean,
 *   durationSeconds?: number | null, recording?: { url: string, durationSeconds?: number | null } | null, ticketId?: string | null,
 * }} Call
 */

/**
 * The card, and load() to fill it (when the tab is shown, and on Refresh).
 * @param {import('../state.js').PanelContext} ctx
 */
export function recentCalls(ctx) {
  const { t } = ctx;
  const body = h('tbody', { id: 'calls-list' });
  const status = h('p', { class: 'save-status', role: 'status', id: 'calls-status' });
  // An answer to an older request never overwrites a newer one.
  let seq = 0;

  async function load() {
    const mine = (seq += 1);
    say(status, t('calls.loading'), 'busy');
    try {
      /** @type {Call[]} */
      const calls = await ctx.api('GET', ctx.teamPath('/calls?limit=20'));
      if (mine !== seq) return;
      clear(body);
      for (const call of calls) body.append(callRow(call));
      say(status, calls.length === 0 ? t('calls.none') : '', 'info');
    } catch (err) {
      if (mine === seq) say(status, t('calls.loadFailed', { reason: errorMessage(err) }), 'error');
    }
  }

  /** @param {Call} call */
  function callRow(call) {
    const recording = call.recording;
    const ticketId = call.ticketId;
    const seconds = call.durationSeconds;
    return h(
      'tr',
      {},
      h('td', {}, timeOf(ctx.i18n, call.createdAt)),
      h('td', { text: call.customer }),
      h(
        'td',
        {},
        call.outcome
          ? labelOf(CALL_OUTCOME, call.outcome, t, humanize)
          : h('span', { class: 'muted', text: call.endedAt ? t('calls.settling') : t('calls.inProgress') }),
        call.afterHours ? h('span', { class: 'tag tag-inline', text: t('calls.afterHours') }) : null,
      ),
      h('td', { text: seconds === null || seconds === undefined ? '—' : t('unit.seconds', { count: seconds }) }),
      h(
        'td',
        {},
        recording && isWebUrl(recording.url)
          ? h('a', {
              href: recording.url,
              target: '_blank',
              rel: 'noopener noreferrer',
              text: recording.durationSeconds
                ? t('calls.listenFor', { count: recording.durationSeconds })
                : t('calls.listen'),
            })
          : '—',
      ),
      h(
        'td',
        {},
        ticketId
          ? h('button', {
              type: 'button',
              class: 'button button-quiet button-small',
              text: t('calls.openTicket'),
              'aria-label': t('calls.openTicketOf', { customer: call.customer }),
              onclick: () => ctx.selectTab('tickets', { ticketId }),
            })
          : '—',
      ),
    );
  }

  const element = h(
    'section',
    { class: 'card section-card', 'aria-labelledby': 'calls-h' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'calls-h', text: t('calls.title') }),
      h('button', {
        type: 'button',
        class: 'button button-secondary button-small',
        text: t('common.refresh'),
        'aria-label': t('calls.refresh'),
        onclick: load,
      }),
    ),
    status,
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data-table' },
        h('caption', { class: 'visually-hidden', text: t('calls.caption') }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [
              t('calls.when'),
              t('calls.caller'),
              t('calls.outcome'),
              t('calls.length'),
              t('calls.voicemail'),
              t('calls.ticket'),
            ].map((c) => h('th', { scope: 'col', text: c })),
          ),
        ),
        body,
      ),
    ),
  );
  return { element, load };
}
