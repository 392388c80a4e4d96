import { replyLocale, type ReplyLocale } from './auto-reply.js';

type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & { readonly other: string };

interface LocaleWords {
  /** Put before the number: "about", "около", "około". */
  readonly about: string;
  readonly minute: PluralForms;
  readonly hour: PluralForms;
}

// After "около" / "około" the noun is genitive: 1 минуты, 2 минут, 5 минут, 21 минуты; 1 minuty, 2 minut.
const WORDS: Readonly<Record<ReplyLocale, LocaleWords>> = {
  en: { about: 'about', minute: { one: 'minute', other: 'minutes' }, hour: { one: 'hour', other: 'hours' } },
  pl: {
    about: 'około',
    minute: { one: 'minuty', few: 'minut', many: 'minut', other: 'minuty' },
    hour: { one: 'godziny', few: 'godzin', many: 'godzin', other: 'godziny' },
  },
  ru: {
    about: 'около',
    minute: { one: 'минуты', few: 'минут', many: 'минут', other: 'минуты' },
    hour: { one: 'часа', few: 'часов', many: 'часов', other: 'часа' },
  },
};

const pluralRules = new Map<ReplyLocale, Intl.PluralRules>();

function pluralOf(locale: ReplyLocale, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(n);
}

/**
 * A duration rounded the way a person says it: whole minutes under 10, then to 5 minutes, then
 * whole hours once it rounds to 60 minutes (57.5 minutes reads "1 hour", not "60 minutes").
 */
export function roundedDuration(minutes: number): { readonly count: number; readonly unit: 'minute' | 'hour' } {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`a duration in minutes, 0 or more; got ${minutes}`);
  if (minutes < 9.5) return { count: Math.max(1, Math.round(minutes)), unit: 'minute' };
  const fives = Math.round(minutes / 5) * 5;
  if (fives < 60) return { count: fives, unit: 'minute' };
  return { count: Math.max(1, Math.round(minutes / 60)), unit: 'hour' };
}

/** "about 20 minutes", "около 2 часов", "około 1 minuty": a duration in words in the team's language. */
export function responseTimeInWords(minutes: number, locale: string): string {
  const reply = replyLocale(locale);
  const words = WORDS[reply];
  const { count, unit } = roundedDuration(minutes);
  const forms = words[unit];
  return `${words.about} ${count} ${forms[pluralOf(reply, count)] ?? forms.other}`;
}
