// @ts-check
// The message catalogue: every text the panel shows comes from messages/<locale>.js through t().

import en from './messages/en.js';
import pl from './messages/pl.js';
import ru from './messages/ru.js';

/** @typedef {'en' | 'pl' | 'ru'} Locale */
/** @typedef {keyof typeof en} MessageKey */
/**
 * A text, or its plural forms by Intl.PluralRules category (`other` always there).
 * @typedef {string | { zero?: string, one?: string, two?: string, few?: string, many?: string, other: string }} Message
 */
/** @typedef {Readonly<Record<MessageKey, Message>>} Catalogue */
/** @typedef {Readonly<Record<string, string | number>>} Params */

/** @type {Readonly<Record<Locale, Catalogue>>} */
const CATALOGUES = { en, pl, ru };

/** Each language under its own name, as the picker lists it. */
export const LANGUAGE_NAMES = /** @type {const} */ ({ en: 'English', pl: 'Polski', ru: 'Русский' });

/** @type {readonly Locale[]} */
export const LOCALES = ['en', 'pl', 'ru'];

/** @param {unknown} value @returns {value is Locale} */
export const isLocale = (value) => typeof value === 'string' && LOCALES.includes(/** @type {Locale} */ (value));

/**
 * The language to show: the user's own choice if they made one, else the team's, else English.
 * @param {{ chosen?: string | null, team?: string | null }} sources
 * @returns {Locale}
 */
export function chooseLocale({ chosen, team }) {
  if (isLocale(chosen)) return chosen;
  if (isLocale(team)) return team;
  return 'en';
}

/**
 * @typedef {object} I18n
 * @property {Locale} locale
 * @property {(key: MessageKey, params?: Params) => string} t
 * @property {(key: string) => key is MessageKey} has whether the catalogue has a key (read from markup)
 * @property {(iso: string) => string} dateTime a date and time, medium length
 * @property {() => string} clock the current time, hours and minutes
 * @property {(n: number) => string} number
 */

/** @param {string} key @returns {key is MessageKey} */
function isMessageKey(key) {
  return Object.hasOwn(en, key);
}

/**
 * Fills `{name}` placeholders; a number is formatted for the locale, `{count}` also picks the
 * plural form.
 * @param {Locale} locale
 * @returns {I18n}
 */
export function createI18n(locale) {
  const catalogue = CATALOGUES[locale];
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const clocks = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });

  /** @param {MessageKey} key @param {Params} [params] */
  function t(key, params = {}) {
    const message = catalogue[key] ?? en[key] ?? key;
    let text;
    if (typeof message === 'string') text = message;
    else {
      const count = Number(params['count'] ?? 0);
      text = message[plurals.select(count)] ?? message.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  }

  return {
    locale,
    t,
    has: isMessageKey,
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    clock: () => clocks.format(new Date()),
    number: (n) => numbers.format(n),
  };
}
