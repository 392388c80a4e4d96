import { describe, expect, it } from 'vitest';
import {
  BUSINESS_TIME_LIMIT_DAYS,
  addBusinessMinutes,
  businessMinutesBetween,
  countsCalendarTime,
} from '../../../src/schedules/business-time.js';
import { isOpenAt } from '../../../src/schedules/is-open.js';
import { OFFICE_HOURS, at, fridayNightShift, neverOpen, office, schedule } from './schedule-fixtures.js';

const holidays = schedule(OFFICE_HOURS, [
  { date: '2026-12-24', hours: [['09:00', '13:00']] },
  { date: '2026-12-25', closed: true },
]);
const lateSaturday = schedule({ sat: [['20:00', '24:00']], sun: [['00:00', '02:00']] });
const spillOverlapsMonday = schedule({ sun: [['22:00', '06:00']], mon: [['05:00', '09:00']] });
const warsawEarlySunday = schedule({ sun: [['00:00', '06:00']] });
const warsawWholeSunday = schedule({ sun: [['00:00', '24:00']] });
const newYorkOffice = schedule(OFFICE_HOURS, [], 'America/New_York');
const newYorkEarlySunday = schedule({ sun: [['00:00', '06:00']] }, [], 'America/New_York');
const onlyOneDayBeyondHorizon = schedule({}, [{ date: '2027-08-01', hours: [['10:00', '11:00']] }]);

describe('addBusinessMinutes', () => {
  it.each([
    {
      name: 'inside a window: plain addition',
      schedule: office,
      start: '2026-06-15T10:00:00+02:00',
      minutes: 60,
      expected: '2026-06-15T11:00:00+02:00',
    },
    {
      name: 'before opening: counts from the opening',
      schedule: office,
      start: '2026-06-15T07:00:00+02:00',
      minutes: 30,
      expected: '2026-06-15T09:30:00+02:00',
    },
    {
      name: 'after closing: counts from the next morning',
      schedule: office,
      start: '2026-06-15T18:00:00+02:00',
      minutes: 30,
      expected: '2026-06-16T09:30:00+02:00',
    },
    {
      name: 'near closing: spills into the next day',
      schedule: office,
      start: '2026-06-15T16:00:00+02:00',
      minutes: 120,
      expected: '2026-06-16T10:00:00+02:00',
    },
    {
      name: 'due exactly at closing: at closing, not the next morning',
      schedule: office,
      start: '2026-06-15T16:00:00+02:00',
      minutes: 60,
      expected: '2026-06-15T17:00:00+02:00',
    },
    {
      name: 'one minute past closing: the next morning',
      schedule: office,
      start: '2026-06-15T16:00:00+02:00',
      minutes: 61,
      expected: '2026-06-16T09:01:00+02:00',
    },
    {
      name: 'Friday afternoon: the weekend is skipped',
      schedule: office,
      start: '2026-06-12T16:30:00+02:00',
      minutes: 60,
      expected: '2026-06-15T09:30:00+02:00',
    },
    {
      name: 'Saturday: counts from Monday',
      schedule: office,
      start: '2026-06-13T12:00:00+02:00',
      minutes: 90,
      expected: '2026-06-15T10:30:00+02:00',
    },
    {
      name: 'three full weeks: due at the third Friday closing',
      schedule: office,
      start: '2026-06-15T09:00:00+02:00',
      minutes: 3 * 5 * 480,
      expected: '2026-07-03T17:00:00+02:00',
    },
    {
      name: 'three weeks and a minute: the Monday after',
      schedule: office,
      start: '2026-06-15T09:00:00+02:00',
      minutes: 3 * 5 * 480 + 1,
      expected: '2026-07-06T09:01:00+02:00',
    },
    {
      name: 'a year of minutes: keeps counting business time past the search horizon',
      schedule: office,
      start: '2026-06-15T09:00:00+02:00',
      minutes: 525_600,
      expected: '2030-08-23T17:00:00+02:00',
    },
    {
      name: 'closed Christmas is skipped',
      schedule: holidays,
      start: '2026-12-23T16:00:00+01:00',
      minutes: 60 + 240 + 60,
      expected: '2026-12-28T10:00:00+01:00',
    },
    {
      name: 'Christmas Eve short hours: due within them',
      schedule: holidays,
      start: '2026-12-23T16:00:00+01:00',
      minutes: 120,
      expected: '2026-12-24T10:00:00+01:00',
    },
    {
      name: 'Christmas Eve short hours: spill past closed Christmas to Monday',
      schedule: holidays,
      start: '2026-12-24T12:00:00+01:00',
      minutes: 120,
      expected: '2026-12-28T10:00:00+01:00',
    },
    {
      name: 'Friday day shift spills into the night shift',
      schedule: fridayNightShift,
      start: '2026-06-12T11:00:00+02:00',
      minutes: 120,
      expected: '2026-06-12T23:00:00+02:00',
    },
    {
      name: 'overnight window crosses midnight',
      schedule: fridayNightShift,
      start: '2026-06-12T23:00:00+02:00',
      minutes: 120,
      expected: '2026-06-13T01:00:00+02:00',
    },
    {
      name: 'inside the overnight spill after midnight',
      schedule: fridayNightShift,
      start: '2026-06-13T05:00:00+02:00',
      minutes: 120,
      expected: '2026-06-19T10:00:00+02:00',
    },
    {
      name: 'touching windows 20:00–24:00 then 00:00–02:00 count once',
      schedule: lateSaturday,
      start: '2026-06-13T23:00:00+02:00',
      minutes: 120,
      expected: '2026-06-14T01:00:00+02:00',
    },
    {
      name: 'overlapping spill and Monday hours count once',
      schedule: spillOverlapsMonday,
      start: '2026-06-14T22:00:00+02:00',
      minutes: 600,
      expected: '2026-06-15T08:00:00+02:00',
    },
    {
      name: 'Warsaw spring-forward: 00:00–06:00 is 5 hours, due at its close',
      schedule: warsawEarlySunday,
      start: '2026-03-28T22:00:00Z',
      minutes: 300,
      expected: '2026-03-29T04:00:00Z',
    },
    {
      name: 'Warsaw spring-forward: the sixth hour is the next Sunday',
      schedule: warsawEarlySunday,
      start: '2026-03-28T22:00:00Z',
      minutes: 360,
      expected: '2026-04-04T23:00:00Z',
    },
    {
      name: 'Warsaw spring-forward: a 24:00 day holds 23 hours',
      schedule: warsawWholeSunday,
      start: '2026-03-28T12:00:00Z',
      minutes: 1440,
      expected: '2026-04-04T23:00:00Z',
    },
    {
      name: 'Warsaw fall-back: 00:00–06:00 is 7 hours, due at its close',
      schedule: warsawEarlySunday,
      start: '2026-10-24T21:00:00Z',
      minutes: 420,
      expected: '2026-10-25T05:00:00Z',
    },
    {
      name: 'Warsaw fall-back: 4 hours in lands after the repeated hour',
      schedule: warsawEarlySunday,
      start: '2026-10-24T21:00:00Z',
      minutes: 240,
      expected: '2026-10-25T02:00:00Z',
    },
    {
      name: 'Warsaw fall-back: a 24:00 day holds 25 hours',
      schedule: warsawWholeSunday,
      start: '2026-10-24T12:00:00Z',
      minutes: 1500,
      expected: '2026-10-25T23:00:00Z',
    },
    {
      name: 'Warsaw office weekend across spring-forward',
      schedule: office,
      start: '2026-03-27T16:00:00+01:00',
      minutes: 120,
      expected: '2026-03-30T10:00:00+02:00',
    },
    {
      name: 'New York spring-forward: 00:00–06:00 is 5 hours',
      schedule: newYorkEarlySunday,
      start: '2026-03-08T04:00:00Z',
      minutes: 300,
      expected: '2026-03-08T10:00:00Z',
    },
    {
      name: 'New York fall-back: 00:00–06:00 is 7 hours',
      schedule: newYorkEarlySunday,
      start: '2026-11-01T03:00:00Z',
      minutes: 420,
      expected: '2026-11-01T11:00:00Z',
    },
    {
      name: 'New York office weekend across spring-forward',
      schedule: newYorkOffice,
      start: '2026-03-06T16:00:00-05:00',
      minutes: 120,
      expected: '2026-03-09T10:00:00-04:00',
    },
    {
      name: 'New York office weekend across fall-back',
      schedule: newYorkOffice,
      start: '2026-10-30T16:00:00-04:00',
      minutes: 120,
      expected: '2026-11-02T10:00:00-05:00',
    },
    {
      name: '0 minutes while open: the start itself',
      schedule: office,
      start: '2026-06-15T10:17:00+02:00',
      minutes: 0,
      expected: '2026-06-15T10:17:00+02:00',
    },
    {
      name: '0 minutes while closed: the next opening',
      schedule: office,
      start: '2026-06-13T12:00:00+02:00',
      minutes: 0,
      expected: '2026-06-15T09:00:00+02:00',
    },
    {
      name: '0 minutes at closing time: the next opening',
      schedule: office,
      start: '2026-06-15T17:00:00+02:00',
      minutes: 0,
      expected: '2026-06-16T09:00:00+02:00',
    },
    {
      name: 'never open: calendar time',
      schedule: neverOpen,
      start: '2026-06-13T12:00:00+02:00',
      minutes: 90,
      expected: '2026-06-13T13:30:00+02:00',
    },
    {
      name: 'never open, 0 minutes: the start itself',
      schedule: neverOpen,
      start: '2026-06-13T12:00:00+02:00',
      minutes: 0,
      expected: '2026-06-13T12:00:00+02:00',
    },
    {
      name: 'no opening within the search horizon: calendar time',
      schedule: onlyOneDayBeyondHorizon,
      start: '2026-06-10T12:00:00+02:00',
      minutes: 60,
      expected: '2026-06-10T13:00:00+02:00',
    },
  ])('$name', ({ schedule: subject, start, minutes, expected }) => {
    expect(addBusinessMinutes(subject, at(start), minutes).toISOString()).toBe(at(expected).toISOString());
  });

  it('counts calendar time past the business-time limit, so a tiny schedule with a huge target stays cheap', () => {
    const oneHourAWeek = schedule({ mon: [['09:00', '10:00']] });
    const start = at('2026-06-15T07:00:00Z');
    const minutes = 525_600; // a year of minutes would be 168 years of Monday mornings
    const due = addBusinessMinutes(oneHourAWeek, start, minutes);
    const limit = start.getTime() + BUSINESS_TIME_LIMIT_DAYS * 86_400_000;
    const weeksWalked = Math.floor((BUSINESS_TIME_LIMIT_DAYS - 7) / 7);
    // About five years of Mondays counted as business time, the rest as calendar time after them.
    expect(due.getTime()).toBeLessThanOrEqual(limit + (minutes - weeksWalked * 60) * 60_000);
    expect(due.getTime()).toBeGreaterThan(limit - 7 * 86_400_000);
    expect(businessMinutesBetween(oneHourAWeek, start, due)).toBe(minutes);
  });

  it.each([
    { name: 'negative', minutes: -1 },
    { name: 'NaN', minutes: Number.NaN },
    { name: 'infinite', minutes: Number.POSITIVE_INFINITY },
  ])('rejects $name minutes', ({ minutes }) => {
    expect(() => addBusinessMinutes(office, at('2026-06-15T10:00:00+02:00'), minutes)).toThrow(RangeError);
  });
});

describe('businessMinutesBetween', () => {
  it.each([
    {
      name: 'inside one window',
      schedule: office,
      from: '2026-06-15T10:00:00+02:00',
      to: '2026-06-15T12:00:00+02:00',
      expected: 120,
    },
    {
      name: 'from closed to open',
      schedule: office,
      from: '2026-06-15T07:00:00+02:00',
      to: '2026-06-15T09:45:00+02:00',
      expected: 45,
    },
    {
      name: 'over a weekend',
      schedule: office,
      from: '2026-06-12T16:00:00+02:00',
      to: '2026-06-15T10:00:00+02:00',
      expected: 120,
    },
    {
      name: 'a closed stretch',
      schedule: office,
      from: '2026-06-12T17:00:00+02:00',
      to: '2026-06-15T09:00:00+02:00',
      expected: 0,
    },
    {
      name: 'a whole week',
      schedule: office,
      from: '2026-06-15T00:00:00+02:00',
      to: '2026-06-22T00:00:00+02:00',
      expected: 2400,
    },
    {
      name: 'the end is excluded',
      schedule: office,
      from: '2026-06-15T16:59:00+02:00',
      to: '2026-06-15T17:00:00+02:00',
      expected: 1,
    },
    {
      name: 'to before from',
      schedule: office,
      from: '2026-06-15T12:00:00+02:00',
      to: '2026-06-15T10:00:00+02:00',
      expected: 0,
    },
    {
      name: 'overlapping spill and Monday hours count once',
      schedule: spillOverlapsMonday,
      from: '2026-06-14T20:00:00+02:00',
      to: '2026-06-15T12:00:00+02:00',
      expected: 660,
    },
    {
      name: 'closed Christmas and short Christmas Eve',
      schedule: holidays,
      from: '2026-12-24T00:00:00+01:00',
      to: '2026-12-28T00:00:00+01:00',
      expected: 240,
    },
    {
      name: 'Warsaw spring-forward Sunday 00:00–24:00',
      schedule: warsawWholeSunday,
      from: '2026-03-28T12:00:00Z',
      to: '2026-03-30T00:00:00Z',
      expected: 23 * 60,
    },
    {
      name: 'Warsaw fall-back Sunday 00:00–24:00',
      schedule: warsawWholeSunday,
      from: '2026-10-24T12:00:00Z',
      to: '2026-10-26T12:00:00Z',
      expected: 25 * 60,
    },
    {
      name: 'never open: calendar time',
      schedule: neverOpen,
      from: '2026-06-13T12:00:00Z',
      to: '2026-06-14T12:00:00Z',
      expected: 1440,
    },
    {
      name: 'fractional minutes',
      schedule: office,
      from: '2026-06-15T10:00:00+02:00',
      to: '2026-06-15T10:00:30+02:00',
      expected: 0.5,
    },
  ])('$name', ({ schedule: subject, from, to, expected }) => {
    expect(businessMinutesBetween(subject, at(from), at(to))).toBe(expected);
  });
});

describe('countsCalendarTime', () => {
  it.each([
    { name: 'a schedule with no hours', schedule: neverOpen, expected: true },
    { name: 'office hours', schedule: office, expected: false },
    { name: 'hours only on an exception day', schedule: onlyOneDayBeyondHorizon, expected: false },
  ])('$name: $expected', ({ schedule: subject, expected }) => {
    expect(countsCalendarTime(subject)).toBe(expected);
  });
});

// A small seeded generator, so a failure names a reproducible case.
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('round trip: businessMinutesBetween(start, addBusinessMinutes(start, m)) === m', () => {
  const random = seededRandom(20_261_121);
  const base = at('2026-01-01T00:00:00Z').getTime();
  const subjects = {
    office,
    holidays,
    fridayNightShift,
    spillOverlapsMonday,
    warsawWholeSunday,
    newYorkOffice,
    neverOpen,
  };
  const cases = Object.entries(subjects).flatMap(([name, subject]) =>
    Array.from({ length: 6 }, () => {
      const start = new Date(base + Math.floor(random() * 365 * 24 * 60) * 60_000);
      const minutes = Math.floor(random() * 6000);
      return { name: `${name} from ${start.toISOString()} + ${minutes}`, subject, start, minutes };
    }),
  );

  it.each(cases)('$name', ({ subject, start, minutes }) => {
    const due = addBusinessMinutes(subject, start, minutes);
    expect(businessMinutesBetween(subject, start, due)).toBe(minutes);
    // The last counted minute is open time (unless the schedule counts calendar time).
    if (minutes > 0 && !countsCalendarTime(subject)) expect(isOpenAt(subject, new Date(due.getTime() - 1))).toBe(true);
  });
});
