import type { FaqLocale } from './faq-entry.js';

/**
 * The text search configuration each locale wants. PostgreSQL ships Snowball stemmers for English
 * and Russian; it ships no Polish dictionary (checked on PostgreSQL 15 and PGlite 0.5, whose
 * `pg_ts_config` lists none), so Polish entries use `simple`: lower-cased words, no stemming and no
 * stop words, i.e. they match on exact word forms.
 */
export const PREFERRED_SEARCH_CONFIG: Readonly<Record<FaqLocale, string>> = {
  en: 'english',
  ru: 'russian',
  pl: 'simple',
};

/** The configuration every PostgreSQL has, used wherever the preferred one is missing. */
export const FALLBACK_SEARCH_CONFIG = 'simple';

/**
 * The configuration to index an entry in `locale` with, given the server's configurations
 * (`SELECT cfgname FROM pg_ts_config`). A build without the Snowball dictionaries (some embedded
 * builds) lacks `english` and `russian`: such entries are indexed and queried with `simple`, which
 * finds exact words only, rather than failing to save.
 */
export function searchConfigFor(locale: FaqLocale, available: ReadonlySet<string>): string {
  const preferred = PREFERRED_SEARCH_CONFIG[locale];
  return available.has(preferred) ? preferred : FALLBACK_SEARCH_CONFIG;
}

/** At most this many words of a customer's text are searched for; the rest add little but cost. */
export const MAX_SEARCH_WORDS = 32;

/**
 * A customer's free text as a `websearch_to_tsquery` input that matches any of its words
 * (`reset or password`), so "how do I reset my password" finds an entry about resetting a
 * password, and the rank puts entries that match more of the words first. Only letters and
 * digits are kept, so no quote, `-` (not) or stray operator reaches the parser; the word "or" is
 * dropped because websearch reads it as the operator. Null when no word is left.
 */
export function anyWordQuery(text: string): string | null {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const word = match[0];
    if (word === 'or' || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
    if (words.length === MAX_SEARCH_WORDS) break;
  }
  return words.length > 0 ? words.join(' or ') : null;
}
