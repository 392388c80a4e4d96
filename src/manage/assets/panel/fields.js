// @ts-check
// Form fields: inline errors next to the field they concern, the checks made before a save, and
// small readers of input values.

import { errorMessage, fieldOf } from './api.js';
import { h, say, uid } from './dom.js';

/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control */
/** @typedef {(key: import('./i18n.js').MessageKey, params?: import('./i18n.js').Params) => string} Translate */

/**
 * Shows a message under a field: the field is marked invalid and points at the message.
 * @param {Element} input
 * @param {HTMLElement} errorEl
 * @param {string} message
 */
export function showFieldError(input, errorEl, message) {
  errorEl.textContent = message;
  errorEl.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  const ids = new Set((input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
  ids.add(errorEl.id);
  input.setAttribute('aria-describedby', [...ids].join(' '));
}

/** @param {Element} input @param {HTMLElement} errorEl */
export function clearFieldError(input, errorEl) {
  errorEl.textContent = '';
  errorEl.hidden = true;
  input.removeAttribute('aria-invalid');
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== errorEl.id);
  if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
  else input.removeAttribute('aria-describedby');
}

/** An empty, hidden error message with an id, placed after a field. */
export function errorSlot() {
  return h('p', { class: 'field-error', id: uid('err'), hidden: true });
}

/**
 * @typedef {object} InlineErrors
 * @property {(field: string | null, message: string) => HTMLElement | null} show marks the field
 *   (or the nearest part of the form that exists) and answers the control marked, if any
 * @property {() => void} clear
 */

/**
 * Inline errors for a form whose inputs carry the API's field paths in data-field: an error goes
 * next to the field it names, or the nearest part of the form that exists.
 * @param {ParentNode} root
 * @returns {InlineErrors}
 */
export function inlineErrors(root) {
  /** @type {[Element, HTMLElement][]} */
  const shown = [];
  return {
    show(field, message) {
      const parts = (field ?? '').split('.');
      /** @type {Element | null} */
      let host = null;
      while (parts.length && !host) {
        host = root.querySelector(`[data-field="${CSS.escape(parts.join('.'))}"]`);
        if (!host) parts.pop();
      }
      if (!host) return null;
      const input = host.matches('input, select, textarea')
        ? host
        : (host.querySelector('input, select, textarea') ?? host);
      const slotHost = host.closest('[data-error-host]') ?? host.parentElement;
      if (!slotHost || !(input instanceof HTMLElement)) return null;
      const existing = [...slotHost.children].find((c) => c.classList.contains('field-error'));
      const slot = existing instanceof HTMLElement ? existing : slotHost.appendChild(errorSlot());
      showFieldError(input, slot, message);
      shown.push([input, slot]);
      return input;
    },
    clear() {
      for (const [input, slot] of shown.splice(0)) clearFieldError(input, slot);
    },
  };
}

/**
 * Inserts at the cursor (or over the selection) and gives focus back, as a placeholder chip does.
 * @param {HTMLInputElement | HTMLTextAreaElement} input
 * @param {string} text
 */
export function insertAtCursor(input, text) {
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  input.setRangeText(text, start, end, 'end');
  input.focus();
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Checks what the browser can check before a save: whole numbers and required values (the
 * message is in data-required), in the enabled fields of `root`. Marks each problem inline and
 * answers the first field that has one.
 * @param {ParentNode} root
 * @param {InlineErrors} errors
 * @param {Translate} t
 * @returns {HTMLElement | null}
 */
export function checkBeforeSave(root, errors, t) {
  /** @type {HTMLElement | null} */
  let first = null;
  for (const input of root.querySelectorAll('[data-whole], [data-required]')) {
    if (!(
      input instanceof HTMLInputElement ||
      input instanceof HTMLSelectElement ||
      input instanceof HTMLTextAreaElement
    ))
      continue;
    if (input.disabled || input.closest('[hidden]')) continue;
    const value = input.value.trim();
    const required = input.dataset['required'];
    const problem =
      required !== undefined && value === ''
        ? required || t('field.required')
        : 'whole' in input.dataset && !/^-?\d+$/.test(value)
          ? t('field.wholeNumber')
          : null;
    if (problem && errors.show(input.dataset['field'] ?? null, problem)) first ??= input;
  }
  return first;
}

/**
 * Clears old errors and runs checkBeforeSave; on a problem, focuses it and says the form was not saved.
 * @param {ParentNode} form
 * @param {InlineErrors} errors
 * @param {HTMLElement} status
 * @param {Translate} t
 */
export function readyToSave(form, errors, status, t) {
  errors.clear();
  const first = checkBeforeSave(form, errors, t);
  if (!first) return true;
  first.focus();
  say(status, t('save.notSavedFix'), 'error');
  return false;
}

/**
 * The API's validation message, without the "field: " prefix it starts with.
 * @param {unknown} err
 */
export function messageFor(err) {
  const message = errorMessage(err);
  const field = fieldOf(err);
  if (field && message.startsWith(`${field}: `)) return capitalize(message.slice(field.length + 2));
  return capitalize(message);
}

/** @param {string} text */
export function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** @param {{ value: string }} input */
export const wholeNumber = (input) => Number(input.value.trim());

/**
 * A whole-number input (seconds, counts), checked here before saving and then by the API.
 * @param {{ id: string, field: string, value: number, min: number, max: number, describedBy?: string }} spec
 */
export function wholeNumberInput({ id, field, value, min, max, describedBy }) {
  const input = h('input', {
    type: 'number',
    id,
    class: 'narrow',
    min: String(min),
    max: String(max),
    step: '1',
    inputmode: 'numeric',
    'data-field': field,
    'data-whole': '',
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  });
  input.value = String(value);
  return input;
}
/** @param {string} value */
export const textOrNull = (value) => (value.trim() === '' ? null : value);
