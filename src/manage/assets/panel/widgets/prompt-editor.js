// @ts-check
// A spoken prompt of the call flow: text with placeholder chips, or an audio file played instead.

import { h } from '../dom.js';
import { errorSlot, insertAtCursor, textOrNull } from '../fields.js';

/** The placeholders a prompt may hold: name, its words when read out, what it becomes. */
/** @type {readonly [string, import('../i18n.js').MessageKey, import('../i18n.js').MessageKey][]} */
const PROMPT_PLACEHOLDERS = [
  ['company_name', 'prompt.placeholder.companyName', 'prompt.placeholder.companyNameHelp'],
  ['team_name', 'prompt.placeholder.teamName', 'prompt.placeholder.teamNameHelp'],
  ['next_open', 'prompt.placeholder.nextOpen', 'prompt.placeholder.nextOpenHelp'],
  ['business_hours', 'prompt.placeholder.businessHours', 'prompt.placeholder.businessHoursHelp'],
];

/**
 * @param {object} options
 * @param {string} options.field the API's field path, e.g. "voice.greeting"
 * @param {string} options.title
 * @param {string} options.help
 * @param {import('../state.js').Prompt | null | undefined} options.prompt
 * @param {import('../fields.js').Translate} t
 */
export function promptEditor({ field, title, help, prompt }, t) {
  const base = field.replaceAll('.', '-');
  const textInput = h('textarea', {
    id: `${base}-text`,
    rows: '3',
    maxlength: '1000',
    spellcheck: 'true',
    'data-field': `${field}.text`,
    placeholder: t('prompt.textPlaceholder'),
    'aria-describedby': `${base}-text-help`,
  });
  textInput.value = prompt?.text ?? '';
  const audioInput = h('input', {
    type: 'url',
    id: `${base}-audio`,
    autocomplete: 'off',
    spellcheck: 'false',
    'data-field': `${field}.audioUrl`,
    placeholder: 'https://example.com/greeting.mp3',
    'aria-describedby': `${base}-audio-help`,
  });
  audioInput.value = prompt?.audioUrl ?? '';
  const chips = PROMPT_PLACEHOLDERS.map(([name, spokenKey, descriptionKey]) => {
    const description = t(descriptionKey);
    return h(
      'button',
      {
        type: 'button',
        class: 'chip',
        title: description,
        'data-placeholder': name,
        'data-mutates': '',
        'aria-label': t('prompt.insertPlaceholder', { name: t(spokenKey), title, description }),
        onclick: () => insertAtCursor(textInput, `{{ ${name} }}`),
      },
      `{{ ${name} }}`,
    );
  });
  const element = h(
    'fieldset',
    { class: 'prompt', 'data-field': field, 'data-error-host': '' },
    h('legend', { text: title }),
    h(
      'div',
      { class: 'field', 'data-error-host': '' },
      h('label', { for: textInput.id, text: t('prompt.text') }),
      textInput,
      h('p', { class: 'help', id: `${base}-text-help`, text: help }),
      errorSlot(),
    ),
    h('div', { class: 'chips chips-compact', role: 'group', 'aria-label': t('prompt.placeholders', { title }) }, chips),
    h(
      'div',
      { class: 'field', 'data-error-host': '' },
      h('label', { for: audioInput.id, text: t('prompt.audio') }),
      audioInput,
      h('p', { class: 'help', id: `${base}-audio-help`, text: t('prompt.audioHelp') }),
      errorSlot(),
    ),
    errorSlot(),
  );
  return {
    element,
    /** @returns {import('../state.js').Prompt} */
    read: () => ({ text: textOrNull(textInput.value), audioUrl: textOrNull(audioInput.value.trim()) }),
  };
}
