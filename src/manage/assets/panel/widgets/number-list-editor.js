// @ts-check
// Phone numbers rung at once, one input each, so that the API's error on `agents.1` lands on the
// second number.

import { clear, h, uid } from '../dom.js';
import { errorSlot } from '../fields.js';

const MAX_RING_NUMBERS = 10;

/**
 * @param {object} options
 * @param {string} options.field the API's field path of the list
 * @param {string} options.label
 * @param {string[]} options.numbers changed in place
 * @param {boolean} options.canEdit
 * @param {string} [options.help] what the numbers are for, instead of "rung all at once"
 * @param {import('../fields.js').Translate} t
 */
export function numberListEditor({ field, label, numbers, canEdit, help }, t) {
  const labelId = uid('numbers');
  const list = h('ul', { class: 'number-list', role: 'list' });
  const count = h('p', { class: 'help', id: uid('numbers-count') });
  const add = h('button', {
    type: 'button',
    class: 'button button-secondary button-small',
    'data-mutates': '',
    'data-field': `${field}.add`,
    'aria-label': t('numbers.addTo', { label }),
    'aria-describedby': count.id,
    text: t('numbers.add'),
    onclick: () => {
      numbers.push('');
      render(numbers.length - 1);
    },
  });

  /** @param {number} [focusIndex] */
  function render(focusIndex) {
    clear(list);
    numbers.forEach((number, i) => {
      const name = t('numbers.number', { label, n: i + 1 });
      const input = h('input', {
        type: 'tel',
        class: 'phone',
        inputmode: 'tel',
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: '+14155550100',
        'aria-label': name,
        'data-field': `${field}.${i}`,
        'data-required': t('numbers.required'),
      });
      input.value = number;
      // Spaces, dashes and brackets are dropped: the API takes E.164 only ("+14155550100").
      input.addEventListener('input', () => {
        numbers[i] = input.value.replace(/[\s().-]/g, '');
      });
      input.addEventListener('change', () => {
        input.value = numbers[i] ?? '';
      });
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
              'aria-label': t('common.removeNamed', { name }),
              text: t('common.remove'),
              onclick: () => {
                numbers.splice(i, 1);
                render(Math.min(i, numbers.length - 1));
              },
            }),
          ),
          errorSlot(),
        ),
      );
    });
    if (numbers.length === 0) list.append(h('li', { class: 'muted', text: t('numbers.none') }));
    add.disabled = !canEdit || numbers.length >= MAX_RING_NUMBERS;
    count.textContent =
      numbers.length >= MAX_RING_NUMBERS
        ? t('numbers.atMost', { count: MAX_RING_NUMBERS })
        : (help ?? t('numbers.help', { count: MAX_RING_NUMBERS }));
    if (focusIndex !== undefined) (list.querySelectorAll('input')[focusIndex] ?? add).focus();
  }
  render();
  return h(
    'div',
    {
      class: 'number-list-editor',
      role: 'group',
      'aria-labelledby': labelId,
      'data-field': field,
      'data-error-host': '',
    },
    h('span', { class: 'group-label', id: labelId, text: label }),
    list,
    h('div', { class: 'inline' }, add),
    count,
    errorSlot(),
  );
}
