import { describe, expect, it } from 'vitest';
import { isOpenAt } from '../../../src/schedules/is-open.js';
import { currentWindowEnd, nextOpening } from '../../../src/schedules/next-opening.js';
import { OFFICE_HOURS, at, fridayNightShift, neverOpen, office, schedule } from './schedule-fixtures.js';

const holidays = schedule(OFFICE_HOURS, [
  { date: '2026-12-24', hours: [['09:00', '13:00']] },
  { date: '2026-12-25', closed: true },
  { date: '2026-12-27', hours: [['10:00', '12:00']] },
]);
const nightShiftFridayClosed = schedule(fridayNightShift.weekly, [{ date: '2026-06-12', closed: true }]);
const lateSaturday = schedule({ sat: [['20:00', '24:00']], sun: [['00:00', '02:00']] });
const warsawStartsInGap = schedule({ sun: [['02:30', '05:00']] });
const warsawStartsInRepeatedHour = schedule({ sun: [['02:30', '04:00']] });
const warsawEarlyHours = schedule({ sun: [['01:00', '03:00']] });
const newYorkOffice = schedule(OFFICE_HOURS, [], 'America/New_York');
const newYorkStartsInGap = schedule({ sun: [['02:30', '05:00']] }, [], 'America/New_York');
const newYorkStartsInRepeatedHour = schedule({ sun: [['01:30', '03:00']] }, [], 'America/New_York');
const newYorkLongSunday = schedule({ sun: [['00:00', '03:00']] }, [], 'America/New_York');
const onlyOneDayNextSpring = schedule({}, [{ date: '2027-04-01', hours: [['10:00', '11:00']] }]);
const onlyOneDayBeyondHorizon = schedule({}, [{ date: '2027-08-01', hours: [['10:00', '11:00']] }]);
const weeklyMissing = schedule({});

describe('nextOpening', () => {
  it.each([
    {
      name: 'open now: the instant itself',
      schedule: office,
      instant: '2026-12-21T10:00:00+01:00',
      expected: '2026-12-21T10:00:00+01:00',
    },
    {
      name: 'early Monday: Monday opening',
      schedule: office,
      instant: '2026-12-21T07:00:00+01:00',
      expected: '2026-12-21T09:00:00+01:00',
    },
    {
      name: 'Monday at closing time: Tuesday',
      schedule: office,
      instant: '2026-12-21T17:00:00+01:00',
      expected: '2026-12-22T09:00:00+01:00',
    },
    {
      name: 'Friday evening: skips the weekend',
      schedule: office,
      instant: '2026-06-12T18:00:00+02:00',
      expected: '2026-06-15T09:00:00+02:00',
    },
    {
      name: 'Saturday: Monday',
      schedule: office,
      instant: '2026-06-13T12:00:00+02:00',
      expected: '2026-06-15T09:00:00+02:00',
    },
    {
      name: 'before Christmas Eve: its special hours',
      schedule: holidays,
      instant: '2026-12-23T18:00:00+01:00',
      expected: '2026-12-24T09:00:00+01:00',
    },
    {
      name: 'Christmas Eve afternoon: the Sunday exception, skipping closed Christmas',
      schedule: holidays,
      instant: '2026-12-24T14:00:00+01:00',
      expected: '2026-12-27T10:00:00+01:00',
    },
    {
      name: 'after the Sunday exception: Monday',
      schedule: holidays,
      instant: '2026-12-27T12:00:00+01:00',
      expected: '2026-12-28T09:00:00+01:00',
    },
    {
      name: 'Friday lunch: the Friday night shift',
      schedule: fridayNightShift,
      instant: '2026-06-12T13:00:00+02:00',
      expected: '2026-06-12T22:00:00+02:00',
    },
    {
      name: 'Saturday 03:00 in the overnight spill: the instant itself',
      schedule: fridayNightShift,
      instant: '2026-06-13T03:00:00+02:00',
      expected: '2026-06-13T03:00:00+02:00',
    },
    {
      name: 'Saturday 06:00 after the spill: next Friday',
      schedule: fridayNightShift,
      instant: '2026-06-13T06:00:00+02:00',
      expected: '2026-06-19T09:00:00+02:00',
    },
    {
      name: 'Friday closed by an exception: the Friday after',
      schedule: nightShiftFridayClosed,
      instant: '2026-06-11T12:00:00+02:00',
      expected: '2026-06-19T09:00:00+02:00',
    },
    {
      name: 'Saturday noon: the 20:00–24:00 window',
      schedule: lateSaturday,
      instant: '2026-06-13T12:00:00+02:00',
      expected: '2026-06-13T20:00:00+02:00',
    },
    {
      name: 'Warsaw spring-forward: 02:30 start opens at 03:00 CEST',
      schedule: warsawStartsInGap,
      instant: '2026-03-28T23:00:00+01:00',
      expected: '2026-03-29T03:00:00+02:00',
    },
    {
      name: 'Warsaw weekend across spring-forward: Monday 09:00 CEST',
      schedule: office,
      instant: '2026-03-27T18:00:00+01:00',
      expected: '2026-03-30T09:00:00+02:00',
    },
    {
      name: 'Warsaw fall-back: 02:30 start at its first occurrence',
      schedule: warsawStartsInRepeatedHour,
      instant: '2026-10-25T00:00:00Z',
      expected: '2026-10-25T02:30:00+02:00',
    },
    {
      name: 'Warsaw fall-back: 01:00 start, an hour before the change',
      schedule: warsawEarlyHours,
      instant: '2026-10-24T20:00:00Z',
      expected: '2026-10-25T01:00:00+02:00',
    },
    {
      name: 'Warsaw weekend across fall-back: Monday 09:00 CET',
      schedule: office,
      instant: '2026-10-23T18:00:00+02:00',
      expected: '2026-10-26T09:00:00+01:00',
    },
    {
      name: 'New York spring-forward: 02:30 start opens at 03:00 EDT',
      schedule: newYorkStartsInGap,
      instant: '2026-03-08T00:00:00-05:00',
      expected: '2026-03-08T03:00:00-04:00',
    },
    {
      name: 'New York weekend across spring-forward: Monday 09:00 EDT',
      schedule: newYorkOffice,
      instant: '2026-03-06T18:00:00-05:00',
      expected: '2026-03-09T09:00:00-04:00',
    },
    {
      name: 'New York fall-back: 01:30 start at its first occurrence (EDT)',
      schedule: newYorkStartsInRepeatedHour,
      instant: '2026-11-01T00:00:00-04:00',
      expected: '2026-11-01T01:30:00-04:00',
    },
    {
      name: 'New York weekend across fall-back: Monday 09:00 EST',
      schedule: newYorkOffice,
      instant: '2026-10-30T18:00:00-04:00',
      expected: '2026-11-02T09:00:00-05:00',
    },
    {
      name: 'an exception about ten months ahead',
      schedule: onlyOneDayNextSpring,
      instant: '2026-06-10T12:00:00+02:00',
      expected: '2027-04-01T10:00:00+02:00',
    },
  ])('$name', ({ schedule: subject, instant, expected }) => {
    expect(nextOpening(subject, at(instant))?.toISOString()).toBe(at(expected).toISOString());
  });

  it.each([
    { name: 'every day empty', schedule: neverOpen },
    { name: 'every day missing', schedule: weeklyMissing },
    { name: 'the only open day is more than 366 days ahead', schedule: onlyOneDayBeyondHorizon },
  ])('is null when $name', ({ schedule: subject }) => {
    expect(nextOpening(subject, at('2026-06-10T12:00:00+02:00'))).toBeNull();
  });

  it.each([
    { name: 'Warsaw spring-forward', schedule: warsawStartsInGap, instant: '2026-03-28T12:00:00Z' },
    { name: 'Warsaw fall-back', schedule: warsawStartsInRepeatedHour, instant: '2026-10-24T12:00:00Z' },
    { name: 'New York spring-forward', schedule: newYorkStartsInGap, instant: '2026-03-07T12:00:00Z' },
    { name: 'New York fall-back', schedule: newYorkStartsInRepeatedHour, instant: '2026-10-31T12:00:00Z' },
    { name: 'overnight windows', schedule: fridayNightShift, instant: '2026-06-13T12:00:00Z' },
    { name: 'exceptions', schedule: holidays, instant: '2026-12-24T14:00:00Z' },
  ])(
    'returns an instant that is open while the millisecond before is closed ($name)',
    ({ schedule: subject, instant }) => {
      const opening = nextOpening(subject, at(instant));
      expect(opening).not.toBeNull();
      const openingMs = opening?.getTime() ?? Number.NaN;
      expect(isOpenAt(subject, new Date(openingMs))).toBe(true);
      expect(isOpenAt(subject, new Date(openingMs - 1))).toBe(false);
    },
  );
});

describe('currentWindowEnd', () => {
  const touchingIntervals = schedule({
    mon: [
      ['08:00', '12:00'],
      ['12:00', '17:00'],
    ],
  });
  const spillOverlapsMonday = schedule({ sun: [['22:00', '06:00']], mon: [['05:00', '09:00']] });

  it.each([
    {
      name: 'Monday morning: 17:00',
      schedule: office,
      instant: '2026-12-21T10:00:00+01:00',
      expected: '2026-12-21T17:00:00+01:00',
    },
    { name: 'Monday at closing: closed', schedule: office, instant: '2026-12-21T17:00:00+01:00', expected: null },
    { name: 'Saturday: closed', schedule: office, instant: '2026-06-13T12:00:00+02:00', expected: null },
    { name: 'never open: closed', schedule: neverOpen, instant: '2026-06-10T12:00:00+02:00', expected: null },
    {
      name: 'Friday day shift: 12:00',
      schedule: fridayNightShift,
      instant: '2026-06-12T10:00:00+02:00',
      expected: '2026-06-12T12:00:00+02:00',
    },
    {
      name: 'Friday night shift: Saturday 06:00',
      schedule: fridayNightShift,
      instant: '2026-06-12T23:00:00+02:00',
      expected: '2026-06-13T06:00:00+02:00',
    },
    {
      name: 'overnight spill: Saturday 06:00',
      schedule: fridayNightShift,
      instant: '2026-06-13T03:00:00+02:00',
      expected: '2026-06-13T06:00:00+02:00',
    },
    {
      name: 'Christmas Eve special hours: 13:00',
      schedule: holidays,
      instant: '2026-12-24T10:00:00+01:00',
      expected: '2026-12-24T13:00:00+01:00',
    },
    {
      name: 'touching intervals count as one: 17:00',
      schedule: touchingIntervals,
      instant: '2026-06-15T10:00:00+02:00',
      expected: '2026-06-15T17:00:00+02:00',
    },
    {
      name: '24:00 followed by 00:00 counts as one: Sunday 02:00',
      schedule: lateSaturday,
      instant: '2026-06-13T21:00:00+02:00',
      expected: '2026-06-14T02:00:00+02:00',
    },
    {
      name: 'spill overlapping the next day: Monday 09:00',
      schedule: spillOverlapsMonday,
      instant: '2026-06-14T23:00:00+02:00',
      expected: '2026-06-15T09:00:00+02:00',
    },
    {
      name: 'Warsaw spring-forward: 05:00 CEST',
      schedule: warsawStartsInGap,
      instant: '2026-03-29T01:30:00Z',
      expected: '2026-03-29T05:00:00+02:00',
    },
    {
      name: 'Warsaw fall-back: 03:00 CET',
      schedule: warsawEarlyHours,
      instant: '2026-10-24T23:30:00Z',
      expected: '2026-10-25T03:00:00+01:00',
    },
    {
      name: 'New York fall-back: 03:00 EST',
      schedule: newYorkLongSunday,
      instant: '2026-11-01T05:00:00Z',
      expected: '2026-11-01T03:00:00-05:00',
    },
  ])('$name', ({ schedule: subject, instant, expected }) => {
    const end = currentWindowEnd(subject, at(instant));
    expect(end?.toISOString() ?? null).toBe(expected === null ? null : at(expected).toISOString());
  });

  it('for a schedule that never closes, reaches at least a year ahead', () => {
    const allDay: [string, string][] = [['00:00', '24:00']];
    const alwaysOpen = schedule({
      mon: allDay,
      tue: allDay,
      wed: allDay,
      thu: allDay,
      fri: allDay,
      sat: allDay,
      sun: allDay,
    });
    const instant = at('2026-06-10T12:00:00Z');
    const end = currentWindowEnd(alwaysOpen, instant);
    expect(end).not.toBeNull();
    expect((end?.getTime() ?? 0) - instant.getTime()).toBeGreaterThan(365 * 24 * 60 * 60 * 1000);
  });
});
