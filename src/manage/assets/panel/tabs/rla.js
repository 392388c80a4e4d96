// @ts-check
// Response levels (RLA): targets per priority, warnings, escalation, and who is told about
// warnings and breaches.

import { errorMessage, fieldOf } from '../api.js';
import { h, say } from '../dom.js';
import {
  errorSlot,
  inlineErrors,
  messageFor,
  readyToSave,
  textOrNull,
  wholeNumber,
  wholeNumberInput,
} from '../fields.js';
import { humanMinutes } from '../format.js';
import { PRIORITIES, PRIORITY } from '../labels.js';
import { webhookSecretBox } from '../widgets/webhook-secret.js';

/** @typedef {import('../state.js').Priority} Priority */

/** @type {import('../state.js').Tab} */
export const rlaTab = {
  id: 'rla',
  label: 'tab.rla',
  render(panel, ctx) {
    const { t, canEdit } = ctx;
    const rla = ctx.state.team.rla;
    const notifications = ctx.state.team.notifications ?? { emails: [], webhookUrl: null };
    const escalation = rla.escalation ?? { missedCalls: 3, withinHours: 24, raiseTo: 'high' };
    const status = h('p', { class: 'save-status', role: 'status', id: 'rla-status' });
    const errors = inlineErrors(panel);

    /** @param {string} id @param {string} field @param {number} value @param {string} label */
    const minutesInput = (id, field, value, label) => {
      const hint = h('span', { class: 'help minutes-hint', id: `${id}-hint` });
      const input = h('input', {
        type: 'number',
        id,
        class: 'narrow',
        min: '0',
        step: '1',
        inputmode: 'numeric',
        'data-field': field,
        'data-whole': '',
        'aria-label': label,
        'aria-describedby': hint.id,
      });
      input.value = String(value);
      const showHint = () => {
        // "= 8 h" helps from an hour up; below that it would only repeat the number.
        const minutes = /^\d+$/.test(input.value.trim()) ? Number(input.value) : 0;
        hint.textContent = minutes >= 60 ? `= ${humanMinutes(ctx.i18n, minutes)}` : '';
      };
      input.addEventListener('input', showHint);
      showHint();
      return { input, hint };
    };

    // The targets table: a row per priority, a column per clock.
    /** @type {Partial<Record<Priority, { first: HTMLInputElement, resolution: HTMLInputElement }>>} */
    const targetInputs = {};
    const rows = PRIORITIES.map((priority) => {
      const name = t(PRIORITY[priority]);
      const first = minutesInput(
        `rla-${priority}-first`,
        `rla.targets.${priority}.firstResponseMinutes`,
        rla.targets[priority].firstResponseMinutes,
        t('rla.firstResponseLabel', { priority: name }),
      );
      const resolution = minutesInput(
        `rla-${priority}-resolution`,
        `rla.targets.${priority}.resolutionMinutes`,
        rla.targets[priority].resolutionMinutes,
        t('rla.resolutionLabel', { priority: name }),
      );
      targetInputs[priority] = { first: first.input, resolution: resolution.input };
      /** @param {{ input: HTMLInputElement, hint: HTMLElement }} minutes */
      const cell = ({ input, hint }) =>
        h('td', { 'data-error-host': '' }, h('div', { class: 'inline' }, input, hint), errorSlot());
      return h(
        'tr',
        { 'data-field': `rla.targets.${priority}` },
        h('th', { scope: 'row', text: name }),
        cell(first),
        cell(resolution),
      );
    });

    const warn = minutesInput('rla-warn', 'rla.warnBeforeMinutes', rla.warnBeforeMinutes, t('rla.warnLabel'));

    // Escalation after repeated missed calls: null turns it off.
    const escalateBox = h('input', {
      type: 'checkbox',
      id: 'rla-escalate',
      checked: rla.escalation !== null,
      'aria-controls': 'rla-escalation',
    });
    /** @param {string} id @param {string} field @param {number} value @param {number} min @param {number} max */
    const countInput = (id, field, value, min, max) => wholeNumberInput({ id, field, value, min, max });
    const missedCalls = countInput('rla-escalation-calls', 'rla.escalation.missedCalls', escalation.missedCalls, 2, 20);
    const withinHours = countInput(
      'rla-escalation-hours',
      'rla.escalation.withinHours',
      escalation.withinHours,
      1,
      720,
    );
    const raiseTo = h(
      'select',
      { id: 'rla-escalation-raise', 'data-field': 'rla.escalation.raiseTo' },
      PRIORITIES.map((value) =>
        h('option', { value, selected: escalation.raiseTo === value, text: t(PRIORITY[value]) }),
      ),
    );
    const escalationInputs = [missedCalls, withinHours, raiseTo];
    const syncEscalation = () => {
      for (const input of escalationInputs) input.disabled = !canEdit || !escalateBox.checked;
    };
    escalateBox.addEventListener('change', syncEscalation);
    /** @param {HTMLInputElement | HTMLSelectElement} input @param {string} label @param {string} [help] */
    const smallField = (input, label, help) =>
      h(
        'div',
        { class: 'field', 'data-error-host': '' },
        h('label', { for: input.id, text: label }),
        input,
        help ? h('p', { class: 'help', text: help }) : null,
        errorSlot(),
      );

    const voicemailBox = h('input', {
      type: 'checkbox',
      id: 'rla-voicemail',
      checked: rla.voicemailNeedsResponse,
      'aria-describedby': 'rla-voicemail-help',
      'data-field': 'rla.voicemailNeedsResponse',
    });

    // Notifications: addresses one per line (or comma separated) and a signed webhook.
    const emailsInput = h('textarea', {
      id: 'notify-emails',
      rows: '3',
      spellcheck: 'false',
      autocomplete: 'off',
      'data-field': 'notifications.emails',
      placeholder: 'lead@example.com',
      'aria-describedby': 'notify-emails-help',
      class: 'short',
    });
    emailsInput.value = notifications.emails.join('\n');
    const webhookInput = h('input', {
      type: 'url',
      id: 'notify-webhook',
      autocomplete: 'off',
      spellcheck: 'false',
      'data-field': 'notifications.webhookUrl',
      placeholder: 'https://example.com/hooks/switchboard',
      'aria-describedby': 'notify-webhook-help',
    });
    webhookInput.value = notifications.webhookUrl ?? '';
    const emailList = () => {
      const seen = new Set();
      return emailsInput.value
        .split(/[\s,;]+/)
        .filter((e) => e && !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
    };

    const form = h(
      'form',
      { class: 'rla-form', novalidate: true, 'aria-labelledby': 'rla-h' },
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'rla-h', text: t('rla.title') }),
        h('p', { class: 'panel-intro', text: t('rla.intro') }),
        h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'data-table rla-table', id: 'rla-targets' },
            h('caption', { text: t('rla.caption') }),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col', text: t('rla.priority') }),
                h('th', { scope: 'col', text: t('rlaClock.firstResponse') }),
                h('th', { scope: 'col', text: t('rlaClock.resolution') }),
              ),
            ),
            h('tbody', {}, rows),
          ),
        ),
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: warn.input.id, text: t('rla.warn') }),
          h('div', { class: 'inline' }, warn.input, h('span', { text: t('unit.minutesWord') }), warn.hint),
          h('p', { class: 'help', text: t('rla.warnHelp') }),
          errorSlot(),
        ),
        h('div', { class: 'check' }, voicemailBox, h('label', { for: voicemailBox.id, text: t('rla.voicemail') })),
        h('p', { class: 'help indent', id: 'rla-voicemail-help', text: t('rla.voicemailHelp') }),
        h(
          'fieldset',
          { class: 'options', 'data-field': 'rla.escalation', 'data-error-host': '' },
          h('legend', { text: t('rla.escalation') }),
          h('div', { class: 'check' }, escalateBox, h('label', { for: escalateBox.id, text: t('rla.escalate') })),
          h(
            'div',
            { class: 'escalation-grid', id: 'rla-escalation' },
            smallField(missedCalls, t('rla.missedCalls'), t('rla.missedCallsHelp')),
            smallField(withinHours, t('rla.withinHours'), t('rla.withinHoursHelp')),
            smallField(raiseTo, t('rla.raiseTo')),
          ),
          errorSlot(),
        ),
        h(
          'p',
          { class: 'help' },
          t('rla.missedCallsTicketsBefore'),
          h('a', {
            href: '#missed-calls',
            text: t('tab.missedCalls'),
            onclick: (event) => {
              event.preventDefault();
              ctx.selectTab('missed-calls');
            },
          }),
          t('rla.missedCallsTicketsAfter'),
        ),
      ),
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'notify-h', text: t('rla.notifyTitle') }),
        h('p', { class: 'panel-intro', text: t('rla.notifyIntro') }),
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: emailsInput.id, text: t('rla.emails') }),
          emailsInput,
          h('p', { class: 'help', id: 'notify-emails-help', text: t('rla.emailsHelp') }),
          errorSlot(),
        ),
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: webhookInput.id, text: t('rla.webhook') }),
          webhookInput,
          h('p', { class: 'help', id: 'notify-webhook-help', text: t('rla.webhookHelp') }),
          errorSlot(),
        ),
        webhookSecretBox(ctx),
      ),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: t('rla.save') }),
        status,
      ),
    );

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!readyToSave(form, errors, status, t)) return;
      const emails = emailList();
      const body = {
        rla: {
          targets: Object.fromEntries(
            PRIORITIES.map((p) => {
              const inputs = targetInputs[p];
              return [
                p,
                inputs
                  ? {
                      firstResponseMinutes: wholeNumber(inputs.first),
                      resolutionMinutes: wholeNumber(inputs.resolution),
                    }
                  : undefined,
              ];
            }),
          ),
          warnBeforeMinutes: wholeNumber(warn.input),
          escalation: escalateBox.checked
            ? { missedCalls: wholeNumber(missedCalls), withinHours: wholeNumber(withinHours), raiseTo: raiseTo.value }
            : null,
          voicemailNeedsResponse: voicemailBox.checked,
        },
        notifications: { emails, webhookUrl: textOrNull(webhookInput.value.trim()) },
      };
      say(status, t('save.saving'), 'busy');
      try {
        /** @type {import('../state.js').Team} */
        const team = await ctx.api('PATCH', ctx.teamPath(), body);
        ctx.state.team = team;
        emailsInput.value = (team.notifications?.emails ?? []).join('\n');
        say(status, t('save.savedAt', { time: ctx.i18n.clock() }));
      } catch (err) {
        // "notifications.emails.2: is not an email address": name the address, the list is one field.
        const field = fieldOf(err);
        const email = /^notifications\.emails\.(\d+)$/.exec(field ?? '');
        const address = email ? emails[Number(email[1])] : undefined;
        const message = address !== undefined ? `“${address}”: ${messageFor(err).toLowerCase()}` : messageFor(err);
        const input = field ? errors.show(field, message) : null;
        input?.focus();
        say(status, input ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }), 'error');
      }
    });

    panel.append(form);
    syncEscalation();
  },
};
