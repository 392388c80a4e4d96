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
 * Words `simple` would match everywhere. The Snowball configurations drop their language's stop
 * words; `simple` drops none, so in a Polish entry (or any entry on a build without Snowball) "na",
 * "do" or "jak" would match nearly every entry. The query for such entries leaves these out; they
 * stay in the entries' vectors, where they are harmless.
 */
export const SIMPLE_STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // Polish
    'a aby ale bez bo by być co czy dla do gdy gdzie go i ich ja jak jaki jaka jakie jest jestem jeśli jej ' +
      'jego już kiedy lub ma mam mi mnie mogę może mój moja moje mu my na nad nie o od oraz po pod proszę ' +
      'przez przy się są ta tak te tego ten to ty tu u w we z za ze że żeby',
    // English
    'an and are at be can could do does for have how i in is it me my of on please the this to we what ' +
      'when where will with would you your',
    // Russian
    'а бы в во вы да для до если же за и из или как когда ли мне мой мы на не нет но о от по с со так ' +
      'то ты у что это я',
  ]
    .join(' ')
    .split(' '),
);

/**
 * A customer's free text as a `websearch_to_tsquery` input that matches any of its words
 * (`reset or password`), so "how do I reset my password" finds an entry about resetting a
 * password, and the rank puts entries that match more of the words first. Only letters and
 * digits are kept, so no quote, `-` (not) or stray operator reaches the parser; the word "or" is
 * dropped because websearch reads it as the operator, and so are `dropWords`. Null when no word
 * is left.
 */
export function anyWordQuery(text: string, dropWords: ReadonlySet<string> = NONE): string | null {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const word = match[0];
    if (word === 'or' || dropWords.has(word) || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
    if (words.length === MAX_SEARCH_WORDS) break;
  }
  return words.length > 0 ? words.join(' or ') : null;
}

const NONE: ReadonlySet<string> = new Set();
