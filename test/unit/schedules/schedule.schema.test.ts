import { describe, expect, it } from 'vitest';
import { defaultSchedule, scheduleIssues, scheduleSchema } from '../../../src/schedules/schedule.schema.js';

const withWeekly = (weekly: unknown): unknown => ({ timezone: 'Europe/Warsaw', weekly });
const withExceptions = (exceptions: unknown): unknown => ({ timezone: 'Europe/Warsaw', weekly: {}, exceptions });

describe('scheduleSchema: valid schedules', () => {
  it.each([
    ['office hours', withWeekly({ mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] })],
    ['every day missing', withWeekly({})],
    ['empty days', withWeekly({ sat: [], sun: [] })],
    [
      'split day',
      withWeekly({
        mon: [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
      }),
    ],
    [
      'touching intervals',
      withWeekly({
        mon: [
          ['08:00', '12:00'],
          ['12:00', '17:00'],
        ],
      }),
    ],
    [
      'overnight window last in its day',
      withWeekly({
        fri: [
          ['09:00', '12:00'],
          ['22:00', '06:00'],
        ],
      }),
    ],
    ['window ending at 00:00 (runs until midnight)', withWeekly({ sat: [['20:00', '00:00']] })],
    ['24:00 end', withWeekly({ sat: [['20:00', '24:00']] })],
    ['whole day', withWeekly({ sun: [['00:00', '24:00']] })],
    ['UTC zone', { timezone: 'UTC', weekly: {} }],
    ['New York zone', { timezone: 'America/New_York', weekly: {} }],
    [
      'closed and special-hours exceptions',
      withExceptions([
        { date: '2026-12-24', hours: [['09:00', '13:00']] },
        { date: '2026-12-25', closed: true },
      ]),
    ],
    ['leap day exception', withExceptions([{ date: '2028-02-29', closed: true }])],
    ['exception with no hours', withExceptions([{ date: '2026-05-01', hours: [] }])],
  ])('accepts %s', (_name, input) => {
    expect(scheduleIssues(input)).toEqual([]);
    expect(scheduleSchema.safeParse(input).success).toBe(true);
  });

  it('fills in missing exceptions with an empty list', () => {
    expect(scheduleSchema.parse(withWeekly({})).exceptions).toEqual([]);
  });

  it('keeps each exception as either closed or hours', () => {
    const parsed = scheduleSchema.parse(
      withExceptions([
        { date: '2026-12-24', hours: [['09:00', '13:00']] },
        { date: '2026-12-25', closed: true },
      ]),
    );
    expect(parsed.exceptions).toEqual([
      { date: '2026-12-24', hours: [['09:00', '13:00']] },
      { date: '2026-12-25', closed: true },
    ]);
  });
});

describe('scheduleIssues: invalid schedules', () => {
  it.each([
    [
      'end hour 25:00',
      withWeekly({ mon: [['09:00', '25:00']] }),
      'weekly.mon.0.1',
      '"25:00" is not a time of day; use HH:MM between 00:00 and 23:59',
    ],
    [
      'start hour 25:00',
      withWeekly({ tue: [['25:00', '17:00']] }),
      'weekly.tue.0.0',
      '"25:00" is not a time of day; use HH:MM between 00:00 and 23:59',
    ],
    ['single-digit hour 9:00', withWeekly({ mon: [['9:00', '17:00']] }), 'weekly.mon.0.0', 'write "09:00"'],
    ['minute 60', withWeekly({ wed: [['09:60', '17:00']] }), 'weekly.wed.0.0', '"09:60" is not a time of day'],
    [
      '24:00 as a start',
      withWeekly({ sat: [['24:00', '06:00']] }),
      'weekly.sat.0.0',
      '"24:00" can only end an interval',
    ],
    [
      'a time that is not a string',
      withWeekly({ mon: [[9, '17:00']] }),
      'weekly.mon.0.0',
      'expected a time string "HH:MM"',
    ],
    ['an interval with one time', withWeekly({ mon: [['09:00']] }), 'weekly.mon.0', 'an interval is a pair'],
    ['a day that is not a list', withWeekly({ mon: '09:00-17:00' }), 'weekly.mon', 'expected a list of intervals'],
    ['unknown zone', { timezone: 'Mars/Base', weekly: {} }, 'timezone', '"Mars/Base" is not a known IANA time zone'],
    ['missing zone', { weekly: {} }, 'timezone', 'expected an IANA time zone name'],
    ['missing weekly', { timezone: 'Europe/Warsaw' }, 'weekly', 'expected weekly hours'],
    [
      'overlapping intervals',
      withWeekly({
        mon: [
          ['09:00', '12:00'],
          ['11:00', '13:00'],
        ],
      }),
      'weekly.mon.1',
      'start it at "12:00" or later',
    ],
    [
      'same start twice',
      withWeekly({
        thu: [
          ['09:00', '10:00'],
          ['09:00', '11:00'],
        ],
      }),
      'weekly.thu.1',
      'overlaps',
    ],
    [
      'unordered intervals',
      withWeekly({
        mon: [
          ['13:00', '17:00'],
          ['09:00', '12:00'],
        ],
      }),
      'weekly.mon.1',
      'list intervals in order of start time',
    ],
    [
      'overnight window not last',
      withWeekly({
        fri: [
          ['22:00', '02:00'],
          ['23:00', '23:30'],
        ],
      }),
      'weekly.fri.0',
      'must be the last interval of its day',
    ],
    [
      'start equal to end',
      withWeekly({ mon: [['09:00', '09:00']] }),
      'weekly.mon.0.1',
      'interval starts and ends at "09:00"',
    ],
    [
      'unknown day key',
      withWeekly({ monday: [['09:00', '17:00']] }),
      'weekly.monday',
      '"monday" is not allowed here; use the day keys mon, tue',
    ],
    [
      'unknown top-level key',
      { timezone: 'UTC', weekly: {}, holidays: [] },
      'holidays',
      '"holidays" is not allowed here',
    ],
    ['not an object', 'open 9 to 5', '', 'expected a schedule'],
    [
      'nonexistent date',
      withExceptions([{ date: '2026-02-30', closed: true }]),
      'exceptions.0.date',
      'February 2026 has 28 days',
    ],
    [
      'month 13',
      withExceptions([{ date: '2026-13-01', closed: true }]),
      'exceptions.0.date',
      'use a month between 01 and 12',
    ],
    [
      'date not in YYYY-MM-DD',
      withExceptions([{ date: '25.12.2026', closed: true }]),
      'exceptions.0.date',
      'use YYYY-MM-DD',
    ],
    [
      'duplicate exception dates',
      withExceptions([
        { date: '2026-12-25', closed: true },
        { date: '2026-12-24', closed: true },
        { date: '2026-12-25', hours: [['10:00', '12:00']] },
      ]),
      'exceptions.2.date',
      'already has an exception at exceptions.0',
    ],
    [
      'exception with neither closed nor hours',
      withExceptions([{ date: '2026-12-25' }]),
      'exceptions.0',
      'one of them is required',
    ],
    [
      'exception with closed and hours',
      withExceptions([{ date: '2026-12-25', closed: true, hours: [] }]),
      'exceptions.0',
      'not both',
    ],
    [
      'exception closed: false',
      withExceptions([{ date: '2026-12-25', closed: false }]),
      'exceptions.0.closed',
      '"closed" can only be true',
    ],
    [
      'bad time inside exception hours',
      withExceptions([{ date: '2026-12-24', hours: [['09:00', '13:60']] }]),
      'exceptions.0.hours.0.1',
      '"13:60" is not a time of day',
    ],
    [
      'unknown exception key',
      withExceptions([{ date: '2026-12-24', closed: true, note: 'Xmas' }]),
      'exceptions.0.note',
      '"note" is not allowed here',
    ],
  ])('rejects %s at the exact field', (_name, input, field, message) => {
    const issues = scheduleIssues(input);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe(field);
    expect(issues[0]?.message).toContain(message);
  });

  it('reports every problem, each on its own field', () => {
    const issues = scheduleIssues({
      timezone: 'Mars/Base',
      weekly: { mon: [['9:00', '25:00']], funday: [] },
      exceptions: [{ date: '2026-02-30' }],
    });
    expect(issues.map(({ field }) => field).sort()).toEqual(
      ['exceptions.0', 'exceptions.0.date', 'timezone', 'weekly.funday', 'weekly.mon.0.0', 'weekly.mon.0.1'].sort(),
    );
  });
});

describe('defaultSchedule', () => {
  it.each(['Europe/Warsaw', 'America/New_York'])('is a valid Mon–Fri 09:00–17:00 schedule in %s', (timezone) => {
    const schedule = defaultSchedule(timezone);
    expect(scheduleIssues(schedule)).toEqual([]);
    expect(schedule).toEqual({
      timezone,
      weekly: {
        mon: [['09:00', '17:00']],
        tue: [['09:00', '17:00']],
        wed: [['09:00', '17:00']],
        thu: [['09:00', '17:00']],
        fri: [['09:00', '17:00']],
      },
      exceptions: [],
    });
  });

  it('gives each day its own interval list, so editing one day leaves the others alone', () => {
    const schedule = defaultSchedule('UTC');
    schedule.weekly.mon?.push(['18:00', '20:00']);
    expect(schedule.weekly.tue).toEqual([['09:00', '17:00']]);
  });
});
