import { SEARCH_HORIZON_DAYS, hasAnyHours, windowsAround } from './open-windows.js';
import type { Schedule } from './schedule.schema.js';

const MINUTE_MS = 60_000;

/**
 * Business time is counted through this many search horizons (about five years); calendar time after.
 * Walking further costs milliseconds per year, and only a tiny schedule with a huge target gets there.
 */
const MAX_HORIZON_PASSES = 5;

/** How far ahead of the start business time is counted before calendar time takes over. */
export const BUSINESS_TIME_LIMIT_DAYS = MAX_HORIZON_PASSES * SEARCH_HORIZON_DAYS;

/** A stretch of time that counts towards business minutes, as epoch milliseconds [start, end). */
interface CountedSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Whether business time on `schedule` is plain calendar time: true for a schedule with no hours
 * anywhere. A team without hours still owes its customers an answer, so its clocks keep running
 * instead of never coming due.
 */
export function countsCalendarTime(schedule: Schedule): boolean {
  return !hasAnyHours(schedule);
}

/**
 * The stretches that count as business time from `from` on, in order, never overlapping:
 * the open windows (touching or overlapping windows counted once), then, once a whole search
 * horizon holds no opening or about BUSINESS_TIME_LIMIT_DAYS have been walked, everything after
 * the last counted instant (calendar time).
 */
function* countedSpansFrom(schedule: Schedule, from: number): Generator<CountedSpan> {
  if (countsCalendarTime(schedule)) {
    yield { start: from, end: Number.POSITIVE_INFINITY };
    return;
  }
  let cursor = from;
  for (let pass = 0; pass < MAX_HORIZON_PASSES; pass += 1) {
    let found = false;
    // Each pass looks SEARCH_HORIZON_DAYS ahead of the cursor, so long targets keep counting business time.
    for (const window of windowsAround(schedule, new Date(cursor))) {
      if (window.end <= cursor) continue; // already counted, or over before `from`
      found = true;
      yield { start: Math.max(window.start, cursor), end: window.end };
      cursor = window.end;
    }
    // No opening for a whole horizon: the clock must still come due, so calendar time counts from here.
    if (!found) break;
  }
  yield { start: cursor, end: Number.POSITIVE_INFINITY };
}

function assertMinutes(minutes: number): void {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`business minutes must be a finite number, 0 or more; got ${minutes}`);
  }
}

/**
 * The instant at which `minutes` minutes of the team's open time have elapsed, counting from `start`.
 * Closed time (nights, weekends, closed exception days) is skipped; windows are real instants, so a
 * window shortened by a DST change counts its real length. A target that ends exactly at closing is
 * due at closing, not at the next opening. `minutes = 0` gives `start` when open, else the next opening.
 * A schedule with no hours counts calendar time (see countsCalendarTime); so does a schedule with no
 * opening within a search horizon of the last counted instant, from that instant on, and any target
 * that reaches past about BUSINESS_TIME_LIMIT_DAYS of windows, from the last window walked. Never null.
 */
export function addBusinessMinutes(schedule: Schedule, start: Date, minutes: number): Date {
  assertMinutes(minutes);
  let remaining = minutes * MINUTE_MS;
  for (const span of countedSpansFrom(schedule, start.getTime())) {
    const available = span.end - span.start;
    // `<=` so a target that uses up a window exactly falls due at its close.
    if (remaining <= available) return new Date(span.start + remaining);
    remaining -= available;
  }
  // Unreachable: the last span is unbounded.
  throw new Error('business time ran out of spans');
}

/**
 * Open minutes in [from, to) on `schedule`, counted the same way as addBusinessMinutes (so
 * `businessMinutesBetween(s, t, addBusinessMinutes(s, t, m)) === m`). 0 when `to` is not after
 * `from`; fractional when the instants are not whole minutes apart.
 */
export function businessMinutesBetween(schedule: Schedule, from: Date, to: Date): number {
  const end = to.getTime();
  if (end <= from.getTime()) return 0;
  let counted = 0;
  for (const span of countedSpansFrom(schedule, from.getTime())) {
    if (span.start >= end) break;
    counted += Math.min(span.end, end) - span.start;
    if (span.end >= end) break;
  }
  return counted / MINUTE_MS;
}
