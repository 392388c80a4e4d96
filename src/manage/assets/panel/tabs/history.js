// @ts-check
// History: every change to the team's settings (the audit log), newest first.

import { errorMessage } from '../api.js';
import { append, clear, h, say } from '../dom.js';
import { asIs, AUDIT_ACTION, labelOf } from '../labels.js';

/** @typedef {{ action: string, subject: string, actor: string, at: string, before: unknown, after: unknown }} AuditEntry */

/** @type {import('../state.js').Tab} */
export const historyTab = {
  id: 'history',
  label: 'tab.history',
  render(panel, ctx) {
    const { t } = ctx;
    const list = h('ol', { class: 'history', role: 'list', id: 'history-list' });
    const status = h('p', { class: 'save-status', role: 'status', id: 'history-status' });
    // An answer to an older request never overwrites a newer one.
    let seq = 0;

    async function load() {
      const mine = (seq += 1);
      say(status, t('history.loading'), 'busy');
      try {
        /** @type {AuditEntry[]} */
        const entries = await ctx.api('GET', ctx.teamPath('/audit?limit=100'));
        if (mine !== seq) return;
        clear(list);
        for (const entry of entries) list.append(historyItem(entry));
        say(status, entries.length === 0 ? t('history.none') : t('history.count', { count: entries.length }), 'info');
      } catch (err) {
        if (mine === seq) say(status, t('history.loadFailed', { reason: errorMessage(err) }), 'error');
      }
    }

    /** @param {AuditEntry} entry */
    function historyItem(entry) {
      const subject = subjectOf(entry);
      const actor = entry.actor.startsWith('user:') ? entry.actor.slice(5) : entry.actor;
      const changes = changedKeys(entry.before, entry.after);
      return h(
        'li',
        { class: 'history-item' },
        h(
          'div',
          { class: 'history-main' },
          h('span', { class: 'history-action', text: labelOf(AUDIT_ACTION, entry.action, t, asIs) }),
          subject ? h('span', { class: 'history-subject', text: subject }) : null,
        ),
        h(
          'p',
          { class: 'history-meta' },
          h('span', { text: actor }),
          ' · ',
          h('time', { datetime: entry.at, text: ctx.i18n.dateTime(entry.at) }),
        ),
        h(
          'details',
          { class: 'history-details' },
          h('summary', {
            text: changes.length ? t('history.whatChanged', { keys: changes.join(', ') }) : t('history.beforeAndAfter'),
          }),
          h(
            'div',
            { class: 'diff' },
            h('div', {}, h('h4', { text: t('history.before') }), h('pre', { text: pretty(entry.before) })),
            h('div', {}, h('h4', { text: t('history.after') }), h('pre', { text: pretty(entry.after) })),
          ),
        ),
      );
    }

    /** A reply's title, a user's email; nothing where the action already says it (schedule, team). @param {AuditEntry} entry */
    function subjectOf(entry) {
      const reply = ctx.state.replies.find((r) => r.kind === entry.subject);
      if (reply) return reply.title;
      if (entry.subject === 'schedule' || entry.subject === 'team' || entry.subject === 'notification_webhook_secret')
        return null;
      const email = emailOf(entry.after) ?? emailOf(entry.before);
      return email ?? entry.subject;
    }

    /** @param {unknown} value */
    const pretty = (value) =>
      value === null || value === undefined ? t('history.nothing') : JSON.stringify(value, null, 2);

    append(
      panel,
      h(
        'div',
        { class: 'card section-card' },
        h(
          'div',
          { class: 'section-head' },
          h('h2', { id: 'history-h', text: t('history.title') }),
          h('button', {
            type: 'button',
            class: 'button button-secondary button-small',
            text: t('common.refresh'),
            onclick: load,
          }),
        ),
        h('p', { class: 'panel-intro', text: t('history.intro') }),
        status,
        list,
      ),
    );
    return { show: load };
  },
};

/** @param {unknown} value */
function emailOf(value) {
  const email = value && typeof value === 'object' && 'email' in value ? value.email : undefined;
  return typeof email === 'string' ? email : null;
}

/** The top-level keys whose values differ. @param {unknown} before @param {unknown} after */
function changedKeys(before, after) {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = /** @type {Record<string, unknown>} */ (before);
  const a = /** @type {Record<string, unknown>} */ (after);
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((key) => JSON.stringify(b[key]) !== JSON.stringify(a[key]));
}
