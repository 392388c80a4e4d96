import { DateTime, IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * A calendar day with no time zone, held as a luxon DateTime at UTC midnight so that
 * day arithmetic never meets a DST transition.
 */
export type CalendarDay = DateTime;

export function calendarDayOf(instant: Date, timezone: string): CalendarDay {
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  return DateTime.utc(local.year, local.month, local.day);
}

/**
 * The instant at which clocks in `timezone` show `minutes` after midnight of `day`
 * (minutes may exceed a day, for windows that end on the next day).
 * A time skipped by a spring-forward gap resolves to the first instant after the gap;
 * a time repeated by a fall-back resolves to its first occurrence.
 */
export function instantOfWallClock(timezone: string, day: CalendarDay, minutes: number): number {
  const zone = IANAZone.create(timezone);
  const wallMs = day.toMillis() + minutes * MINUTE_MS;
  const offsetBefore = zone.offset(wallMs - DAY_MS);
  const offsetAfter = zone.offset(wallMs + DAY_MS);
  const occurrences = [offsetBefore, offsetAfter]
    .map((offset) => wallMs - offset * MINUTE_MS)
    .filter((candidate) => wallMs - zone.offset(candidate) * MINUTE_MS === candidate);
  if (occurrences.length > 0) return Math.min(...occurrences);
  return firstInstantWithOffset(zone, offsetAfter, wallMs - offsetAfter * MINUTE_MS, wallMs - offsetBefore * MINUTE_MS);
}

/** Binary search for the transition: the first instant in (low, high] whose offset is `offset`. */
function firstInstantWithOffset(zone: IANAZone, offset: number, low: number, high: number): number {
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === offset) high = middle;
    else low = middle;
  }
  return high;
}
