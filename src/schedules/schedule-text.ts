import { DateTime, Info } from 'luxon';
import { DAY_KEYS, type Interval, type Schedule } from './schedule.schema.js';
import { parseEndTime } from './time-of-day.js';
import { calendarDayOf } from './wall-clock.js';

interface OpeningPhrases {
  today(time: string): string;
  tomorrow(time: string): string;
  onWeekday(moment: DateTime, time: string): string;
  onDate(date: string, time: string): string;
}

// Intl only gives weekday names in the nominative; "on Monday" needs the accusative in Polish and Russian.
const POLISH_ON_WEEKDAY = [
  'w poniedziałek',
  'we wtorek',
  'w środę',
  'w czwartek',
  'w piątek',
  'w sobotę',
  'w niedzielę',
];
const RUSSIAN_ON_WEEKDAY = [
  'в понедельник',
  'во вторник',
  'в среду',
  'в четверг',
  'в пятницу',
  'в субботу',
  'в воскресенье',
];

const ENGLISH_PHRASES: OpeningPhrases = {
  today: (time) => `today at ${time}`,
  tomorrow: (time) => `tomorrow at ${time}`,
  onWeekday: (moment, time) => `${moment.toFormat('cccc')} at ${time}`,
  onDate: (date, time) => `${date} at ${time}`,
};

const PHRASES_BY_LANGUAGE: Record<string, OpeningPhrases> = {
  en: ENGLISH_PHRASES,
  pl: {
    today: (time) => `dzisiaj o ${time}`,
    tomorrow: (time) => `jutro o ${time}`,
    onWeekday: (moment, time) => `${POLISH_ON_WEEKDAY[moment.weekday - 1]} o ${time}`,
    onDate: (date, time) => `${date} o ${time}`,
  },
  ru: {
    today: (time) => `сегодня в ${time}`,
    tomorrow: (time) => `завтра в ${time}`,
    onWeekday: (moment, time) => `${RUSSIAN_ON_WEEKDAY[moment.weekday - 1]} в ${time}`,
    onDate: (date, time) => `${date} в ${time}`,
  },
};

const DAYS_NAMED_BY_WEEKDAY = 6;
const FALLBACK_LOCALE = 'en';

// Intl would silently use the host's default locale for an unsupported one; English is the documented fallback.
function usableLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(locale)[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE;
  }
}

function phrasesFor(locale: string): OpeningPhrases {
  const language = locale.split('-')[0]?.toLowerCase() ?? FALLBACK_LOCALE;
  return PHRASES_BY_LANGUAGE[language] ?? ENGLISH_PHRASES;
}

// Intl separates "9:00" and "AM" with a narrow no-break space; a plain space keeps SMS text in GSM-7.
function withPlainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

// Unpadded hours ("9:00 AM", "9:00"), which the short spoken-style phrases read best with.
const CLOCK_TIME = { hour: 'numeric', minute: '2-digit' } as const;

function clockTime(moment: DateTime): string {
  return withPlainSpaces(moment.toLocaleString(CLOCK_TIME));
}

/** "today at 9:00 AM", "tomorrow at …", "Monday at …" within six days, otherwise "Dec 28 at …". */
export function formatNextOpening(date: Date, schedule: Schedule, locale: string, now: Date): string {
  const resolvedLocale = usableLocale(locale);
  const phrases = phrasesFor(resolvedLocale);
  const moment = DateTime.fromJSDate(date, { zone: schedule.timezone }).setLocale(resolvedLocale);
  const time = clockTime(moment);
  const daysAhead = calendarDayOf(date, schedule.timezone).diff(calendarDayOf(now, schedule.timezone), 'days').days;
  if (daysAhead === 0) return phrases.today(time);
  if (daysAhead === 1) return phrases.tomorrow(time);
  if (daysAhead > 1 && daysAhead <= DAYS_NAMED_BY_WEEKDAY) return phrases.onWeekday(moment, time);
  return phrases.onDate(withPlainSpaces(moment.toLocaleString({ month: 'short', day: 'numeric' })), time);
}

interface DayGroup {
  firstDay: number;
  lastDay: number;
  hours: Interval[];
}

function sameHours(left: Interval[], right: Interval[]): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function groupConsecutiveDays(schedule: Schedule): DayGroup[] {
  const groups: DayGroup[] = [];
  DAY_KEYS.forEach((dayKey, dayIndex) => {
    const hours = schedule.weekly[dayKey] ?? [];
    if (hours.length === 0) return;
    const previous = groups.at(-1);
    if (previous !== undefined && previous.lastDay === dayIndex - 1 && sameHours(previous.hours, hours)) {
      previous.lastDay = dayIndex;
    } else {
      groups.push({ firstDay: dayIndex, lastDay: dayIndex, hours });
    }
  });
  return groups;
}

function clockTimeOfDay(text: string, locale: string): string {
  const minutes = parseEndTime(text) ?? 0;
  return clockTime(DateTime.utc(2000, 1, 1).plus({ minutes }).setLocale(locale));
}

function formatInterval([start, end]: Interval, locale: string): string {
  return `${clockTimeOfDay(start, locale)}–${clockTimeOfDay(end, locale)}`;
}

/**
 * Weekly hours as compact text, e.g. "Mon–Fri 9:00 AM–5:00 PM; Sat 10:00 AM–2:00 PM".
 * Consecutive days with identical hours are grouped, closed days are left out (so a schedule that is
 * never open gives ""), and exceptions are not described. "24:00" reads as midnight.
 */
export function formatBusinessHours(schedule: Schedule, locale: string): string {
  const resolvedLocale = usableLocale(locale);
  const dayNames = Info.weekdays('short', { locale: resolvedLocale });
  const dayName = (dayIndex: number): string => dayNames[dayIndex] ?? DAY_KEYS[dayIndex] ?? '';
  return groupConsecutiveDays(schedule)
    .map(({ firstDay, lastDay, hours }) => {
      const days = firstDay === lastDay ? dayName(firstDay) : `${dayName(firstDay)}–${dayName(lastDay)}`;
      return `${days} ${hours.map((interval) => formatInterval(interval, resolvedLocale)).join(', ')}`;
    })
    .join('; ');
}
