// @ts-check
// Values shown to people: times, durations, and codes the panel has no words for.

import { h } from './dom.js';
import { capitalize } from './fields.js';

/**
 * A <time> for an ISO instant in the panel's language, or a dash for none.
 * @param {import('./i18n.js').I18n} i18n
 * @param {string | null | undefined} iso
 */
export const timeOf = (i18n, iso) => (iso ? h('time', { datetime: iso, text: i18n.dateTime(iso) }) : '—');

/**
 * "90" → "1 h 30 min": the hint next to a number of minutes.
 * @param {import('./i18n.js').I18n} i18n
 * @param {number} minutes
 */
export function humanMinutes(i18n, minutes) {
  if (!Number.isInteger(minutes) || minutes < 0) return '';
  if (minutes === 0) return i18n.t('duration.none');
  const parts = [];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days) parts.push(i18n.t('duration.days', { count: days }));
  if (hours) parts.push(i18n.t('duration.hours', { count: hours }));
  if (rest) parts.push(i18n.t('duration.minutes', { count: rest }));
  return parts.join(' ');
}

/** A code the panel has no words for, made readable: "no_answer" → "No answer". @param {unknown} code */
export const humanize = (code) => capitalize(String(code).replaceAll('_', ' '));

/** @param {unknown} url @returns {url is string} */
export const isWebUrl = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);
