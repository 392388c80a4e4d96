import { describe, expect, it } from 'vitest';
import {
  anyWordQuery,
  FALLBACK_SEARCH_CONFIG,
  MAX_SEARCH_WORDS,
  searchConfigFor,
  SIMPLE_STOP_WORDS,
} from '../../../src/faq/faq-search.js';
import type { FaqLocale } from '../../../src/faq/faq-entry.js';

const EVERY = new Set(['english', 'russian', 'simple', 'german']);
const ONLY_SIMPLE = new Set(['simple']);

describe('searchConfigFor', () => {
  it.each<[FaqLocale, ReadonlySet<string>, string, string]>([
    ['en', EVERY, 'english', 'English is stemmed where the server has it'],
    ['ru', EVERY, 'russian', 'Russian too'],
    ['pl', EVERY, 'simple', 'PostgreSQL ships no Polish dictionary'],
    ['en', ONLY_SIMPLE, 'simple', 'a build without Snowball dictionaries falls back'],
    ['ru', ONLY_SIMPLE, 'simple', 'for every locale'],
    ['ru', new Set(['english', 'simple']), 'simple', 'one missing, the other kept'],
    ['en', new Set(['english', 'simple']), 'english', 'one missing, the other kept'],
  ])('%s with %o → %s (%s)', (locale, available, expected) => {
    expect(searchConfigFor(locale, available)).toBe(expected);
  });

  it('falls back to simple, which every PostgreSQL has', () => {
    expect(FALLBACK_SEARCH_CONFIG).toBe('simple');
  });
});

describe('anyWordQuery', () => {
  it.each<[string, string | null]>([
    ['how do I reset my password', 'how or do or i or reset or my or password'],
    ['Reset   PASSWORD!!', 'reset or password'],
    ['password, password; Password', 'password'],
    ['"reset" -password', 'reset or password'], // no phrase, no negation reaches the parser
    ['cats or dogs OR birds', 'cats or dogs or birds'], // "or" is websearch's operator
    ['Как сбросить пароль?', 'как or сбросить or пароль'],
    ['Jak zmienić hasło?', 'jak or zmienić or hasło'],
    ['e-mail 24/7', 'e or mail or 24 or 7'],
    ['', null],
    ['?!… -- ""', null],
    ['or OR or', null],
  ])('%j → %j', (text, expected) => {
    expect(anyWordQuery(text)).toBe(expected);
  });

  it.each<[string, string | null]>([
    ['Jak zmienić hasło na stronie?', 'zmienić or hasło or stronie'],
    ['how do I reset my password', 'reset or password'],
    ['Как сбросить пароль?', 'сбросить or пароль'],
    ['jak na do', null],
  ])('%j without the common words simple would match everywhere → %j', (text, expected) => {
    expect(anyWordQuery(text, SIMPLE_STOP_WORDS)).toBe(expected);
  });

  it(`keeps the first ${MAX_SEARCH_WORDS} distinct words of a long text`, () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const query = anyWordQuery(words.join(' '));
    expect(query?.split(' or ')).toEqual(words.slice(0, MAX_SEARCH_WORDS));
  });
});
