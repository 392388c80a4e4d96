import { covers, windowsThatMayCover } from './open-windows.js';
import type { Schedule } from './schedule.schema.js';

/**
 * Whether the team is open at `instant`, judged by wall-clock hours in the schedule's time zone.
 * An overnight window belongs to the day it starts on: it spills into the next day even when that day is
 * an exception, and there is no spill from a day an exception closes.
 */
export function isOpenAt(schedule: Schedule, instant: Date): boolean {
  return windowsThatMayCover(schedule, instant).some((window) => covers(window, instant));
}
