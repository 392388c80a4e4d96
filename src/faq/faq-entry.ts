import { SUPPORTED_LOCALES } from '../teams/team.js';

/** The languages an entry can be written in: the team locales. */
export const FAQ_LOCALES = SUPPORTED_LOCALES;
export type FaqLocale = (typeof FAQ_LOCALES)[number];

/** A team keeps at most this many entries: the conversation searches them all on every question. */
export const MAX_FAQ_ENTRIES = 200;

/** One question and its answer, searched in its own language. */
export interface FaqEntry {
  readonly id: string;
  readonly teamId: string;
  readonly question: string;
  readonly answer: string;
  readonly keywords: readonly string[];
  readonly locale: FaqLocale;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An entry that matched a search, with its full-text rank (higher is better, always > 0). */
export interface FaqMatch extends FaqEntry {
  readonly rank: number;
}

export const isFaqLocale = (value: string): value is FaqLocale => (FAQ_LOCALES as readonly string[]).includes(value);

export function faqEntryView(e: FaqEntry) {
  return {
    id: e.id,
    question: e.question,
    answer: e.answer,
    keywords: e.keywords,
    locale: e.locale,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function faqMatchView(m: FaqMatch) {
  return { ...faqEntryView(m), rank: m.rank };
}
