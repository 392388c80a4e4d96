import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { isOvernight, parseEndTime, parseStartTime } from './time-of-day.js';

export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof DAY_KEYS)[number];

const TIME_RANGE_HINT = 'use HH:MM between 00:00 and 23:59';

function notATimeMessage(text: string, isEnd: boolean): string {
  if (/^\d:[0-5]\d$/.test(text)) return `"${text}" needs two-digit hours; write "0${text}"`;
  if (text === '24:00') return `"24:00" can only end an interval; start at a time between 00:00 and 23:59`;
  const endHint = isEnd ? ', or 24:00 for the end of the day' : '';
  return `"${text}" is not a time of day; ${TIME_RANGE_HINT}${endHint}`;
}

function timeSchema(parse: (text: string) => number | null, isEnd: boolean) {
  return z.string({ error: `expected a time string "HH:MM"` }).superRefine((text, ctx) => {
    if (parse(text) === null) ctx.addIssue({ code: 'custom', message: notATimeMessage(text, isEnd) });
  });
}

const intervalSchema = z
  .tuple([timeSchema(parseStartTime, false), timeSchema(parseEndTime, true)], {
    error: 'an interval is a pair ["HH:MM","HH:MM"], e.g. ["09:00","17:00"]',
  })
  .superRefine(([start, end], ctx) => {
    if (start !== end || parseStartTime(start) === null) return;
    ctx.addIssue({
      code: 'custom',
      path: [1],
      message: `interval starts and ends at "${start}"; make the end later than the start (or earlier, for a window that runs overnight)`,
    });
  });

export type Interval = z.output<typeof intervalSchema>;

interface MinuteRange {
  start: number;
  end: number;
  endText: string;
  label: string;
}

function toMinuteRange([start, end]: Interval): MinuteRange | null {
  const startMinutes = parseStartTime(start);
  const endMinutes = parseEndTime(end);
  if (startMinutes === null || endMinutes === null) return null;
  return { start: startMinutes, end: endMinutes, endText: end, label: `"${start}"–"${end}"` };
}

// In a list sorted by start, any overlap shows up between neighbours, so comparing neighbours is enough.
// Invalid times are already reported on their own path, so only well-formed intervals are compared.
function checkIntervalOrder(intervals: Interval[], ctx: z.RefinementCtx): void {
  let previous: { range: MinuteRange; index: number } | null = null;
  intervals.forEach((interval, index) => {
    const current = toMinuteRange(interval);
    if (current === null) return;
    if (previous !== null) {
      const problem = neighbourProblem(previous.range, current);
      if (problem !== null) {
        ctx.addIssue({ code: 'custom', path: [problem.onPrevious ? previous.index : index], message: problem.message });
      }
    }
    previous = { range: current, index };
  });
}

function neighbourProblem(
  previous: MinuteRange,
  current: MinuteRange,
): { onPrevious: boolean; message: string } | null {
  if (current.start < previous.start) {
    return {
      onPrevious: false,
      message: `${current.label} starts before ${previous.label}; list intervals in order of start time`,
    };
  }
  if (isOvernight(previous.start, previous.end)) {
    return {
      onPrevious: true,
      message: `overnight window ${previous.label} must be the last interval of its day; move it after ${current.label} or merge them`,
    };
  }
  if (current.start < previous.end) {
    return {
      onPrevious: false,
      message: `${current.label} overlaps ${previous.label}; start it at "${previous.endText}" or later, or merge the two`,
    };
  }
  return null;
}

const dayHoursSchema = z
  .array(intervalSchema, { error: 'expected a list of intervals like [["09:00","17:00"]], or [] for a closed day' })
  .superRefine(checkIntervalOrder);

function unknownKeysMessage(keys: string[], allowed: string): string {
  const quoted = keys.map((key) => `"${key}"`).join(', ');
  return `${quoted} ${keys.length === 1 ? 'is' : 'are'} not allowed here; use ${allowed}`;
}

function objectError(description: string, allowedKeys: string) {
  return (issue: z.core.$ZodRawIssue): string =>
    issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, allowedKeys) : `expected ${description}`;
}

const weeklySchema = z.strictObject(
  {
    mon: dayHoursSchema.optional(),
    tue: dayHoursSchema.optional(),
    wed: dayHoursSchema.optional(),
    thu: dayHoursSchema.optional(),
    fri: dayHoursSchema.optional(),
    sat: dayHoursSchema.optional(),
    sun: dayHoursSchema.optional(),
  },
  {
    error: objectError(
      'weekly hours like {"mon": [["09:00","17:00"]]}',
      'the day keys mon, tue, wed, thu, fri, sat, sun',
    ),
  },
);

function calendarDateProblem(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return `"${text}" is not a date; use YYYY-MM-DD, e.g. "2026-12-25"`;
  if (DateTime.fromISO(text, { zone: 'utc' }).isValid) return null;
  const month = DateTime.utc(Number(match[1]), Number(match[2]));
  if (!month.isValid) return `"${text}" has no month ${match[2]}; use a month between 01 and 12`;
  return `"${text}" does not exist; ${month.toFormat('MMMM yyyy')} has ${month.daysInMonth} days`;
}

const calendarDateSchema = z.string({ error: 'expected a date string "YYYY-MM-DD"' }).superRefine((text, ctx) => {
  const problem = calendarDateProblem(text);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const exceptionSchema = z
  .strictObject(
    {
      date: calendarDateSchema,
      closed: z
        .literal(true, { error: '"closed" can only be true; to open with special hours, give "hours" instead' })
        .optional(),
      hours: dayHoursSchema.optional(),
    },
    { error: objectError('an exception like {"date": "2026-12-25", "closed": true}', 'date, closed, hours') },
  )
  .superRefine((exception, ctx) => {
    const hasHours = exception.hours !== undefined;
    if (hasHours === (exception.closed === true)) {
      const choice = hasHours ? 'not both' : 'one of them is required';
      ctx.addIssue({
        code: 'custom',
        message: `give either "closed": true or "hours": [["HH:MM","HH:MM"]]; ${choice}`,
      });
    }
  })
  .transform(({ date, hours }) => (hours === undefined ? { date, closed: true as const } : { date, hours }));

export type ScheduleException = z.output<typeof exceptionSchema>;

function checkUniqueDates(exceptions: ScheduleException[], ctx: z.RefinementCtx): void {
  const firstIndexByDate = new Map<string, number>();
  exceptions.forEach(({ date }, index) => {
    const firstIndex = firstIndexByDate.get(date);
    if (firstIndex === undefined) {
      firstIndexByDate.set(date, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [index, 'date'],
      message: `"${date}" already has an exception at exceptions.${firstIndex}; keep a single entry per date`,
    });
  });
}

const exceptionListSchema = z
  .array(exceptionSchema, { error: 'expected a list of exceptions like [{"date": "2026-12-25", "closed": true}]' })
  .superRefine(checkUniqueDates);

const timezoneSchema = z
  .string({ error: 'expected an IANA time zone name like "Europe/Warsaw"' })
  .refine((zone) => IANAZone.isValidZone(zone), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a known IANA time zone; use a name like "Europe/Warsaw"`,
  });

export const scheduleSchema = z.strictObject(
  {
    timezone: timezoneSchema,
    weekly: weeklySchema,
    exceptions: exceptionListSchema.default(() => []),
  },
  {
    error: objectError(
      'a schedule like {"timezone": "Europe/Warsaw", "weekly": {...}, "exceptions": []}',
      'timezone, weekly, exceptions',
    ),
  },
);

export type Schedule = z.output<typeof scheduleSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;

export interface ScheduleIssue {
  field: string;
  message: string;
}

/** Validation problems as dotted field paths (e.g. "weekly.mon.0.1"); [] when the input is a valid schedule. */
export function scheduleIssues(input: unknown): ScheduleIssue[] {
  const result = scheduleSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    // An unknown key is reported on the object; point at the key itself so the field names what to remove.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    return paths.map((path) => ({ field: path.map(String).join('.'), message: issue.message }));
  });
}

export function defaultSchedule(timezone: string): Schedule {
  const officeHours = (): Interval[] => [['09:00', '17:00']];
  return {
    timezone,
    weekly: { mon: officeHours(), tue: officeHours(), wed: officeHours(), thu: officeHours(), fri: officeHours() },
    exceptions: [],
  };
}
