// @ts-check
// Flow: the after-hours conversation (GET/PUT /after-hours-flow) — on or off, its channels and
// paths, who is paged for an urgent issue, its texts with a live preview (POST …/preview, SMS
// segments per step), the FAQ it searches (/faq), and a try-it box that walks the flow as a
// customer would (POST …/try): nothing is stored or sent.
//
// Managers change it; agents read it and may try it (the API lets them preview and try).

import { errorMessage, fieldOf, isAbort } from '../api.js';
import { clear, h, say, uid } from '../dom.js';
import { errorSlot, inlineErrors, messageFor, readyToSave, wholeNumber, wholeNumberInput } from '../fields.js';
import {
  FLOW_CHANNELS,
  FLOW_PATHS,
  MAX_GOOD_SEGMENTS,
  draftForPreview,
  flowToSave,
  groupTexts,
  previewKeyOf,
  splitKeywords,
  textKeyOf,
  tooLong,
} from '../flow-draft.js';
import { numberListEditor } from '../widgets/number-list-editor.js';

/**
 * @typedef {import('../flow-draft.js').Flow} Flow
 * @typedef {import('../flow-draft.js').Step} Step
 * @typedef {{ key: string, default: string, placeholders: string[] }} TextDefault
 * @typedef {{ id: string, question: string, answer: string, keywords: string[], locale: string }} FaqEntry
 * @typedef {{ state: unknown, ended: string | null, replies: Step[], completed: unknown }} TryTurn
 * @typedef {import('../i18n.js').MessageKey} MessageKey
 */

const PREVIEW_DELAY_MS = 400;
const MAX_EMAILS = 10;
const FAQ_LOCALES = ['en', 'pl', 'ru'];

/** @type {Record<string, MessageKey>} */
const CHANNEL_LABEL = { sms: 'channel.sms', whatsapp: 'flow.channel.whatsapp', web: 'flow.channel.web' };
/** @type {Record<string, [MessageKey, MessageKey]>} the path's name and what it does */
const PATH_LABEL = {
  message: ['flow.path.message', 'flow.path.messageHelp'],
  callback: ['flow.path.callback', 'flow.path.callbackHelp'],
  urgent: ['flow.path.urgent', 'flow.path.urgentHelp'],
  faq: ['flow.path.faq', 'flow.path.faqHelp'],
};
/** @type {Record<string, MessageKey>} */
const LOCALE_LABEL = { en: 'flow.faq.locale.en', pl: 'flow.faq.locale.pl', ru: 'flow.faq.locale.ru' };
/** @type {Record<string, MessageKey>} how a try ended */
const END_LABEL = {
  completed: 'flow.try.end.completed',
  abandoned: 'flow.try.end.abandoned',
  stopped: 'flow.try.end.stopped',
  expired: 'flow.try.end.expired',
};
/** @type {Record<string, MessageKey>} */
const GROUP_LABEL = {
  start: 'flow.group.start',
  questions: 'flow.group.questions',
  retries: 'flow.group.retries',
  endings: 'flow.group.endings',
  faq: 'flow.group.faq',
  other: 'flow.group.other',
};
/** @type {Record<string, MessageKey>} */
const TEXT_LABEL = {
  away: 'flow.text.away',
  menu: 'flow.text.menu',
  optionMessage: 'flow.text.optionMessage',
  optionCallback: 'flow.text.optionCallback',
  optionUrgent: 'flow.text.optionUrgent',
  optionFaq: 'flow.text.optionFaq',
  askName: 'flow.text.askName',
  askEmail: 'flow.text.askEmail',
  askPhone: 'flow.text.askPhone',
  askBestTime: 'flow.text.askBestTime',
  askTimeZone: 'flow.text.askTimeZone',
  askRegarding: 'flow.text.askRegarding',
  askMessage: 'flow.text.askMessage',
  askDescription: 'flow.text.askDescription',
  invalidChoice: 'flow.text.invalidChoice',
  invalidEmail: 'flow.text.invalidEmail',
  invalidPhone: 'flow.text.invalidPhone',
  required: 'flow.text.required',
  fieldMissing: 'flow.text.fieldMissing',
  messageThanks: 'flow.text.messageThanks',
  callbackConfirmed: 'flow.text.callbackConfirmed',
  urgentIntro: 'flow.text.urgentIntro',
  urgentReceived: 'flow.text.urgentReceived',
  urgentAcknowledged: 'flow.text.urgentAcknowledged',
  faqAsk: 'flow.text.faqAsk',
  faqAnswers: 'flow.text.faqAnswers',
  faqNoMatch: 'flow.text.faqNoMatch',
  faqFound: 'flow.text.faqFound',
  faqBye: 'flow.text.faqBye',
  expired: 'flow.text.expired',
  help: 'flow.text.help',
};

/** @type {import('../state.js').Tab} */
export const flowTab = {
  id: 'flow',
  label: 'tab.flow',
  // The try-it box is for everyone; the settings' controls are disabled here for agents.
  agentsMayEdit: true,
  render(panel, ctx) {
    const { t, canEdit } = ctx;
    /** @type {{ flow: Flow | null, defaults: TextDefault[], faq: FaqEntry[], loaded: boolean }} */
    const model = { flow: null, defaults: [], faq: [], loaded: false };
    const loadStatus = h('p', { class: 'save-status', role: 'status', id: 'flow-load-status' });
    const body = h('div', { id: 'flow-body' });
    panel.append(h('div', { class: 'flow-tab' }, loadStatus, body));

    /** The encoding and the SMS segments of a text. @param {Step} step */
    const metaOf = (step) => `${step.encoding} · ${t('replies.segments', { count: step.segments })}`;

    // ----- the settings -------------------------------------------------------------------------

    /** @param {Flow} flow */
    function settingsForm(flow) {
      const status = h('p', { class: 'save-status', role: 'status', id: 'flow-status' });
      /** @type {Map<string, { input: HTMLTextAreaElement, text: HTMLElement, meta: HTMLElement, warn: HTMLElement, row: HTMLElement }>} */
      const textRows = new Map();
      const previewStatus = h('p', { class: 'help', id: 'flow-preview-status' });

      const enabled = h('input', {
        type: 'checkbox',
        role: 'switch',
        id: 'flow-enabled',
        checked: flow.enabled,
        disabled: !canEdit,
        'data-field': 'enabled',
        'aria-describedby': 'flow-enabled-help',
      });
      enabled.addEventListener('change', () => (flow.enabled = enabled.checked));

      const channels = FLOW_CHANNELS.map((channel) => {
        const box = h('input', {
          type: 'checkbox',
          id: `flow-channel-${channel}`,
          checked: flow.channels.includes(channel),
          disabled: !canEdit,
        });
        box.addEventListener('change', () => {
          flow.channels = FLOW_CHANNELS.filter((c) => (c === channel ? box.checked : flow.channels.includes(c)));
        });
        return h(
          'div',
          { class: 'check' },
          box,
          h('label', { for: box.id, text: t(CHANNEL_LABEL[channel] ?? 'channel.sms') }),
        );
      });

      const idle = wholeNumberInput({
        id: 'flow-idle',
        field: 'idleMinutes',
        value: flow.idleMinutes,
        min: 5,
        max: 1440,
        describedBy: 'flow-idle-help',
      });
      idle.disabled = !canEdit;

      const paths = FLOW_PATHS.map((path) => {
        const [name, help] = PATH_LABEL[path] ?? ['flow.path.message', 'flow.path.messageHelp'];
        const box = h('input', {
          type: 'checkbox',
          id: `flow-path-${path}`,
          checked: flow.paths[path] === true,
          disabled: !canEdit,
          'aria-describedby': `flow-path-${path}-help`,
        });
        box.addEventListener('change', () => {
          flow.paths[path] = box.checked;
          schedulePreview();
        });
        return h(
          'div',
          {},
          h('div', { class: 'check' }, box, h('label', { for: box.id, text: t(name) })),
          h('p', { class: 'help indent', id: `flow-path-${path}-help`, text: t(help) }),
        );
      });

      const repage = h('input', {
        type: 'number',
        id: 'flow-repage',
        class: 'narrow',
        min: '0.5',
        max: '1440',
        step: '0.5',
        inputmode: 'decimal',
        disabled: !canEdit,
        'data-field': 'onCall.repageMinutes',
        'data-required': t('flow.onCall.repageRequired'),
        'aria-describedby': 'flow-repage-help',
      });
      repage.value = String(flow.onCall.repageMinutes);
      const maxPages = wholeNumberInput({
        id: 'flow-max-pages',
        field: 'onCall.maxPages',
        value: flow.onCall.maxPages,
        min: 1,
        max: 20,
        describedBy: 'flow-max-pages-help',
      });
      maxPages.disabled = !canEdit;

      // The texts: one editor each, its default as the placeholder, the preview beside it; in groups
      // that fold (the first open), each saying how many of its texts are over two segments.
      const groups = groupTexts(model.defaults).map(({ group, texts }) => {
        const warnings = h('span', { class: 'badge flow-group-warn', id: `flow-texts-${group}-warn`, hidden: true });
        const details = h(
          'details',
          { class: 'flow-text-group', id: `flow-texts-${group}`, open: group === 'start' },
          h('summary', {}, h('span', { text: t(GROUP_LABEL[group] ?? 'flow.group.other') }), ' ', warnings),
          h(
            'ol',
            { class: 'flow-texts', 'aria-label': t(GROUP_LABEL[group] ?? 'flow.group.other') },
            texts.map((d) => textRow(flow, d, textRows)),
          ),
        );
        return { details, warnings, keys: texts.map((d) => d.key) };
      });

      const errors = inlineErrors(panel);
      const form = h(
        'form',
        { class: 'flow-form', id: 'flow-form', novalidate: true, 'aria-labelledby': 'flow-settings-h' },
        h(
          'div',
          { class: 'card section-card' },
          h('h2', { id: 'flow-settings-h', text: t('flow.title') }),
          h('p', { class: 'panel-intro', text: t('flow.intro') }),
          h('div', { class: 'check' }, enabled, h('label', { for: enabled.id, text: t('flow.enabled') })),
          h('p', { class: 'help indent', id: 'flow-enabled-help', text: t('flow.enabledHelp') }),
          h(
            'fieldset',
            { class: 'options', 'data-field': 'channels', 'data-error-host': '' },
            h('legend', { text: t('flow.channels') }),
            channels,
            errorSlot(),
          ),
          h(
            'div',
            { class: 'field', 'data-error-host': '' },
            h('label', { for: idle.id, text: t('flow.idle') }),
            h('div', { class: 'inline' }, idle, h('span', { text: t('flow.minutesWord') })),
            h('p', { class: 'help', id: 'flow-idle-help', text: t('flow.idleHelp') }),
            errorSlot(),
          ),
        ),
        h(
          'div',
          { class: 'card section-card' },
          h('h2', { id: 'flow-paths-h', text: t('flow.paths') }),
          h(
            'fieldset',
            { class: 'options', 'data-field': 'paths', 'data-error-host': '' },
            h('legend', { text: t('flow.pathsLegend') }),
            paths,
            errorSlot(),
          ),
        ),
        h(
          'div',
          { class: 'card section-card' },
          h('h2', { id: 'flow-oncall-h', text: t('flow.onCall') }),
          h('p', { class: 'help', id: 'flow-oncall-help', text: t('flow.onCallHelp') }),
          // A 422 on `onCall` (urgent on, nobody to page) lands on this group: it has no input of its own.
          h(
            'div',
            {
              class: 'flow-oncall',
              id: 'flow-oncall',
              role: 'group',
              tabindex: '-1',
              'aria-labelledby': 'flow-oncall-h',
              'aria-describedby': 'flow-oncall-help',
              'data-field': 'onCall',
              'data-error-host': '',
            },
            numberListEditor(
              {
                field: 'onCall.numbers',
                label: t('flow.onCall.numbers'),
                numbers: flow.onCall.numbers,
                canEdit,
                help: t('flow.onCall.numbersHelp', { count: 10 }),
              },
              t,
            ),
            emailListEditor(flow.onCall.emails),
            errorSlot(),
          ),
          h(
            'div',
            { class: 'field', 'data-error-host': '' },
            h('label', { for: repage.id, text: t('flow.onCall.repage') }),
            h('div', { class: 'inline' }, repage, h('span', { text: t('flow.minutesWord') })),
            h('p', { class: 'help', id: 'flow-repage-help', text: t('flow.onCall.repageHelp') }),
            errorSlot(),
          ),
          h(
            'div',
            { class: 'field', 'data-error-host': '' },
            h('label', { for: maxPages.id, text: t('flow.onCall.maxPages') }),
            maxPages,
            h('p', { class: 'help', id: 'flow-max-pages-help', text: t('flow.onCall.maxPagesHelp') }),
            errorSlot(),
          ),
        ),
        h(
          'div',
          { class: 'card section-card' },
          h('h2', { id: 'flow-texts-h', text: t('flow.texts') }),
          h('p', { class: 'help', text: t('flow.textsHelp', { max: MAX_GOOD_SEGMENTS }) }),
          previewStatus,
          groups.map((g) => g.details),
        ),
        canEdit
          ? h(
              'div',
              { class: 'form-actions form-actions-sticky' },
              h('button', {
                type: 'submit',
                class: 'button button-primary',
                id: 'flow-save',
                'data-mutates': '',
                text: t('flow.save'),
              }),
              status,
            )
          : null,
      );

      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (!canEdit || !readyToSave(form, errors, status, t)) return;
        flow.idleMinutes = wholeNumber(idle);
        flow.onCall.repageMinutes = Number(repage.value.trim());
        flow.onCall.maxPages = wholeNumber(maxPages);
        say(status, t('save.saving'), 'busy');
        try {
          /** @type {Flow} */
          const saved = await ctx.api('PUT', ctx.teamPath('/after-hours-flow'), flowToSave(flow));
          // The answer is the flow as sent: the form keeps editing the same object.
          flow.texts = { ...saved.texts };
          say(status, t('save.savedAt', { time: ctx.i18n.clock() }));
        } catch (err) {
          const field = fieldOf(err);
          const input = field ? errors.show(field, messageFor(err)) : null;
          // A text's error may be in a folded group: unfold it first, or the focus cannot go there.
          const group = input?.closest('details');
          if (group) group.open = true;
          input?.focus();
          say(
            status,
            input ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }),
            'error',
          );
        }
      });

      // Live preview: debounced; an answer to an older request never overwrites a newer one.
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      /** @type {AbortController | null} */
      let controller = null;
      function schedulePreview() {
        clearTimeout(timer);
        timer = setTimeout(() => void runPreview(), PREVIEW_DELAY_MS);
      }
      async function runPreview() {
        controller?.abort();
        controller = new AbortController();
        previewStatus.textContent = t('flow.previewing');
        try {
          /** @type {{ steps: Step[] }} */
          const answer = await ctx.api(
            'POST',
            ctx.teamPath('/after-hours-flow/preview'),
            { flow: draftForPreview(flow) },
            controller.signal,
          );
          const steps = new Map(answer.steps.map((s) => [s.key, s]));
          for (const [key, row] of textRows) {
            const step = steps.get(previewKeyOf(key));
            row.row.classList.remove('preview-stale');
            row.text.textContent = step?.text ?? '';
            row.meta.textContent = step ? metaOf(step) : '';
            const long = step !== undefined && tooLong(step);
            row.warn.hidden = !long;
            row.warn.textContent = long ? t('flow.tooLong', { count: step.segments, max: MAX_GOOD_SEGMENTS }) : '';
            row.row.classList.toggle('flow-text-long', long);
          }
          for (const g of groups) {
            const count = g.keys.filter((key) => textRows.get(key)?.row.classList.contains('flow-text-long')).length;
            g.warnings.hidden = count === 0;
            g.warnings.textContent = t('flow.groupTooLong', { count, max: MAX_GOOD_SEGMENTS });
          }
          previewStatus.textContent = t('flow.previewUpdated', { time: ctx.i18n.clock() });
        } catch (err) {
          if (isAbort(err)) return;
          const key = textKeyOf(fieldOf(err));
          const row = key ? textRows.get(key) : undefined;
          if (row) {
            row.row.classList.add('preview-stale');
            row.meta.textContent = messageFor(err);
          }
          previewStatus.textContent = row
            ? t('flow.previewFix', { name: t(TEXT_LABEL[key ?? ''] ?? 'flow.texts') })
            : t('flow.previewFailed', { reason: errorMessage(err) });
        }
      }
      for (const row of textRows.values()) row.input.addEventListener('input', schedulePreview);
      // Agents read the settings: every control that would change them is disabled.
      if (!canEdit)
        for (const el of form.querySelectorAll('input, select, textarea, [data-mutates]'))
          el.toggleAttribute('disabled', true);
      void runPreview();
      return form;
    }

    /**
     * @param {Flow} flow @param {TextDefault} d
     * @param {Map<string, { input: HTMLTextAreaElement, text: HTMLElement, meta: HTMLElement, warn: HTMLElement, row: HTMLElement }>} rows
     */
    function textRow(flow, d, rows) {
      const id = `flow-text-${d.key}`;
      const label = t(TEXT_LABEL[d.key] ?? 'flow.texts');
      const input = h('textarea', {
        id,
        rows: '2',
        maxlength: '1600',
        spellcheck: 'true',
        disabled: !canEdit,
        placeholder: d.default,
        'data-field': `texts.${d.key}`,
        'aria-describedby': `${id}-help ${id}-meta ${id}-warn`,
      });
      input.value = flow.texts[d.key] ?? '';
      const text = h('div', { class: 'bubble', id: `${id}-preview` });
      const meta = h('p', { class: 'preview-meta', id: `${id}-meta` });
      const warn = h('p', { class: 'warning', id: `${id}-warn`, hidden: true });
      // Offered on an empty text only: on the team's own wording it would overwrite it.
      const useDefault = h('button', {
        type: 'button',
        class: 'button button-quiet button-small',
        'data-mutates': '',
        disabled: !canEdit,
        hidden: input.value.trim() !== '',
        'aria-label': t('flow.editDefaultNamed', { name: label }),
        text: t('flow.editDefault'),
        onclick: () => {
          input.value = d.default;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.focus();
        },
      });
      input.addEventListener('input', () => {
        flow.texts[d.key] = input.value;
        useDefault.hidden = input.value.trim() !== '';
      });
      const row = h(
        'li',
        { class: 'flow-text', 'data-key': d.key },
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: id, text: label }),
          input,
          h(
            'p',
            { class: 'help', id: `${id}-help` },
            d.placeholders.length
              ? t('flow.placeholders', { list: d.placeholders.map((p) => `{{ ${p} }}`).join(', ') })
              : t('flow.emptyUsesDefault'),
          ),
          h('div', { class: 'inline' }, useDefault),
          errorSlot(),
        ),
        h(
          'div',
          { class: 'flow-preview', role: 'group', 'aria-label': t('flow.previewOf', { name: label }) },
          text,
          meta,
          warn,
        ),
      );
      rows.set(d.key, { input, text, meta, warn, row });
      return row;
    }

    /** The on-call addresses: one input each, so that the API's error on `onCall.emails.1` lands on the second. @param {string[]} emails */
    function emailListEditor(emails) {
      const list = h('ul', { class: 'number-list', role: 'list', id: 'flow-emails' });
      const count = h('p', { class: 'help', id: uid('emails-count') });
      const label = t('flow.onCall.emails');
      const add = h('button', {
        type: 'button',
        class: 'button button-secondary button-small',
        id: 'flow-email-add',
        'data-mutates': '',
        'aria-label': t('flow.onCall.addEmailTo', { label }),
        'aria-describedby': count.id,
        text: t('flow.onCall.addEmail'),
        onclick: () => {
          emails.push('');
          render(emails.length - 1);
        },
      });
      /** @param {number} [focusIndex] */
      function render(focusIndex) {
        clear(list);
        emails.forEach((email, i) => {
          const name = t('flow.onCall.email', { n: i + 1 });
          const input = h('input', {
            type: 'email',
            class: 'email',
            id: `flow-email-${i}`,
            autocomplete: 'off',
            spellcheck: 'false',
            disabled: !canEdit,
            placeholder: 'on-call@example.com',
            'aria-label': name,
            'data-field': `onCall.emails.${i}`,
            'data-required': t('flow.onCall.emailRequired'),
          });
          input.value = email;
          input.addEventListener('input', () => (emails[i] = input.value.trim()));
          list.append(
            h(
              'li',
              { class: 'number-row', 'data-error-host': '' },
              h(
                'div',
                { class: 'inline' },
                input,
                h('button', {
                  type: 'button',
                  class: 'button button-quiet button-small',
                  'data-mutates': '',
                  disabled: !canEdit,
                  'aria-label': t('common.removeNamed', { name }),
                  text: t('common.remove'),
                  onclick: () => {
                    emails.splice(i, 1);
                    render(Math.min(i, emails.length - 1));
                  },
                }),
              ),
              errorSlot(),
            ),
          );
        });
        if (emails.length === 0) list.append(h('li', { class: 'muted', text: t('flow.onCall.noEmails') }));
        add.disabled = !canEdit || emails.length >= MAX_EMAILS;
        count.textContent = t('flow.onCall.emailsHelp', { count: MAX_EMAILS });
        if (focusIndex !== undefined) (list.querySelectorAll('input')[focusIndex] ?? add).focus();
      }
      render();
      const labelId = uid('emails');
      return h(
        'div',
        {
          class: 'number-list-editor',
          role: 'group',
          'aria-labelledby': labelId,
          'data-field': 'onCall.emails',
          'data-error-host': '',
        },
        h('span', { class: 'group-label', id: labelId, text: label }),
        list,
        h('div', { class: 'inline' }, add),
        count,
        errorSlot(),
      );
    }

    // ----- the FAQ ------------------------------------------------------------------------------

    function faqSection() {
      const status = h('p', { class: 'save-status', role: 'status', id: 'faq-status' });
      const list = h('ul', { class: 'faq-list', id: 'faq-list', 'aria-labelledby': 'faq-h' });
      /** @type {string | null} the entry being edited, or null for a new one */
      let editing = null;
      const question = h('input', {
        type: 'text',
        id: 'faq-question',
        maxlength: '300',
        autocomplete: 'off',
        'data-field': 'question',
        'data-required': t('flow.faq.questionRequired'),
      });
      const answer = h('textarea', {
        id: 'faq-answer',
        rows: '3',
        maxlength: '2000',
        'data-field': 'answer',
        'data-required': t('flow.faq.answerRequired'),
      });
      const keywords = h('input', {
        type: 'text',
        id: 'faq-keywords',
        autocomplete: 'off',
        'data-field': 'keywords',
        placeholder: t('flow.faq.keywordsPlaceholder'),
        'aria-describedby': 'faq-keywords-help',
      });
      const locale = h(
        'select',
        { id: 'faq-locale', 'data-field': 'locale' },
        FAQ_LOCALES.map((l) =>
          h('option', {
            value: l,
            selected: l === ctx.state.team.locale,
            text: t(LOCALE_LABEL[l] ?? 'flow.faq.locale.en'),
          }),
        ),
      );
      const formTitle = h('h3', { id: 'faq-form-h', text: t('flow.faq.add') });
      const submit = h('button', {
        type: 'submit',
        class: 'button button-primary',
        id: 'faq-save',
        'data-mutates': '',
        text: t('flow.faq.saveNew'),
      });
      const cancel = h('button', {
        type: 'button',
        class: 'button button-quiet',
        id: 'faq-cancel',
        hidden: true,
        text: t('flow.faq.cancel'),
        onclick: () => startEditing(null),
      });
      /** @param {string} text @param {HTMLElement & { id: string }} control @param {HTMLElement | null} [help] */
      const field = (text, control, help = null) =>
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: control.id, text }),
          control,
          help,
          errorSlot(),
        );
      const form = h(
        'form',
        { class: 'faq-form', id: 'faq-form', novalidate: true, 'aria-labelledby': 'faq-form-h' },
        formTitle,
        field(t('flow.faq.question'), question),
        field(t('flow.faq.answer'), answer),
        field(
          t('flow.faq.keywords'),
          keywords,
          h('p', { class: 'help', id: 'faq-keywords-help', text: t('flow.faq.keywordsHelp') }),
        ),
        field(t('flow.faq.locale'), locale),
        h('div', { class: 'form-actions' }, submit, cancel),
      );
      const errors = inlineErrors(form);

      /** @param {FaqEntry | null} entry */
      function startEditing(entry) {
        errors.clear();
        editing = entry?.id ?? null;
        question.value = entry?.question ?? '';
        answer.value = entry?.answer ?? '';
        keywords.value = entry?.keywords.join(', ') ?? '';
        locale.value = entry?.locale ?? (FAQ_LOCALES.includes(ctx.state.team.locale) ? ctx.state.team.locale : 'en');
        formTitle.textContent = entry ? t('flow.faq.editing', { question: entry.question }) : t('flow.faq.add');
        submit.textContent = entry ? t('flow.faq.saveEdit') : t('flow.faq.saveNew');
        cancel.hidden = entry === null;
        if (entry) question.focus();
      }

      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (!canEdit || !readyToSave(form, errors, status, t)) return;
        const entry = {
          question: question.value.trim(),
          answer: answer.value.trim(),
          keywords: splitKeywords(keywords.value),
          locale: locale.value,
        };
        say(status, t('save.saving'), 'busy');
        try {
          if (editing) {
            /** @type {FaqEntry} */
            const saved = await ctx.api('PUT', ctx.teamPath(`/faq/${encodeURIComponent(editing)}`), entry);
            model.faq = model.faq.map((e) => (e.id === saved.id ? saved : e));
            say(status, t('flow.faq.saved', { question: saved.question }));
          } else {
            /** @type {FaqEntry} */
            const saved = await ctx.api('POST', ctx.teamPath('/faq'), entry);
            model.faq = [...model.faq, saved];
            say(status, t('flow.faq.added', { question: saved.question }));
          }
          startEditing(null);
          renderList();
        } catch (err) {
          // The API names keywords.N: the one input holds them all.
          const field = fieldOf(err)?.replace(/^keywords\.\d+$/, 'keywords') ?? null;
          const input = field ? errors.show(field, messageFor(err)) : null;
          input?.focus();
          say(
            status,
            input ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }),
            'error',
          );
        }
      });

      /** @param {FaqEntry} entry */
      async function remove(entry) {
        say(status, t('flow.faq.deleting'), 'busy');
        try {
          await ctx.api('DELETE', ctx.teamPath(`/faq/${encodeURIComponent(entry.id)}`));
          model.faq = model.faq.filter((e) => e.id !== entry.id);
          if (editing === entry.id) startEditing(null);
          renderList();
          say(status, t('flow.faq.deleted', { question: entry.question }));
          (list.querySelector('button') ?? question).focus();
        } catch (err) {
          say(status, t('flow.faq.deleteFailed', { reason: errorMessage(err) }), 'error');
        }
      }

      function renderList() {
        clear(list);
        if (model.faq.length === 0) list.append(h('li', { class: 'muted', text: t('flow.faq.none') }));
        for (const entry of model.faq) {
          list.append(
            h(
              'li',
              { class: 'faq-entry', 'data-id': entry.id },
              h(
                'div',
                { class: 'faq-entry-head' },
                h('strong', { text: entry.question }),
                ' ',
                h('span', { class: 'badge', text: t(LOCALE_LABEL[entry.locale] ?? 'flow.faq.locale.en') }),
              ),
              h('p', { class: 'faq-answer', text: entry.answer }),
              entry.keywords.length
                ? h('p', { class: 'help', text: t('flow.faq.keywordsAre', { list: entry.keywords.join(', ') }) })
                : null,
              canEdit
                ? h(
                    'div',
                    { class: 'inline' },
                    h('button', {
                      type: 'button',
                      class: 'button button-secondary button-small',
                      'data-mutates': '',
                      'aria-label': t('flow.faq.editNamed', { question: entry.question }),
                      text: t('flow.faq.edit'),
                      onclick: () => startEditing(entry),
                    }),
                    h('button', {
                      type: 'button',
                      class: 'button button-quiet button-small',
                      'data-mutates': '',
                      'aria-label': t('flow.faq.deleteNamed', { question: entry.question }),
                      text: t('flow.faq.delete'),
                      onclick: () => void remove(entry),
                    }),
                  )
                : null,
            ),
          );
        }
      }
      renderList();
      return h(
        'section',
        { class: 'card section-card', 'aria-labelledby': 'faq-h' },
        h('h2', { id: 'faq-h', text: t('flow.faq.title') }),
        h('p', { class: 'help', text: t('flow.faq.help') }),
        list,
        canEdit ? form : null,
        status,
      );
    }

    // ----- try it -------------------------------------------------------------------------------

    function trySection() {
      /** @type {unknown} the session so far, as the last try answered it; null: the customer writes first */
      let state = null;
      const log = h('ol', {
        class: 'flow-try-log',
        id: 'flow-try-log',
        'aria-live': 'polite',
        'aria-labelledby': 'flow-try-h',
      });
      const status = h('p', { class: 'save-status', role: 'status', id: 'flow-try-status' });
      const input = h('input', {
        type: 'text',
        id: 'flow-try-text',
        autocomplete: 'off',
        maxlength: '2000',
        'aria-describedby': 'flow-try-help',
      });
      const send = h('button', {
        type: 'submit',
        class: 'button button-primary',
        id: 'flow-try-send',
        text: t('flow.try.send'),
      });
      const reset = h('button', {
        type: 'button',
        class: 'button button-secondary',
        id: 'flow-try-reset',
        text: t('flow.try.reset'),
        onclick: () => {
          state = null;
          clear(log);
          say(status, t('flow.try.resetDone'), 'info');
          input.focus();
        },
      });
      /** @param {'customer' | 'team' | 'end'} who @param {string} text @param {Step} [step] */
      const bubble = (who, text, step) =>
        h(
          'li',
          { class: `flow-try-${who}`, 'data-key': step?.key },
          who === 'end'
            ? h('p', { class: 'help', text })
            : [
                h('span', {
                  class: 'visually-hidden',
                  text: who === 'customer' ? t('flow.try.you') : t('flow.try.team'),
                }),
                h('div', { class: 'bubble', text }),
                step
                  ? h(
                      'p',
                      { class: `preview-meta${tooLong(step) ? ' flow-try-long' : ''}` },
                      metaOf(step),
                      tooLong(step) ? ` · ${t('flow.tooLongShort')}` : '',
                    )
                  : null,
              ],
        );
      const form = h(
        'form',
        { class: 'flow-try-form', id: 'flow-try-form', novalidate: true, 'aria-labelledby': 'flow-try-h' },
        h('label', { for: input.id, text: t('flow.try.label') }),
        h('div', { class: 'inline' }, input, send, reset),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const text = input.value;
        const flow = model.flow;
        if (!flow) return;
        send.disabled = true;
        say(status, t('flow.try.sending'), 'busy');
        try {
          /** @type {TryTurn} */
          const turn = await ctx.api('POST', ctx.teamPath('/after-hours-flow/try'), {
            state,
            text,
            flow: draftForPreview(flow),
          });
          log.append(bubble('customer', text));
          for (const reply of turn.replies) log.append(bubble('team', reply.text, reply));
          input.value = '';
          if (turn.ended) {
            state = null;
            log.append(bubble('end', t(END_LABEL[turn.ended] ?? 'flow.try.end.completed')));
            say(status, t('flow.try.ended'), 'info');
          } else {
            state = turn.state;
            say(status, t('flow.try.replied', { count: turn.replies.length }), 'info');
          }
          log.lastElementChild?.scrollIntoView({ block: 'nearest' });
        } catch (err) {
          // A text the draft cannot use: say which, as its editor is named.
          const key = textKeyOf(fieldOf(err));
          const label = key ? TEXT_LABEL[key] : undefined;
          const reason = label ? `${t(label)}: ${messageFor(err)}` : messageFor(err);
          say(status, t('flow.try.failed', { reason }), 'error');
        } finally {
          send.disabled = false;
          input.focus();
        }
      });
      return h(
        'section',
        { class: 'card section-card flow-try', 'aria-labelledby': 'flow-try-h' },
        h('h2', { id: 'flow-try-h', text: t('flow.try.title') }),
        h('p', { class: 'help', id: 'flow-try-help', text: t('flow.try.help') }),
        log,
        form,
        status,
      );
    }

    // ----- loading ------------------------------------------------------------------------------

    async function load() {
      say(loadStatus, t('shell.loading'), 'busy');
      try {
        const [flow, defaults, faq] = await Promise.all([
          ctx.api('GET', ctx.teamPath('/after-hours-flow')),
          ctx.api('GET', ctx.teamPath('/after-hours-flow/texts')),
          ctx.api('GET', ctx.teamPath('/faq')),
        ]);
        const f = /** @type {Flow} */ (flow);
        model.flow = {
          ...f,
          channels: [...f.channels],
          paths: { ...f.paths },
          onCall: { ...f.onCall, numbers: [...f.onCall.numbers], emails: [...f.onCall.emails] },
          texts: { ...f.texts },
        };
        model.defaults = /** @type {{ texts: TextDefault[] }} */ (defaults).texts;
        model.faq = /** @type {FaqEntry[]} */ (faq);
        model.loaded = true;
        clear(body).append(settingsForm(model.flow), faqSection(), trySection());
        say(loadStatus, t('flow.loaded'), 'info');
      } catch (err) {
        say(loadStatus, t('flow.loadFailed', { reason: errorMessage(err) }), 'error');
      }
    }

    return {
      show() {
        if (!model.loaded) void load();
      },
    };
  },
};
