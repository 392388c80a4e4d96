import { describe, expect, it } from 'vitest';
import { callbackSlots, isValidTimeZone, slotsTimeZone } from '../../../src/callbacks/callback-slots.js';
import type { Schedule } from '../../../src/schedules/schedule.schema.js';
import { OFFICE_HOURS, fridayNightShift, neverOpen, office, schedule } from '../schedules/schedule-fixtures.js';

const WARSAW = 'Europe/Warsaw';
const iso = (d: Date) => d.toISOString();

interface Case {
  readonly name: string;
  readonly schedule: Schedule;
  readonly now: string;
  readonly zone?: string;
  readonly locale?: string;
  readonly count?: number;
  readonly slotMinutes?: number;
  /** [start, end] as instants, and the label when given. */
  readonly expected: ReadonlyArray<readonly [string, string, string?]>;
}

const cases: Case[] = [
  {
    name: 'closed weekend: Monday morning, hour by hour',
    schedule: office,
    now: '2026-11-28T12:00:00+01:00',
    expected: [
      ['2026-11-30T08:00:00.000Z', '2026-11-30T09:00:00.000Z', 'Mon 30 Nov, 09:00–10:00'],
      ['2026-11-30T09:00:00.000Z', '2026-11-30T10:00:00.000Z', 'Mon 30 Nov, 10:00–11:00'],
      ['2026-11-30T10:00:00.000Z', '2026-11-30T11:00:00.000Z', 'Mon 30 Nov, 11:00–12:00'],
      ['2026-11-30T11:00:00.000Z', '2026-11-30T12:00:00.000Z', 'Mon 30 Nov, 12:00–13:00'],
    ],
  },
  {
    name: 'the evening before: tomorrow says so',
    schedule: office,
    now: '2026-11-30T20:00:00+01:00',
    count: 1,
    expected: [['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z', 'Tomorrow, Tue 1 Dec, 09:00–10:00']],
  },
  {
    name: 'open now: the next whole slot at least 15 minutes away',
    schedule: office,
    now: '2026-12-01T10:50:00+01:00',
    count: 2,
    expected: [
      ['2026-12-01T11:00:00.000Z', '2026-12-01T12:00:00.000Z', 'Today, Tue 1 Dec, 12:00–13:00'],
      ['2026-12-01T12:00:00.000Z', '2026-12-01T13:00:00.000Z', 'Today, Tue 1 Dec, 13:00–14:00'],
    ],
  },
  {
    name: 'open around the clock: whole hours from now, across midnight',
    schedule: schedule(
      Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    ),
    now: '2026-12-01T22:50:00+01:00',
    count: 2,
    expected: [
      ['2026-12-01T23:00:00.000Z', '2026-12-02T00:00:00.000Z', 'Tomorrow, Wed 2 Dec, 00:00–01:00'],
      ['2026-12-02T00:00:00.000Z', '2026-12-02T01:00:00.000Z'],
    ],
  },
  {
    name: 'open now with 15 minutes to the next boundary: that one',
    schedule: office,
    now: '2026-12-01T10:45:00+01:00',
    count: 1,
    expected: [['2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z']],
  },
  {
    name: 'open now, too close to closing: the next day',
    schedule: office,
    now: '2026-12-01T16:20:00+01:00',
    count: 2,
    expected: [
      ['2026-12-02T08:00:00.000Z', '2026-12-02T09:00:00.000Z', 'Tomorrow, Wed 2 Dec, 09:00–10:00'],
      ['2026-12-02T09:00:00.000Z', '2026-12-02T10:00:00.000Z'],
    ],
  },
  {
    name: 'a short window: the last slot cut at its end, then the next window',
    schedule: schedule({ mon: [['09:00', '10:30']], tue: [['14:00', '17:00']] }),
    now: '2026-11-29T12:00:00+01:00',
    expected: [
      ['2026-11-30T08:00:00.000Z', '2026-11-30T09:00:00.000Z', 'Tomorrow, Mon 30 Nov, 09:00–10:00'],
      ['2026-11-30T09:00:00.000Z', '2026-11-30T09:30:00.000Z', 'Tomorrow, Mon 30 Nov, 10:00–10:30'],
      ['2026-12-01T13:00:00.000Z', '2026-12-01T14:00:00.000Z', 'Tue 1 Dec, 14:00–15:00'],
      ['2026-12-01T14:00:00.000Z', '2026-12-01T15:00:00.000Z', 'Tue 1 Dec, 15:00–16:00'],
    ],
  },
  {
    name: 'a window shorter than one slot: the slot is the window',
    schedule: schedule({ wed: [['12:00', '12:20']] }),
    now: '2026-12-01T12:00:00+01:00',
    count: 2,
    expected: [
      ['2026-12-02T11:00:00.000Z', '2026-12-02T11:20:00.000Z', 'Tomorrow, Wed 2 Dec, 12:00–12:20'],
      ['2026-12-09T11:00:00.000Z', '2026-12-09T11:20:00.000Z', 'Wed 9 Dec, 12:00–12:20'],
    ],
  },
  {
    name: 'a customer in New York sees the Warsaw hours in their own time',
    schedule: office,
    now: '2026-11-30T20:00:00+01:00',
    zone: 'America/New_York',
    count: 1,
    expected: [['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z', 'Tomorrow, Tue 1 Dec, 03:00–04:00']],
  },
  {
    name: 'a customer in Tokyo: the same slot is already "today" there',
    schedule: office,
    now: '2026-11-30T20:00:00+01:00',
    zone: 'Asia/Tokyo',
    count: 1,
    expected: [['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z', 'Today, Tue 1 Dec, 17:00–18:00']],
  },
  {
    name: 'Polish labels',
    schedule: office,
    now: '2026-11-30T20:00:00+01:00',
    locale: 'pl',
    count: 1,
    expected: [['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z', 'Jutro, wt. 1 gru, 09:00–10:00']],
  },
  {
    name: 'Russian labels',
    schedule: office,
    now: '2026-11-28T12:00:00+01:00',
    locale: 'ru',
    count: 1,
    expected: [['2026-11-30T08:00:00.000Z', '2026-11-30T09:00:00.000Z', 'пн 30 нояб., 09:00–10:00']],
  },
  {
    name: 'spring forward (Warsaw, 28 March 2027): Monday 09:00 is 07:00 UTC',
    schedule: office,
    now: '2027-03-26T18:00:00+01:00',
    count: 1,
    expected: [['2027-03-29T07:00:00.000Z', '2027-03-29T08:00:00.000Z', 'Mon 29 Mar, 09:00–10:00']],
  },
  {
    name: 'spring forward inside a window: an hour of slots goes missing, none is longer',
    schedule: schedule({ sun: [['01:00', '05:00']] }),
    now: '2027-03-27T12:00:00+01:00',
    expected: [
      ['2027-03-28T00:00:00.000Z', '2027-03-28T01:00:00.000Z', 'Tomorrow, Sun 28 Mar, 01:00–03:00'],
      ['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z', 'Tomorrow, Sun 28 Mar, 03:00–04:00'],
      ['2027-03-28T02:00:00.000Z', '2027-03-28T03:00:00.000Z', 'Tomorrow, Sun 28 Mar, 04:00–05:00'],
      ['2027-04-03T23:00:00.000Z', '2027-04-04T00:00:00.000Z', 'Sun 4 Apr, 01:00–02:00'],
    ],
  },
  {
    name: 'fall back (Warsaw, 25 October 2026) inside an overnight window: nine real hours',
    schedule: schedule({ sat: [['22:00', '06:00']] }),
    now: '2026-10-24T18:00:00+02:00',
    count: 10,
    expected: [
      ['2026-10-24T20:00:00.000Z', '2026-10-24T21:00:00.000Z', 'Today, Sat 24 Oct, 22:00–23:00'],
      ['2026-10-24T21:00:00.000Z', '2026-10-24T22:00:00.000Z'],
      ['2026-10-24T22:00:00.000Z', '2026-10-24T23:00:00.000Z'],
      ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z'],
      ['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z'],
      ['2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z'],
      ['2026-10-25T02:00:00.000Z', '2026-10-25T03:00:00.000Z'],
      ['2026-10-25T03:00:00.000Z', '2026-10-25T04:00:00.000Z'],
      ['2026-10-25T04:00:00.000Z', '2026-10-25T05:00:00.000Z', 'Tomorrow, Sun 25 Oct, 05:00–06:00'],
      ['2026-10-31T21:00:00.000Z', '2026-10-31T22:00:00.000Z', 'Sat 31 Oct, 22:00–23:00'],
    ],
  },
  {
    name: 'overnight shift, open now: the slots run past midnight',
    schedule: fridayNightShift,
    now: '2026-12-04T23:10:00+01:00',
    count: 3,
    expected: [
      ['2026-12-04T23:00:00.000Z', '2026-12-05T00:00:00.000Z', 'Tomorrow, Sat 5 Dec, 00:00–01:00'],
      ['2026-12-05T00:00:00.000Z', '2026-12-05T01:00:00.000Z'],
      ['2026-12-05T01:00:00.000Z', '2026-12-05T02:00:00.000Z'],
    ],
  },
  {
    name: 'windows that touch at midnight are one period, then next week',
    schedule: schedule({ sat: [['20:00', '24:00']], sun: [['00:00', '02:00']] }),
    now: '2026-12-05T23:30:00+01:00',
    expected: [
      ['2026-12-05T23:00:00.000Z', '2026-12-06T00:00:00.000Z'],
      ['2026-12-06T00:00:00.000Z', '2026-12-06T01:00:00.000Z'],
      ['2026-12-12T19:00:00.000Z', '2026-12-12T20:00:00.000Z'],
      ['2026-12-12T20:00:00.000Z', '2026-12-12T21:00:00.000Z'],
    ],
  },
  {
    name: 'a closed holiday is skipped',
    schedule: schedule(OFFICE_HOURS, [{ date: '2026-12-25', closed: true }]),
    now: '2026-12-24T18:00:00+01:00',
    count: 1,
    expected: [['2026-12-28T08:00:00.000Z', '2026-12-28T09:00:00.000Z', 'Mon 28 Dec, 09:00–10:00']],
  },
  {
    name: 'half-hour slots',
    schedule: office,
    now: '2026-12-01T10:50:00+01:00',
    count: 2,
    slotMinutes: 30,
    expected: [
      ['2026-12-01T10:30:00.000Z', '2026-12-01T11:00:00.000Z', 'Today, Tue 1 Dec, 11:30–12:00'],
      ['2026-12-01T11:00:00.000Z', '2026-12-01T11:30:00.000Z'],
    ],
  },
  { name: 'no opening hours at all: none', schedule: neverOpen, now: '2026-12-01T10:00:00+01:00', expected: [] },
  { name: 'an empty week: none', schedule: schedule({}), now: '2026-12-01T10:00:00+01:00', expected: [] },
  { name: 'count 0: none', schedule: office, now: '2026-12-01T10:00:00+01:00', count: 0, expected: [] },
];

describe('callbackSlots', () => {
  it.each(cases)('$name', (c) => {
    const slots = callbackSlots(
      c.schedule,
      new Date(c.now),
      c.zone ?? WARSAW,
      c.locale ?? 'en',
      c.count,
      c.slotMinutes,
    );
    expect(slots.map((s) => [iso(s.start), iso(s.end)])).toEqual(c.expected.map(([start, end]) => [start, end]));
    c.expected.forEach(([, , label], i) => {
      if (label !== undefined) expect(slots[i]!.label).toBe(label);
    });
  });

  it('defaults to four one-hour slots', () => {
    const slots = callbackSlots(office, new Date('2026-11-28T12:00:00+01:00'), WARSAW, 'en');
    expect(slots).toHaveLength(4);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 3_600_000)).toBe(true);
  });
});

describe('slotsTimeZone', () => {
  it.each([
    {
      name: 'a valid zone the customer gave',
      asked: 'America/Chicago',
      customer: '+48601234567',
      expected: { timeZone: 'America/Chicago', source: 'asked' },
    },
    {
      name: 'an invalid zone: the number decides',
      asked: 'Mars/Olympus',
      customer: '+48601234567',
      expected: { timeZone: 'Europe/Warsaw', source: 'number' },
    },
    {
      name: 'nothing asked, a one-zone country',
      asked: null,
      customer: '+442071234567',
      expected: { timeZone: 'Europe/London', source: 'number' },
    },
    {
      name: 'the number names the team zone: still known',
      asked: null,
      customer: '+48601234567',
      expected: { timeZone: 'Europe/Warsaw', source: 'number' },
    },
    {
      name: 'a country with many zones: the team zone',
      asked: null,
      customer: '+12125550123',
      expected: { timeZone: 'Europe/Warsaw', source: 'team' },
    },
    {
      name: 'not a number at all: the team zone',
      asked: '',
      customer: 'web:abc',
      expected: { timeZone: 'Europe/Warsaw', source: 'team' },
    },
  ])('$name', ({ asked, customer, expected }) => {
    expect(slotsTimeZone(customer, WARSAW, asked)).toEqual(expected);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Warsaw', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Europe/Nowhere', false],
    ['', false],
    ['  ', false],
    ['+02:00', false],
  ])('%s → %s', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
});
