import { DAY_KEYS, type Interval, type Schedule } from './schedule.schema.js';
import { MINUTES_PER_DAY, isOvernight, parseEndTime, parseStartTime } from './time-of-day.js';
import { type CalendarDay, calendarDayOf, instantOfWallClock } from './wall-clock.js';

/** How far ahead (in days) window searches look before giving up. */
export const SEARCH_HORIZON_DAYS = 366;

/** An open period as epoch milliseconds: open from `start` (inclusive) until `end` (exclusive). */
export interface OpenWindow {
  start: number;
  end: number;
}

/** The hours that apply on `day`: its exception if it has one, otherwise its weekly hours. */
export function hoursOn(schedule: Schedule, day: CalendarDay): Interval[] {
  const exception = schedule.exceptions.find(({ date }) => date === day.toISODate());
  if (exception !== undefined) return 'closed' in exception ? [] : exception.hours;
  const dayKey = DAY_KEYS[day.weekday - 1];
  return (dayKey === undefined ? undefined : schedule.weekly[dayKey]) ?? [];
}

/** Windows that start on `day`, in start order; an overnight window ends on the following day. */
export function windowsStartingOn(schedule: Schedule, day: CalendarDay): OpenWindow[] {
  return hoursOn(schedule, day).flatMap(([startText, endText]) => {
    const startMinutes = parseStartTime(startText);
    const endMinutes = parseEndTime(endText);
    if (startMinutes === null || endMinutes === null) return [];
    const endOnDay = isOvernight(startMinutes, endMinutes) ? endMinutes + MINUTES_PER_DAY : endMinutes;
    const window = {
      start: instantOfWallClock(schedule.timezone, day, startMinutes),
      end: instantOfWallClock(schedule.timezone, day, endOnDay),
    };
    // A window that lies entirely inside a spring-forward gap never happens.
    return window.end > window.start ? [window] : [];
  });
}

/** The windows that can contain `instant`: those starting on its local day or on the day before. */
export function windowsThatMayCover(schedule: Schedule, instant: Date): OpenWindow[] {
  const day = calendarDayOf(instant, schedule.timezone);
  return [...windowsStartingOn(schedule, day.minus({ days: 1 })), ...windowsStartingOn(schedule, day)];
}

export function covers(window: OpenWindow, instant: Date): boolean {
  const time = instant.getTime();
  return window.start <= time && time < window.end;
}

/**
 * Windows in start order, from those starting on the local day before `instant` (whose overnight
 * spill may still cover it) through those starting SEARCH_HORIZON_DAYS days after its local day.
 */
export function* windowsAround(schedule: Schedule, instant: Date): Generator<OpenWindow> {
  if (!hasAnyHours(schedule)) return; // never open: no need to walk a year of days
  const firstDay = calendarDayOf(instant, schedule.timezone).minus({ days: 1 });
  for (let offset = 0; offset <= SEARCH_HORIZON_DAYS + 1; offset += 1) {
    yield* windowsStartingOn(schedule, firstDay.plus({ days: offset }));
  }
}

/** Whether the schedule is ever open: some weekday or exception has hours. */
export function hasAnyHours(schedule: Schedule): boolean {
  return (
    DAY_KEYS.some((day) => (schedule.weekly[day]?.length ?? 0) > 0) ||
    schedule.exceptions.some((exception) => 'hours' in exception && (exception.hours?.length ?? 0) > 0)
  );
}
