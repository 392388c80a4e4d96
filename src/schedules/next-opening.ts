import { isOpenAt } from './is-open.js';
import { covers, windowsAround } from './open-windows.js';
import type { Schedule } from './schedule.schema.js';

/**
 * The first instant at or after `instant` when the team is open: `instant` itself when open now,
 * otherwise the start of the next window within the search horizon, or null when there is none.
 */
export function nextOpening(schedule: Schedule, instant: Date): Date | null {
  if (isOpenAt(schedule, instant)) return instant;
  for (const window of windowsAround(schedule, instant)) {
    if (window.start > instant.getTime()) return new Date(window.start);
  }
  return null;
}

/**
 * When the open period containing `instant` closes, or null when closed at `instant`.
 * Windows that touch or overlap (e.g. 22:00–24:00 followed by 00:00–06:00) count as one period;
 * a schedule that never closes yields the end of the last window within the search horizon.
 */
export function currentWindowEnd(schedule: Schedule, instant: Date): Date | null {
  if (!isOpenAt(schedule, instant)) return null;
  let end: number | null = null;
  for (const window of windowsAround(schedule, instant)) {
    if (end === null) {
      if (covers(window, instant)) end = window.end;
    } else if (window.start <= end) {
      end = Math.max(end, window.end);
    } else {
      break;
    }
  }
  return end === null ? null : new Date(end);
}
