// @ts-check
// Missed calls: whether a missed call opens a ticket, and how recent a ticket it may join.

import { errorMessage, fieldOf } from '../api.js';
import { h, say } from '../dom.js';
import { clearFieldError, errorSlot, messageFor, showFieldError } from '../fields.js';

/** @type {import('../state.js').Tab} */
export const missedCallsTab = {
  id: 'missed-calls',
  label: 'tab.missedCalls',
  render(panel, ctx) {
    const { t } = ctx;
    const settings = ctx.state.team.missedCalls ?? { createTickets: false, attachWindowHours: 24 };
    const createBox = h('input', {
      type: 'checkbox',
      id: 'missed-create',
      checked: settings.createTickets,
      'aria-describedby': 'missed-create-help',
    });
    const windowInput = h('input', {
      type: 'number',
      id: 'missed-window',
      class: 'narrow',
      min: '1',
      max: '720',
      step: '1',
      inputmode: 'numeric',
      'aria-describedby': 'missed-window-help',
    });
    windowInput.value = String(settings.attachWindowHours);
    const windowError = errorSlot();
    const status = h('p', { class: 'save-status', role: 'status', id: 'missed-status' });

    const form = h(
      'form',
      { class: 'card section-card', novalidate: true, 'aria-labelledby': 'missed-h' },
      h('h2', { id: 'missed-h', text: t('missed.title') }),
      h('p', { class: 'panel-intro', text: t('missed.intro') }),
      h('div', { class: 'check' }, createBox, h('label', { for: createBox.id, text: t('missed.create') })),
      h('p', { class: 'help indent', id: 'missed-create-help', text: t('missed.createHelp') }),
      h(
        'div',
        { class: 'field' },
        h('label', { for: windowInput.id, text: t('missed.window') }),
        h('div', { class: 'inline' }, windowInput, h('span', { text: t('unit.hours') })),
        h('p', { class: 'help', id: 'missed-window-help', text: t('missed.windowHelp') }),
        windowError,
      ),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: t('save.save') }),
        status,
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldError(windowInput, windowError);
      const hours = Number(windowInput.value);
      if (windowInput.value === '' || !Number.isInteger(hours)) {
        showFieldError(windowInput, windowError, t('missed.windowInvalid'));
        windowInput.focus();
        say(status, t('save.notSavedFix'), 'error');
        return;
      }
      say(status, t('save.saving'), 'busy');
      try {
        ctx.state.team = await ctx.api('PATCH', ctx.teamPath(), {
          missedCalls: { createTickets: createBox.checked, attachWindowHours: hours },
        });
        say(status, t('save.savedAt', { time: ctx.i18n.clock() }));
      } catch (err) {
        const field = fieldOf(err);
        if (field === 'missedCalls.attachWindowHours') {
          showFieldError(windowInput, windowError, messageFor(err));
          windowInput.focus();
        }
        say(status, field ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }), 'error');
      }
    });
    panel.append(form);
  },
};
