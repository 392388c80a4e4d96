import { describe, expect, it } from 'vitest';
import { isOpenAt } from '../../../src/schedules/is-open.js';
import { OFFICE_HOURS, at, fridayNightShift, neverOpen, office, schedule } from './schedule-fixtures.js';

const holidays = schedule(OFFICE_HOURS, [
  { date: '2026-12-24', hours: [['09:00', '13:00']] },
  { date: '2026-12-25', closed: true },
  { date: '2026-12-27', hours: [['10:00', '12:00']] },
]);
const nightShiftSaturdayClosed = schedule(fridayNightShift.weekly, [{ date: '2026-06-13', closed: true }]);
const nightShiftFridayClosed = schedule(fridayNightShift.weekly, [{ date: '2026-06-12', closed: true }]);
const nightShiftFridayShortened = schedule(fridayNightShift.weekly, [
  { date: '2026-06-12', hours: [['20:00', '02:00']] },
]);
const sundayExceptionOvernight = schedule({}, [{ date: '2026-06-14', hours: [['23:00', '01:00']] }]);
const lateSaturday = schedule({ sat: [['20:00', '24:00']], sun: [['00:00', '02:00']] });
const saturdayUntilMidnight = schedule({ sat: [['20:00', '24:00']] });

describe('isOpenAt: weekly hours', () => {
  it.each([
    { name: 'Monday at opening time', schedule: office, instant: '2026-12-21T09:00:00+01:00', open: true },
    { name: 'Monday a second before opening', schedule: office, instant: '2026-12-21T08:59:59+01:00', open: false },
    { name: 'Monday a second before closing', schedule: office, instant: '2026-12-21T16:59:59+01:00', open: true },
    { name: 'Monday at closing time', schedule: office, instant: '2026-12-21T17:00:00+01:00', open: false },
    { name: 'Saturday noon (weekend)', schedule: office, instant: '2026-06-13T12:00:00+02:00', open: false },
    { name: 'Sunday noon (weekend)', schedule: office, instant: '2026-06-14T12:00:00+02:00', open: false },
    { name: 'Friday 09:00 Warsaw given in UTC', schedule: office, instant: '2026-06-12T07:00:00Z', open: true },
    { name: 'Friday 08:59 Warsaw given in UTC', schedule: office, instant: '2026-06-12T06:59:00Z', open: false },
    {
      name: 'never-open schedule on a weekday',
      schedule: neverOpen,
      instant: '2026-06-10T12:00:00+02:00',
      open: false,
    },
  ])('$name → $open', ({ schedule: subject, instant, open }) => {
    expect(isOpenAt(subject, at(instant))).toBe(open);
  });
});

describe('isOpenAt: overnight windows', () => {
  it.each([
    {
      name: 'Friday between the day and night shifts',
      schedule: fridayNightShift,
      instant: '2026-06-12T13:00:00+02:00',
      open: false,
    },
    {
      name: 'Friday a minute before the night shift',
      schedule: fridayNightShift,
      instant: '2026-06-12T21:59:00+02:00',
      open: false,
    },
    {
      name: 'Friday 23:00 in the night shift',
      schedule: fridayNightShift,
      instant: '2026-06-12T23:00:00+02:00',
      open: true,
    },
    {
      name: 'Saturday 03:00, spill from Friday',
      schedule: fridayNightShift,
      instant: '2026-06-13T03:00:00+02:00',
      open: true,
    },
    {
      name: 'Saturday 06:00, spill over',
      schedule: fridayNightShift,
      instant: '2026-06-13T06:00:00+02:00',
      open: false,
    },
    {
      name: 'Saturday 03:00 when Saturday is an exception closed day',
      schedule: nightShiftSaturdayClosed,
      instant: '2026-06-13T03:00:00+02:00',
      open: true,
    },
    {
      name: 'Saturday 03:00 when Friday is an exception closed day',
      schedule: nightShiftFridayClosed,
      instant: '2026-06-13T03:00:00+02:00',
      open: false,
    },
    {
      name: 'Friday 23:00 when Friday is an exception closed day',
      schedule: nightShiftFridayClosed,
      instant: '2026-06-12T23:00:00+02:00',
      open: false,
    },
    {
      name: 'Saturday 01:00 inside a Friday exception overnight window',
      schedule: nightShiftFridayShortened,
      instant: '2026-06-13T01:00:00+02:00',
      open: true,
    },
    {
      name: 'Saturday 03:00 after a Friday exception overnight window',
      schedule: nightShiftFridayShortened,
      instant: '2026-06-13T03:00:00+02:00',
      open: false,
    },
    {
      name: 'Monday 00:30, spill from a Sunday exception',
      schedule: sundayExceptionOvernight,
      instant: '2026-06-15T00:30:00+02:00',
      open: true,
    },
  ])('$name → $open', ({ schedule: subject, instant, open }) => {
    expect(isOpenAt(subject, at(instant))).toBe(open);
  });
});

describe('isOpenAt: exceptions', () => {
  it.each([
    { name: 'a normal weekday afternoon', instant: '2026-12-23T14:00:00+01:00', open: true },
    { name: 'Christmas Eve special hours, before they end', instant: '2026-12-24T12:00:00+01:00', open: true },
    {
      name: 'Christmas Eve after the special hours, though weekly hours run later',
      instant: '2026-12-24T14:00:00+01:00',
      open: false,
    },
    { name: 'Christmas Day closed, though it is a Friday', instant: '2026-12-25T10:00:00+01:00', open: false },
    { name: 'a Sunday opened by an exception', instant: '2026-12-27T11:00:00+01:00', open: true },
    { name: 'that Sunday after the exception hours', instant: '2026-12-27T12:00:00+01:00', open: false },
  ])('$name → $open', ({ instant, open }) => {
    expect(isOpenAt(holidays, at(instant))).toBe(open);
  });
});

describe('isOpenAt: "24:00" ends', () => {
  it.each([
    { name: 'Saturday 19:59', schedule: lateSaturday, instant: '2026-06-13T19:59:00+02:00', open: false },
    { name: 'Saturday 23:59:59', schedule: lateSaturday, instant: '2026-06-13T23:59:59+02:00', open: true },
    {
      name: 'Sunday 00:00 (next day’s window)',
      schedule: lateSaturday,
      instant: '2026-06-14T00:00:00+02:00',
      open: true,
    },
    { name: 'Sunday 02:00', schedule: lateSaturday, instant: '2026-06-14T02:00:00+02:00', open: false },
    {
      name: 'Sunday 00:00 with no Sunday hours',
      schedule: saturdayUntilMidnight,
      instant: '2026-06-14T00:00:00+02:00',
      open: false,
    },
    {
      name: 'Saturday 23:59:59 with no Sunday hours',
      schedule: saturdayUntilMidnight,
      instant: '2026-06-13T23:59:59+02:00',
      open: true,
    },
  ])('$name → $open', ({ schedule: subject, instant, open }) => {
    expect(isOpenAt(subject, at(instant))).toBe(open);
  });
});

describe('isOpenAt: DST in Europe/Warsaw', () => {
  const earlyHours = schedule({ sun: [['01:00', '03:00']] });
  const startsInGap = schedule({ sun: [['02:30', '05:00']] });
  const endsInGap = schedule({ sun: [['00:30', '02:30']] });
  const startsInRepeatedHour = schedule({ sun: [['02:30', '04:00']] });

  it.each([
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z), so 01:00–03:00 lasts one hour.
    { name: 'spring: 01:00 CET', schedule: earlyHours, instant: '2026-03-29T00:00:00Z', open: true },
    { name: 'spring: 01:59:59 CET', schedule: earlyHours, instant: '2026-03-29T00:59:59Z', open: true },
    { name: 'spring: 03:00 CEST ends 01:00–03:00', schedule: earlyHours, instant: '2026-03-29T01:00:00Z', open: false },
    {
      name: 'spring: 01:59:59 CET before a 02:30 start',
      schedule: startsInGap,
      instant: '2026-03-29T00:59:59Z',
      open: false,
    },
    {
      name: 'spring: 02:30 start opens at 03:00 CEST',
      schedule: startsInGap,
      instant: '2026-03-29T01:00:00Z',
      open: true,
    },
    { name: 'spring: 04:59:59 CEST', schedule: startsInGap, instant: '2026-03-29T02:59:59Z', open: true },
    { name: 'spring: 05:00 CEST', schedule: startsInGap, instant: '2026-03-29T03:00:00Z', open: false },
    {
      name: 'spring: 01:59:59 CET before a 02:30 end',
      schedule: endsInGap,
      instant: '2026-03-29T00:59:59Z',
      open: true,
    },
    {
      name: 'spring: 02:30 end closes at 03:00 CEST',
      schedule: endsInGap,
      instant: '2026-03-29T01:00:00Z',
      open: false,
    },
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET (01:00Z), so 01:00–03:00 lasts three hours.
    { name: 'fall: 00:59:59 CEST', schedule: earlyHours, instant: '2026-10-24T22:59:59Z', open: false },
    { name: 'fall: 01:00 CEST', schedule: earlyHours, instant: '2026-10-24T23:00:00Z', open: true },
    { name: 'fall: first 02:30 (CEST)', schedule: earlyHours, instant: '2026-10-25T00:30:00Z', open: true },
    { name: 'fall: second 02:30 (CET)', schedule: earlyHours, instant: '2026-10-25T01:30:00Z', open: true },
    { name: 'fall: 02:59:59 CET', schedule: earlyHours, instant: '2026-10-25T01:59:59Z', open: true },
    { name: 'fall: 03:00 CET', schedule: earlyHours, instant: '2026-10-25T02:00:00Z', open: false },
    {
      name: 'fall: first 02:29:59 before a 02:30 start',
      schedule: startsInRepeatedHour,
      instant: '2026-10-25T00:29:59Z',
      open: false,
    },
    {
      name: 'fall: 02:30 start opens at its first occurrence',
      schedule: startsInRepeatedHour,
      instant: '2026-10-25T00:30:00Z',
      open: true,
    },
    {
      name: 'fall: stays open through the repeated 02:15',
      schedule: startsInRepeatedHour,
      instant: '2026-10-25T01:15:00Z',
      open: true,
    },
    { name: 'fall: 04:00 CET', schedule: startsInRepeatedHour, instant: '2026-10-25T03:00:00Z', open: false },
  ])('$name → $open', ({ schedule: subject, instant, open }) => {
    expect(isOpenAt(subject, at(instant))).toBe(open);
  });
});

describe('isOpenAt: DST in America/New_York', () => {
  const earlyHours = schedule({ sun: [['01:00', '03:00']] }, [], 'America/New_York');
  const startsInGap = schedule({ sun: [['02:30', '05:00']] }, [], 'America/New_York');
  const longSunday = schedule({ sun: [['00:00', '03:00']] }, [], 'America/New_York');
  const saturdayNight = schedule({ sat: [['22:00', '02:00']] }, [], 'America/New_York');

  it.each([
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z).
    { name: 'spring: 01:00 EST', schedule: earlyHours, instant: '2026-03-08T06:00:00Z', open: true },
    { name: 'spring: 01:59:59 EST', schedule: earlyHours, instant: '2026-03-08T06:59:59Z', open: true },
    { name: 'spring: 03:00 EDT', schedule: earlyHours, instant: '2026-03-08T07:00:00Z', open: false },
    {
      name: 'spring: 01:59 EST before a 02:30 start',
      schedule: startsInGap,
      instant: '2026-03-08T06:59:00Z',
      open: false,
    },
    {
      name: 'spring: 02:30 start opens at 03:00 EDT',
      schedule: startsInGap,
      instant: '2026-03-08T07:00:00Z',
      open: true,
    },
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST (06:00Z), so 00:00–03:00 lasts four hours.
    { name: 'fall: 00:00 EDT', schedule: longSunday, instant: '2026-11-01T04:00:00Z', open: true },
    { name: 'fall: first 01:30 (EDT)', schedule: longSunday, instant: '2026-11-01T05:30:00Z', open: true },
    { name: 'fall: second 01:30 (EST)', schedule: longSunday, instant: '2026-11-01T06:30:00Z', open: true },
    { name: 'fall: 02:59:59 EST', schedule: longSunday, instant: '2026-11-01T07:59:59Z', open: true },
    { name: 'fall: 03:00 EST', schedule: longSunday, instant: '2026-11-01T08:00:00Z', open: false },
    {
      name: 'fall: overnight Saturday window at second 01:30',
      schedule: saturdayNight,
      instant: '2026-11-01T06:30:00Z',
      open: true,
    },
    {
      name: 'fall: overnight Saturday window ends at 02:00 EST',
      schedule: saturdayNight,
      instant: '2026-11-01T07:00:00Z',
      open: false,
    },
  ])('$name → $open', ({ schedule: subject, instant, open }) => {
    expect(isOpenAt(subject, at(instant))).toBe(open);
  });
});

describe('isOpenAt: every minute across a DST change', () => {
  it.each([
    { zone: 'Europe/Warsaw', day: '2026-03-29T00:00:00+01:00' },
    { zone: 'Europe/Warsaw', day: '2026-10-25T00:00:00+02:00' },
    { zone: 'America/New_York', day: '2026-03-08T00:00:00-05:00' },
    { zone: 'America/New_York', day: '2026-11-01T00:00:00-04:00' },
  ])('answers without throwing on $day in $zone', ({ zone, day }) => {
    const subject = schedule(
      {
        sun: [
          ['01:30', '02:30'],
          ['02:45', '03:15'],
        ],
      },
      [],
      zone,
    );
    const start = at(day).getTime();
    const answers = Array.from({ length: 6 * 60 }, (_, minute) => isOpenAt(subject, new Date(start + minute * 60_000)));
    expect(answers).toContain(true);
    expect(answers).toContain(false);
  });
});
