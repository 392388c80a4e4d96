import { type ScheduleInput, type Schedule, scheduleSchema } from '../../../src/schedules/schedule.schema.js';

type Weekly = ScheduleInput['weekly'];
type Exceptions = NonNullable<ScheduleInput['exceptions']>;

/** A validated schedule, so every fixture is also a schema-valid input. */
export function schedule(weekly: Weekly, exceptions: Exceptions = [], timezone = 'Europe/Warsaw'): Schedule {
  return scheduleSchema.parse({ timezone, weekly, exceptions });
}

export const OFFICE_HOURS = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
} satisfies Weekly;

export const office = schedule(OFFICE_HOURS);

/** Friday day shift plus a Friday-night shift that runs until Saturday 06:00. */
export const fridayNightShift = schedule({
  fri: [
    ['09:00', '12:00'],
    ['22:00', '06:00'],
  ],
});

export const neverOpen = schedule({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

export const at = (iso: string): Date => new Date(iso);
