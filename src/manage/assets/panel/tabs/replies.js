// @ts-check
// Automated replies: a card per reply in three groups, each with its switch and a text editor
// with placeholder chips and a live preview.

import { errorMessage, fieldOf, isAbort } from '../api.js';
import { append, clear, h, say } from '../dom.js';
import { capitalize, clearFieldError, errorSlot, insertAtCursor, messageFor, showFieldError } from '../fields.js';
import { asIs, CHANNELS, labelOf } from '../labels.js';

/** @typedef {import('../state.js').PanelContext} PanelContext */
/** @typedef {import('../state.js').Reply} Reply */

const PREVIEW_DELAY_MS = 300;

/** @type {readonly { key: string, title: import('../i18n.js').MessageKey, intro: import('../i18n.js').MessageKey }[]} */
const GROUPS = [
  { key: 'calls', title: 'replies.group.calls', intro: 'replies.group.callsIntro' },
  { key: 'messages', title: 'replies.group.messages', intro: 'replies.group.messagesIntro' },
  { key: 'requests', title: 'replies.group.requests', intro: 'replies.group.requestsIntro' },
];

/** @type {import('../state.js').Tab} */
export const repliesTab = {
  id: 'replies',
  label: 'tab.replies',
  render(container, ctx) {
    const { t } = ctx;
    append(container, h('p', { class: 'panel-intro', text: t('replies.intro') }));
    for (const group of GROUPS) {
      const entries = ctx.state.replies.filter((r) => r.group === group.key);
      if (entries.length === 0) continue;
      const headingId = `group-${group.key}`;
      append(
        container,
        h(
          'section',
          { class: 'reply-group', 'aria-labelledby': headingId },
          h(
            'div',
            { class: 'group-head' },
            h('h2', { id: headingId, text: t(group.title) }),
            h('p', { class: 'group-intro', text: t(group.intro) }),
          ),
          h(
            'ul',
            { class: 'cards', role: 'list' },
            entries.map((entry) => replyCard(entry, ctx)),
          ),
        ),
      );
    }
  },
};

/**
 * @param {Reply} initial
 * @param {PanelContext} ctx
 */
function replyCard(initial, ctx) {
  const { t, api } = ctx;
  let entry = initial;
  const kind = entry.kind;
  const titleId = `title-${kind}`;
  const editorId = `editor-${kind}`;
  const replyPath = (suffix = '') => ctx.teamPath(`/auto-replies/${encodeURIComponent(kind)}${suffix}`);

  // Head: title, when it fires, tags and the on/off switch.
  const bodyTag = h('span', { class: 'tag' });
  const switchInput = h('input', {
    type: 'checkbox',
    role: 'switch',
    class: 'switch',
    id: `enabled-${kind}`,
    checked: entry.enabled,
    'aria-label': t('replies.switchLabel', { title: entry.title }),
    'aria-describedby': `fires-${kind}`,
  });
  const switchText = h('span', { class: 'switch-text', 'aria-hidden': 'true' });
  const switchStatus = h('p', { class: 'card-status', role: 'status', id: `enabled-status-${kind}` });
  const showSwitch = () => {
    switchText.textContent = switchInput.checked ? t('replies.on') : t('replies.off');
    card.classList.toggle('is-off', !switchInput.checked);
  };
  const showBodyTag = () => {
    bodyTag.textContent = entry.isDefaultBody ? t('replies.defaultText') : t('replies.customText');
    bodyTag.classList.toggle('tag-custom', !entry.isDefaultBody);
  };

  // Switching saves at once; changes made quickly one after another are sent in order.
  let switchQueue = Promise.resolve();
  switchInput.addEventListener('change', () => {
    const wanted = switchInput.checked;
    showSwitch();
    say(switchStatus, t('save.saving'), 'busy');
    switchQueue = switchQueue.then(async () => {
      try {
        entry = await api('PUT', replyPath(), { enabled: wanted });
        say(switchStatus, t(entry.enabled ? 'replies.savedOn' : 'replies.savedOff', { title: entry.title }));
      } catch (err) {
        switchInput.checked = !wanted;
        showSwitch();
        say(switchStatus, t('save.notSavedBecause', { reason: errorMessage(err) }), 'error');
      }
    });
  });

  const editLabel = h('span', { class: 'edit-label', text: t('replies.edit') });
  const editButton = h(
    'button',
    {
      type: 'button',
      class: 'button button-secondary edit-toggle',
      'aria-expanded': 'false',
      'aria-controls': editorId,
      id: `edit-${kind}`,
    },
    editLabel,
    h('span', { class: 'visually-hidden', text: ` “${entry.title}”` }),
  );

  const editor = h('div', { class: 'editor', id: editorId, hidden: true });
  let editorBuilt = false;
  editButton.addEventListener('click', () => {
    const open = editButton.getAttribute('aria-expanded') !== 'true';
    if (open && !editorBuilt) {
      buildEditor();
      editorBuilt = true;
    }
    editButton.setAttribute('aria-expanded', String(open));
    editLabel.textContent = open ? t('replies.close') : t('replies.edit');
    editor.hidden = !open;
    card.classList.toggle('is-open', open);
  });

  const card = h(
    'li',
    { class: 'card reply-card', 'data-kind': kind, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'card-head' },
      h(
        'div',
        { class: 'card-title' },
        h('h3', { id: titleId, text: entry.title }),
        h('p', { class: 'fires', id: `fires-${kind}`, text: `${capitalize(entry.firesWhen)}.` }),
        h(
          'p',
          { class: 'tags' },
          h('span', { class: 'tag', text: entry.channels.map((c) => labelOf(CHANNELS, c, t, asIs)).join(' · ') }),
          h('span', {
            class: 'tag',
            text: entry.trigger === 'agent' ? t('replies.sentByAgent') : t('replies.automatic'),
          }),
          bodyTag,
        ),
      ),
      h(
        'div',
        { class: 'card-controls' },
        h(
          'div',
          { class: 'switch-field' },
          switchInput,
          h('label', { for: switchInput.id, class: 'switch-label' }, switchText),
        ),
        editButton,
      ),
    ),
    switchStatus,
    editor,
  );
  showSwitch();
  showBodyTag();

  function buildEditor() {
    const team = ctx.state.team;
    const bodyInput = h('textarea', {
      id: `body-${kind}`,
      class: 'body-input',
      rows: '5',
      spellcheck: 'true',
      'aria-describedby': `body-help-${kind}`,
    });
    bodyInput.value = entry.body;
    const bodyError = errorSlot();
    const companyBox = h('input', {
      type: 'checkbox',
      id: `company-${kind}`,
      checked: entry.options.includeCompanyName,
    });
    const teamBox = h('input', { type: 'checkbox', id: `team-${kind}`, checked: entry.options.includeTeamName });
    const extraInput = h('input', {
      type: 'text',
      id: `extra-${kind}`,
      maxlength: '500',
      autocomplete: 'off',
      'aria-describedby': `extra-help-${kind}`,
    });
    extraInput.value = entry.options.extraMessage ?? '';
    const extraError = errorSlot();
    const automatic = entry.trigger === 'event';
    const repeatInput = automatic
      ? h('input', {
          type: 'number',
          id: `repeat-${kind}`,
          class: 'narrow',
          min: '0',
          max: '720',
          step: '1',
          inputmode: 'numeric',
          'aria-describedby': `repeat-help-${kind}`,
        })
      : null;
    if (repeatInput) repeatInput.value = String(entry.repeatWindowHours ?? 0);
    const repeatError = errorSlot();
    /** @type {Record<string, [HTMLElement, HTMLElement] | null>} the API's field names and where their errors go */
    const fields = {
      body: [bodyInput, bodyError],
      'options.extraMessage': [extraInput, extraError],
      repeatWindowHours: repeatInput ? [repeatInput, repeatError] : null,
    };
    const clearAll = () => {
      for (const pair of Object.values(fields)) if (pair) clearFieldError(pair[0], pair[1]);
    };
    /** @param {unknown} err */
    const targetOf = (err) => {
      const field = fieldOf(err);
      return field ? (fields[field] ?? null) : null;
    };

    const previewText = h('p', { class: 'bubble', id: `preview-text-${kind}` });
    const previewMeta = h('p', { class: 'preview-meta', id: `preview-meta-${kind}` });
    const previewWarnings = h('ul', { class: 'warnings', id: `preview-warnings-${kind}` });
    const saveStatus = h('p', { class: 'save-status', role: 'status', id: `save-status-${kind}` });

    // Placeholder chips insert at the cursor (or replace the selection) and give focus back.
    /** @type {HTMLInputElement | HTMLTextAreaElement} */
    let lastFocused = bodyInput;
    bodyInput.addEventListener('focus', () => {
      lastFocused = bodyInput;
    });
    extraInput.addEventListener('focus', () => {
      lastFocused = extraInput;
    });
    const chips = entry.placeholders.map((p) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          title: p.description,
          'data-placeholder': p.name,
          'data-mutates': '',
          'aria-label': t('replies.insertPlaceholder', {
            name: p.name.replaceAll('_', ' '),
            description: p.description,
          }),
          onclick: () => insertAtCursor(lastFocused, `{{ ${p.name} }}`),
        },
        `{{ ${p.name} }}`,
      ),
    );

    const currentOptions = () => ({
      includeCompanyName: companyBox.checked,
      includeTeamName: teamBox.checked,
      extraMessage: extraInput.value.trim() === '' ? null : extraInput.value,
    });

    // Live preview: debounced, and an answer to an older request never overwrites a newer one.
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    /** @type {AbortController | null} */
    let controller = null;
    const schedulePreview = () => {
      clearTimeout(timer);
      timer = setTimeout(runPreview, PREVIEW_DELAY_MS);
    };
    async function runPreview() {
      controller?.abort();
      controller = new AbortController();
      const body = bodyInput.value;
      if (body.trim() === '') {
        showPreviewProblem(t('replies.previewEmpty'));
        return;
      }
      try {
        /** @type {{ text: string, encoding: string, segments: number, characters: number, warnings?: { message: string }[] }} */
        const preview = await api(
          'POST',
          replyPath('/preview'),
          { body, options: currentOptions() },
          controller.signal,
        );
        clearFieldError(bodyInput, bodyError);
        clearFieldError(extraInput, extraError);
        editor.classList.remove('preview-stale');
        previewText.textContent = preview.text;
        previewMeta.textContent = [
          preview.encoding,
          t('replies.segments', { count: preview.segments }),
          t('replies.characters', { count: preview.characters }),
        ].join(' · ');
        clear(previewWarnings);
        for (const warning of preview.warnings ?? [])
          previewWarnings.append(h('li', { class: 'warning', text: capitalize(warning.message) }));
      } catch (err) {
        if (isAbort(err)) return;
        const target = targetOf(err);
        if (target) showFieldError(target[0], target[1], messageFor(err));
        showPreviewProblem(
          target ? t('replies.previewFix') : t('replies.previewFailed', { reason: errorMessage(err) }),
        );
      }
    }
    /** @param {string} message */
    function showPreviewProblem(message) {
      editor.classList.add('preview-stale');
      previewMeta.textContent = message;
      clear(previewWarnings);
    }

    for (const input of [bodyInput, extraInput]) input.addEventListener('input', schedulePreview);
    for (const box of [companyBox, teamBox]) box.addEventListener('change', schedulePreview);

    const form = h(
      'form',
      { class: 'editor-form', novalidate: true, 'aria-label': t('replies.editLabel', { title: entry.title }) },
      h(
        'div',
        { class: 'editor-grid' },
        h(
          'div',
          { class: 'editor-fields' },
          h(
            'div',
            { class: 'field' },
            h('label', { for: bodyInput.id, text: t('replies.messageText') }),
            bodyInput,
            h('p', { class: 'help', id: `body-help-${kind}`, text: t('replies.messageTextHelp') }),
            bodyError,
          ),
          h(
            'div',
            { class: 'chips', role: 'group', 'aria-labelledby': `chips-label-${kind}` },
            h('span', { class: 'chips-label', id: `chips-label-${kind}`, text: t('replies.insertLabel') }),
            chips,
          ),
          h(
            'fieldset',
            { class: 'options' },
            h('legend', { text: t('replies.options') }),
            h(
              'div',
              { class: 'check' },
              companyBox,
              h('label', { for: companyBox.id, text: t('replies.includeCompany', { name: team.companyName }) }),
            ),
            h(
              'div',
              { class: 'check' },
              teamBox,
              h('label', { for: teamBox.id, text: t('replies.includeTeam', { name: team.name }) }),
            ),
            h(
              'div',
              { class: 'field' },
              h('label', { for: extraInput.id, text: t('replies.extraMessage') }),
              extraInput,
              h('p', { class: 'help', id: `extra-help-${kind}`, text: t('replies.extraMessageHelp') }),
              extraError,
            ),
          ),
          repeatInput &&
            h(
              'div',
              { class: 'field' },
              h('label', { for: repeatInput.id, text: t('replies.repeat') }),
              h('div', { class: 'inline' }, repeatInput, h('span', { text: t('unit.hours') })),
              h('p', { class: 'help', id: `repeat-help-${kind}`, text: t('replies.repeatHelp') }),
              repeatError,
            ),
        ),
        h(
          'section',
          { class: 'preview', 'aria-labelledby': `preview-h-${kind}` },
          h('h4', { id: `preview-h-${kind}`, text: t('replies.preview') }),
          h('p', { class: 'help', text: t('replies.previewHelp') }),
          h(
            'div',
            { class: 'preview-live', 'aria-live': 'polite', id: `preview-${kind}` },
            previewText,
            previewMeta,
            previewWarnings,
          ),
        ),
      ),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: t('save.save') }),
        h('button', {
          type: 'button',
          class: 'button button-secondary',
          'data-mutates': '',
          text: t('replies.reset'),
          onclick: reset,
        }),
        saveStatus,
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save();
    });
    editor.append(form);

    async function save() {
      clearTimeout(timer);
      clearAll();
      if (bodyInput.value.trim() === '') {
        showFieldError(bodyInput, bodyError, t('replies.emptyBody'));
        say(saveStatus, t('replies.notSavedEmpty'), 'error');
        bodyInput.focus();
        return;
      }
      /** @type {{ options: ReturnType<typeof currentOptions>, body?: string, repeatWindowHours?: number | null }} */
      const update = { options: currentOptions() };
      if (bodyInput.value.trim() !== entry.body) update.body = bodyInput.value;
      if (repeatInput) update.repeatWindowHours = repeatInput.value === '' ? null : Number(repeatInput.value);
      say(saveStatus, t('save.saving'), 'busy');
      try {
        entry = await api('PUT', replyPath(), update);
        fill();
        say(saveStatus, t('save.savedAt', { time: ctx.i18n.clock() }));
      } catch (err) {
        const target = targetOf(err);
        if (target) {
          showFieldError(target[0], target[1], messageFor(err));
          target[0].focus();
        }
        say(
          saveStatus,
          target ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }),
          'error',
        );
      }
    }

    async function reset() {
      if (!window.confirm(t('replies.resetConfirm', { title: entry.title }))) return;
      say(saveStatus, t('replies.resetting'), 'busy');
      try {
        entry = await api('POST', replyPath('/reset'));
        clearAll();
        fill();
        switchInput.checked = entry.enabled;
        showSwitch();
        say(saveStatus, t('replies.resetDone', { time: ctx.i18n.clock() }));
      } catch (err) {
        say(saveStatus, t('replies.notReset', { reason: errorMessage(err) }), 'error');
      }
    }

    function fill() {
      bodyInput.value = entry.body;
      companyBox.checked = entry.options.includeCompanyName;
      teamBox.checked = entry.options.includeTeamName;
      extraInput.value = entry.options.extraMessage ?? '';
      if (repeatInput) repeatInput.value = String(entry.repeatWindowHours ?? 0);
      showBodyTag();
      runPreview();
    }

    runPreview();
  }

  return card;
}
