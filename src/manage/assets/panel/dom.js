// @ts-check
// DOM helpers: elements are built from props and children; strings always become text nodes.

/**
 * A child of h()/append(): nodes as they are, strings and numbers as text, nothing for
 * null/undefined/false, and (nested) arrays of those. Written out three arrays deep: a JSDoc
 * type cannot refer to itself.
 * @typedef {Node | string | number | null | undefined | false} Leaf
 * @typedef {Leaf | ReadonlyArray<Leaf | ReadonlyArray<Leaf | ReadonlyArray<Leaf>>>} Child
 */

/**
 * Props of h(): `on<event>` functions become listeners, `class` and `text` set className and
 * textContent, `checked`/`value`/`disabled`/`hidden`/`selected` set the property, anything else
 * an attribute (true as an empty one; null, undefined and false leave it out).
 * @typedef {{
 *   onclick?: (event: MouseEvent) => void,
 *   onkeydown?: (event: KeyboardEvent) => void,
 *   onchange?: (event: Event) => void,
 *   [key: string]: unknown,
 * }} Props
 */

const PROPERTIES = new Set(['checked', 'value', 'disabled', 'hidden', 'selected']);

/**
 * Creates an element. Strings among the children become text nodes, never markup.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    else if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (PROPERTIES.has(key)) Object.assign(el, { [key]: value });
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function append(el, ...children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, ...child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 * @returns {E}
 */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let idSeq = 0;
/** An id unique in the page, for labels and aria-describedby. @param {string} prefix */
export const uid = (prefix) => `${prefix}-${(idSeq += 1)}`;

/**
 * Writes a status message (role=status regions are announced politely).
 * @param {HTMLElement} region
 * @param {string} message
 * @param {'ok' | 'busy' | 'error' | 'info'} [tone]
 */
export function say(region, message, tone = 'ok') {
  region.dataset['tone'] = tone;
  region.textContent = message;
}

/**
 * Puts the focus on the control named by a data-field (or inside it), else the first control.
 * @param {ParentNode} container
 * @param {string | undefined} field
 */
export function focusField(container, field) {
  if (!field) return;
  const target =
    container.querySelector(`[data-field="${CSS.escape(field)}"]`) ?? container.querySelector('input, select, button');
  const control = target?.matches('input, select, button') ? target : target?.querySelector('input, select, button');
  if (control instanceof HTMLElement) control.focus();
}
