// @ts-check
// Schedule: the team's time zone, weekly opening hours and exceptions (holidays, special days).

import { errorMessage, fieldOf } from '../api.js';
import { clear, focusField, h, say } from '../dom.js';
import { errorSlot, inlineErrors, messageFor } from '../fields.js';

/** @typedef {import('../state.js').Interval} Interval */

/** @type {readonly [string, import('../i18n.js').MessageKey][]} */
const DAYS = [
  ['mon', 'day.mon'],
  ['tue', 'day.tue'],
  ['wed', 'day.wed'],
  ['thu', 'day.thu'],
  ['fri', 'day.fri'],
  ['sat', 'day.sat'],
  ['sun', 'day.sun'],
];

/** @type {import('../state.js').Tab} */
export const scheduleTab = {
  id: 'schedule',
  label: 'tab.schedule',
  render(panel, ctx) {
    const { t } = ctx;
    /** @type {import('../state.js').Schedule} */
    const model = structuredClone(ctx.state.schedule);
    for (const [day] of DAYS) model.weekly[day] ??= [];
    const status = h('p', { class: 'save-status', role: 'status', id: 'schedule-status' });
    const errors = inlineErrors(panel);

    const tzInput = h('input', {
      type: 'text',
      id: 'schedule-timezone',
      list: 'timezones',
      autocomplete: 'off',
      spellcheck: 'false',
      'data-field': 'timezone',
      'aria-describedby': 'tz-help',
    });
    tzInput.value = model.timezone;
    tzInput.addEventListener('input', () => {
      model.timezone = tzInput.value.trim();
    });
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    const tzError = errorSlot();

    const weekList = h('ul', { class: 'week', role: 'list' });
    const exceptionList = h('ul', { class: 'exceptions', role: 'list' });

    /**
     * @param {Interval[]} intervals changed in place
     * @param {string} path the API's field path of the list
     * @param {string} label the day, or the exception, as read out with each input
     * @param {(focus: string) => void} rerender
     */
    function intervalEditor(intervals, path, label, rerender) {
      return intervals.map((interval, i) => {
        const opens = timeInput(interval, 0, `${path}.${i}.0`, t('schedule.opens', { label, n: i + 1 }));
        const closes = timeInput(interval, 1, `${path}.${i}.1`, t('schedule.closes', { label, n: i + 1 }));
        return h(
          'div',
          { class: 'interval', 'data-field': `${path}.${i}`, 'data-error-host': '' },
          h(
            'div',
            { class: 'interval-inputs' },
            opens,
            h('span', { class: 'dash', 'aria-hidden': 'true', text: '–' }),
            closes,
            h('button', {
              type: 'button',
              class: 'button button-quiet button-small',
              'data-mutates': '',
              'aria-label': t('schedule.removeHours', { label, n: i + 1 }),
              text: t('common.remove'),
              onclick: () => {
                intervals.splice(i, 1);
                rerender(`${path}.add`);
              },
            }),
          ),
          errorSlot(),
        );
      });
    }

    /**
     * @param {Interval} interval
     * @param {0 | 1} index
     * @param {string} field
     * @param {string} label
     */
    function timeInput(interval, index, field, label) {
      const input = h('input', {
        type: 'text',
        class: 'time',
        inputmode: 'numeric',
        placeholder: t('schedule.timePlaceholder'),
        maxlength: '5',
        size: '5',
        autocomplete: 'off',
        'aria-label': label,
        'data-field': field,
        pattern: '[0-2][0-9]:[0-5][0-9]',
      });
      input.value = interval[index];
      input.addEventListener('input', () => {
        interval[index] = input.value.trim();
      });
      return input;
    }

    /** @param {string} [focus] the data-field to focus afterwards */
    function renderWeek(focus) {
      clear(weekList);
      for (const [day, nameKey] of DAYS) {
        const name = t(nameKey);
        const intervals = model.weekly[day] ?? [];
        weekList.append(
          h(
            'li',
            { class: 'day-row', 'data-field': `weekly.${day}`, 'data-error-host': '' },
            h('span', { class: 'day-name', id: `day-${day}`, text: name }),
            h(
              'div',
              { class: 'day-hours' },
              intervals.length === 0
                ? h('span', { class: 'closed', text: t('schedule.closed') })
                : intervalEditor(intervals, `weekly.${day}`, name, renderWeek),
              errorSlot(),
            ),
            h('button', {
              type: 'button',
              class: 'button button-secondary button-small',
              'data-mutates': '',
              'data-field': `weekly.${day}.add`,
              'aria-label': t('schedule.addHoursOn', { label: name }),
              text: t('schedule.addHours'),
              onclick: () => {
                const last = intervals.at(-1);
                intervals.push(last ? [last[1] === '24:00' ? '00:00' : last[1], '24:00'] : ['09:00', '17:00']);
                renderWeek(`weekly.${day}.${intervals.length - 1}.0`);
              },
            }),
          ),
        );
      }
      focusField(weekList, focus);
    }

    /** @param {string} [focus] the data-field to focus afterwards */
    function renderExceptions(focus) {
      clear(exceptionList);
      if (model.exceptions.length === 0)
        exceptionList.append(h('li', { class: 'muted', text: t('schedule.noExceptions') }));
      model.exceptions.forEach((exception, i) => {
        const path = `exceptions.${i}`;
        const dateInput = h('input', {
          type: 'date',
          id: `exception-date-${i}`,
          'data-field': `${path}.date`,
          value: exception.date ?? '',
        });
        dateInput.addEventListener('input', () => {
          exception.date = dateInput.value;
        });
        const kindSelect = h(
          'select',
          { id: `exception-kind-${i}`, 'data-field': `${path}.kind` },
          h('option', { value: 'closed', selected: !exception.hours, text: t('schedule.closedAllDay') }),
          h('option', { value: 'hours', selected: Boolean(exception.hours), text: t('schedule.specialHours') }),
        );
        kindSelect.addEventListener('change', () => {
          if (kindSelect.value === 'hours') {
            delete exception.closed;
            exception.hours = [['10:00', '14:00']];
          } else {
            delete exception.hours;
            exception.closed = true;
          }
          renderExceptions(`${path}.kind`);
        });
        const label = t('schedule.exception', { n: i + 1 });
        const hours = exception.hours;
        exceptionList.append(
          h(
            'li',
            { class: 'exception-row', 'data-field': path, 'data-error-host': '' },
            h(
              'div',
              { class: 'exception-main' },
              h('div', { class: 'field' }, h('label', { for: dateInput.id, text: t('schedule.date') }), dateInput),
              h(
                'div',
                { class: 'field' },
                h('label', { for: kindSelect.id, text: t('schedule.onThisDay') }),
                kindSelect,
              ),
              h('button', {
                type: 'button',
                class: 'button button-quiet button-small',
                'data-mutates': '',
                'aria-label': t('schedule.removeException', { n: i + 1 }),
                text: t('common.remove'),
                onclick: () => {
                  model.exceptions.splice(i, 1);
                  renderExceptions('exceptions.add');
                },
              }),
            ),
            hours
              ? h(
                  'div',
                  { class: 'exception-hours', 'data-field': `${path}.hours`, 'data-error-host': '' },
                  intervalEditor(hours, `${path}.hours`, label, renderExceptions),
                  h('button', {
                    type: 'button',
                    class: 'button button-secondary button-small',
                    'data-mutates': '',
                    'data-field': `${path}.hours.add`,
                    'aria-label': t('schedule.addHoursOn', { label }),
                    text: t('schedule.addHours'),
                    onclick: () => {
                      hours.push(['15:00', '18:00']);
                      renderExceptions(`${path}.hours.${hours.length - 1}.0`);
                    },
                  }),
                  errorSlot(),
                )
              : null,
            errorSlot(),
          ),
        );
      });
      focusField(exceptionList, focus);
    }

    const addException = h('button', {
      type: 'button',
      class: 'button button-secondary',
      'data-mutates': '',
      'data-field': 'exceptions.add',
      text: t('schedule.addException'),
      onclick: () => {
        model.exceptions.push({ date: '', closed: true });
        renderExceptions(`exceptions.${model.exceptions.length - 1}.date`);
      },
    });

    const form = h(
      'form',
      { class: 'schedule-form', novalidate: true, 'aria-labelledby': 'schedule-h' },
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'schedule-h', text: t('schedule.title') }),
        h('p', { class: 'panel-intro', text: t('schedule.intro') }),
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: tzInput.id, text: t('schedule.timezone') }),
          tzInput,
          h('p', { class: 'help', id: 'tz-help', text: t('schedule.timezoneHelp') }),
          tzError,
        ),
        h(
          'datalist',
          { id: 'timezones' },
          zones.map((z) => h('option', { value: z })),
        ),
        h('h3', { text: t('schedule.weekly') }),
        weekList,
      ),
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'exceptions-h', text: t('schedule.exceptions') }),
        h('p', { class: 'panel-intro', text: t('schedule.exceptionsIntro') }),
        exceptionList,
        addException,
      ),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: t('schedule.save') }),
        status,
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      errors.clear();
      const body = {
        timezone: model.timezone,
        weekly: Object.fromEntries(DAYS.map(([day]) => [day, model.weekly[day]])),
        exceptions: model.exceptions.map((e) =>
          e.hours ? { date: e.date, hours: e.hours } : { date: e.date, closed: true },
        ),
      };
      say(status, t('save.saving'), 'busy');
      try {
        ctx.state.schedule = await ctx.api('PUT', ctx.teamPath('/schedule'), body);
        say(status, t('save.savedAt', { time: ctx.i18n.clock() }));
      } catch (err) {
        const field = fieldOf(err);
        const input = field ? errors.show(field, messageFor(err)) : null;
        input?.focus();
        say(status, input ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }), 'error');
      }
    });

    panel.append(form);
    renderWeek();
    renderExceptions();
  },
};
