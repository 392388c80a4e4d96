import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The catalogues are browser modules (plain JS, no declarations): loaded by URL, typed here.
type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;
type Catalogue = Record<string, Message>;
interface I18nModule {
  chooseLocale: (sources: { chosen?: string | null; team?: string | null }) => string;
  createI18n: (locale: string) => { t(key: string, params?: Record<string, string | number>): string };
}

const PANEL = path.resolve('src/manage/assets/panel');
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(PANEL, file)).href)) as T;
const catalogue = async (locale: string) => (await load<{ default: Catalogue }>(`messages/${locale}.js`)).default;

/** The `{name}` placeholders of a message, all plural forms together (`{{ x }}` is message text). */
const placeholders = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();
};

describe('panel message catalogues', async () => {
  const en = await catalogue('en');

  it.each(['pl', 'ru'])('%s has exactly the keys of en, each with the same placeholders', async (locale) => {
    const other = await catalogue(locale);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    const mismatched = Object.keys(en).filter(
      (key) => placeholders(en[key]!).join() !== placeholders(other[key]!).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it.each(['en', 'pl', 'ru'])('%s has no empty text, and every plural form the language needs', async (locale) => {
    const messages = await catalogue(locale);
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((c) => c !== 'other');
    for (const [key, message] of Object.entries(messages)) {
      if (typeof message === 'string') {
        expect(message.trim(), key).not.toBe('');
        continue;
      }
      expect(message.other, `${key}.other`).toBeTruthy();
      for (const category of needed) expect(message[category], `${key}.${category}`).toBeTruthy();
    }
  });

  it('fills placeholders and picks the plural form of the language', async () => {
    const { createI18n } = await load<I18nModule>('i18n.js');
    const cases: [string, string, Record<string, string | number>, string][] = [
      ['en', 'tickets.count', { count: 1 }, '1 ticket.'],
      ['en', 'tickets.count', { count: 12 }, '12 tickets.'],
      ['pl', 'tickets.count', { count: 1 }, '1 zgłoszenie.'],
      ['pl', 'tickets.count', { count: 3 }, '3 zgłoszenia.'],
      ['pl', 'tickets.count', { count: 5 }, '5 zgłoszeń.'],
      ['pl', 'tickets.count', { count: 22 }, '22 zgłoszenia.'],
      ['ru', 'tickets.count', { count: 21 }, '21 обращение.'],
      ['ru', 'tickets.count', { count: 2 }, '2 обращения.'],
      ['ru', 'tickets.count', { count: 11 }, '11 обращений.'],
      ['pl', 'save.notSavedBecause', { reason: 'x' }, 'Nie zapisano: x'],
      // Message text in double braces is not a placeholder.
      [
        'en',
        'replies.messageTextHelp',
        {},
        'Placeholders in {{ double braces }} are filled in when the message is sent.',
      ],
    ];
    for (const [locale, key, params, expected] of cases)
      expect(createI18n(locale).t(key, params), `${locale} ${key}`).toBe(expected);
  });
});

describe('the panel language', () => {
  it.each([
    [{ chosen: 'pl', team: 'ru' }, 'pl'],
    [{ chosen: null, team: 'ru' }, 'ru'],
    [{ chosen: 'de', team: 'pl' }, 'pl'], // a stored value the panel no longer knows
    [{ chosen: null, team: 'de' }, 'en'],
    [{ chosen: undefined, team: null }, 'en'],
  ])('%o → %s', async (sources, expected) => {
    const { chooseLocale } = await load<I18nModule>('i18n.js');
    expect(chooseLocale(sources)).toBe(expected);
  });
});
