import { DateTime, IANAZone } from 'luxon';
import { customerTimeZone } from '../auto-replies/customer-time-zone.js';
import { type OpenWindow, windowsAround } from '../schedules/open-windows.js';
import type { Schedule } from '../schedules/schedule.schema.js';

const MINUTE_MS = 60_000;
/** When the team is open now, the first slot starts no sooner than this: an agent needs a moment. */
const LEAD_MINUTES = 15;

/** A time the team offers to call a customer back. */
export interface CallbackSlot {
  readonly start: Date;
  readonly end: Date;
  /** e.g. "Tomorrow, Tue 1 Dec, 09:00–10:00": in the customer's zone and the team's locale. */
  readonly label: string;
}

/** Where the zone the slots are shown in came from. */
export type SlotsZoneSource = 'asked' | 'number' | 'team';

export interface SlotsZone {
  readonly timeZone: string;
  /** 'team' when the customer's zone is not known and the team's is used instead. */
  readonly source: SlotsZoneSource;
}

/** Whether `zone` is an IANA time zone name luxon knows ("Europe/Warsaw"). */
export function isValidTimeZone(zone: string): boolean {
  return zone.trim() !== '' && IANAZone.isValidZone(zone);
}

/**
 * The zone to show a customer's slots in: the zone they gave when asked (if it is a valid IANA
 * name), else their number's country when it keeps one civil time, else the team's.
 */
export function slotsTimeZone(customer: string, teamTimeZone: string, askedZone: string | null): SlotsZone {
  if (askedZone !== null && isValidTimeZone(askedZone)) return { timeZone: askedZone, source: 'asked' };
  // An empty fallback tells "the number says nothing" apart from "the number says the team's zone".
  const fromNumber = customerTimeZone(customer, '');
  return fromNumber === '' ? { timeZone: teamTimeZone, source: 'team' } : { timeZone: fromNumber, source: 'number' };
}

/**
 * Open periods from the one that may cover `now` onwards: windows that touch or overlap
 * (22:00–24:00 then 00:00–06:00) are one period, so a slot may run across them.
 */
function* openPeriods(schedule: Schedule, now: Date): Generator<OpenWindow> {
  let current: OpenWindow | null = null;
  for (const window of windowsAround(schedule, now)) {
    if (window.end <= now.getTime()) continue; // over already
    if (current !== null && window.start <= current.end) {
      current = { start: current.start, end: Math.max(current.end, window.end) };
      continue;
    }
    if (current !== null) yield current;
    current = { start: window.start, end: window.end };
  }
  if (current !== null) yield current;
}

/**
 * Up to `count` callback slots of `slotMinutes` inside the team's opening hours, earliest first.
 * Slots are counted from each open period's start, consecutively; when the team is open now, the
 * first is the next slot of that grid that starts at least 15 minutes from now (the same slots a
 * customer would have seen before the team opened). A slot at a period's end is cut to the end,
 * never past it; when a period runs out, the next one continues. No opening hours: no slots.
 */
export function callbackSlots(
  schedule: Schedule,
  now: Date,
  timeZone: string,
  locale: string,
  count = 4,
  slotMinutes = 60,
): CallbackSlot[] {
  const slotMs = slotMinutes * MINUTE_MS;
  const earliest = now.getTime() + LEAD_MINUTES * MINUTE_MS;
  const slots: CallbackSlot[] = [];
  if (count <= 0 || slotMs <= 0) return slots;
  for (const period of openPeriods(schedule, now)) {
    let start = period.start;
    // Open now: skip the slots already under way or too close to begin.
    if (start <= now.getTime()) start += Math.ceil((earliest - start) / slotMs) * slotMs;
    for (; start < period.end && slots.length < count; start += slotMs) {
      const end = Math.min(start + slotMs, period.end);
      slots.push({ start: new Date(start), end: new Date(end), label: slotLabel(start, end, now, timeZone, locale) });
    }
    if (slots.length >= count) break;
  }
  return slots;
}

/** "Today, Tue 1 Dec, 09:00–10:00", "Tue 8 Dec, 09:00–10:00": the day, then the times, in `timeZone`. */
export function slotLabel(start: number, end: number, now: Date, timeZone: string, locale: string): string {
  const from = DateTime.fromMillis(start, { zone: timeZone }).setLocale(locale);
  const to = DateTime.fromMillis(end, { zone: timeZone }).setLocale(locale);
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const days = Math.round(from.startOf('day').diff(today, 'days').days);
  const day = from.toFormat('ccc d LLL');
  const times = `${from.toFormat('HH:mm')}–${to.toFormat('HH:mm')}`;
  if (days !== 0 && days !== 1) return `${day}, ${times}`;
  // Intl's own words for today and tomorrow, in any locale: "Today", "Jutro", "Завтра".
  const word = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
  return `${word.charAt(0).toLocaleUpperCase(locale)}${word.slice(1)}, ${day}, ${times}`;
}
