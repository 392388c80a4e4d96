import { describe, expect, it } from 'vitest';
import { formatBusinessHours, formatNextOpening } from '../../../src/schedules/schedule-text.js';
import { OFFICE_HOURS, at, fridayNightShift, neverOpen, office, schedule } from './schedule-fixtures.js';

const mondayMorning = '2026-12-21T08:00:00+01:00';
const sundayMorning = '2026-12-20T08:00:00+01:00';

describe('formatNextOpening', () => {
  it.each([
    { locale: 'en', now: mondayMorning, opening: '2026-12-21T09:00:00+01:00', text: 'today at 9:00 AM' },
    { locale: 'en', now: mondayMorning, opening: '2026-12-22T09:00:00+01:00', text: 'tomorrow at 9:00 AM' },
    { locale: 'en', now: mondayMorning, opening: '2026-12-24T17:30:00+01:00', text: 'Thursday at 5:30 PM' },
    { locale: 'en', now: mondayMorning, opening: '2026-12-27T09:00:00+01:00', text: 'Sunday at 9:00 AM' },
    { locale: 'en', now: mondayMorning, opening: '2026-12-28T09:00:00+01:00', text: 'Dec 28 at 9:00 AM' },
    { locale: 'en', now: '2026-12-30T12:00:00+01:00', opening: '2027-01-04T09:00:00+01:00', text: 'Monday at 9:00 AM' },
    { locale: 'pl', now: mondayMorning, opening: '2026-12-21T09:00:00+01:00', text: 'dzisiaj o 9:00' },
    { locale: 'pl', now: mondayMorning, opening: '2026-12-22T09:00:00+01:00', text: 'jutro o 9:00' },
    { locale: 'pl', now: sundayMorning, opening: '2026-12-22T09:00:00+01:00', text: 'we wtorek o 9:00' },
    { locale: 'pl', now: mondayMorning, opening: '2026-12-23T09:00:00+01:00', text: 'w środę o 9:00' },
    { locale: 'pl', now: mondayMorning, opening: '2026-12-24T17:30:00+01:00', text: 'w czwartek o 17:30' },
    { locale: 'pl', now: mondayMorning, opening: '2026-12-27T09:00:00+01:00', text: 'w niedzielę o 9:00' },
    { locale: 'pl', now: mondayMorning, opening: '2026-12-28T09:00:00+01:00', text: '28 gru o 9:00' },
    {
      locale: 'pl-PL',
      now: '2026-12-24T08:00:00+01:00',
      opening: '2026-12-28T09:00:00+01:00',
      text: 'w poniedziałek o 9:00',
    },
    { locale: 'ru', now: mondayMorning, opening: '2026-12-21T09:00:00+01:00', text: 'сегодня в 9:00' },
    { locale: 'ru', now: mondayMorning, opening: '2026-12-22T09:00:00+01:00', text: 'завтра в 9:00' },
    { locale: 'ru', now: sundayMorning, opening: '2026-12-22T09:00:00+01:00', text: 'во вторник в 9:00' },
    { locale: 'ru', now: mondayMorning, opening: '2026-12-23T09:00:00+01:00', text: 'в среду в 9:00' },
    {
      locale: 'ru',
      now: '2026-12-24T08:00:00+01:00',
      opening: '2026-12-28T09:00:00+01:00',
      text: 'в понедельник в 9:00',
    },
    { locale: 'ru', now: mondayMorning, opening: '2026-12-28T09:00:00+01:00', text: '28 дек. в 9:00' },
    { locale: 'de', now: mondayMorning, opening: '2026-12-24T17:30:00+01:00', text: 'Donnerstag at 17:30' },
    { locale: 'xx', now: mondayMorning, opening: '2026-12-22T09:00:00+01:00', text: 'tomorrow at 9:00 AM' },
    { locale: 'not a locale!', now: mondayMorning, opening: '2026-12-28T09:00:00+01:00', text: 'Dec 28 at 9:00 AM' },
  ])('$locale: $opening seen at $now → "$text"', ({ locale, now, opening, text }) => {
    expect(formatNextOpening(at(opening), office, locale, at(now))).toBe(text);
  });

  it.each([
    // 23:30 in New York is already the next day in UTC; "tomorrow" must be judged in the team's zone.
    {
      zone: 'America/New_York',
      now: '2026-12-21T23:30:00-05:00',
      opening: '2026-12-22T09:00:00-05:00',
      text: 'tomorrow at 9:00 AM',
    },
    {
      zone: 'Europe/Warsaw',
      now: '2026-12-21T00:30:00+01:00',
      opening: '2026-12-21T09:00:00+01:00',
      text: 'today at 9:00 AM',
    },
    {
      zone: 'Europe/Warsaw',
      now: '2026-03-28T20:00:00+01:00',
      opening: '2026-03-29T03:00:00+02:00',
      text: 'tomorrow at 3:00 AM',
    },
  ])('judges days in the schedule zone ($zone, $now)', ({ zone, now, opening, text }) => {
    expect(formatNextOpening(at(opening), schedule(OFFICE_HOURS, [], zone), 'en', at(now))).toBe(text);
  });

  it('uses plain spaces, never the narrow no-break space Intl puts before AM/PM', () => {
    expect(formatNextOpening(at('2026-12-21T09:00:00+01:00'), office, 'en', at(mondayMorning))).not.toMatch(
      /[\u00a0\u202f]/,
    );
  });
});

describe('formatBusinessHours', () => {
  const splitWeekdaysAndSaturday = schedule({
    mon: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    tue: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    wed: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    thu: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    fri: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    sat: [['10:00', '14:00']],
  });
  const shortFriday = schedule({ ...OFFICE_HOURS, fri: [['09:00', '15:00']] });
  const mondayAndWednesday = schedule({ mon: [['09:00', '17:00']], wed: [['09:00', '17:00']] });
  const weekendUntilMidnight = schedule({ sat: [['20:00', '24:00']], sun: [['20:00', '24:00']] });
  const officeWithHolidays = schedule(OFFICE_HOURS, [{ date: '2026-12-25', closed: true }]);

  it.each([
    { name: 'office hours', schedule: office, locale: 'en', text: 'Mon–Fri 9:00 AM–5:00 PM' },
    { name: 'office hours', schedule: office, locale: 'pl', text: 'pon.–pt. 9:00–17:00' },
    { name: 'office hours', schedule: office, locale: 'ru', text: 'пн–пт 9:00–17:00' },
    { name: 'office hours', schedule: office, locale: 'de', text: 'Mo–Fr 9:00–17:00' },
    { name: 'office hours', schedule: office, locale: 'xx', text: 'Mon–Fri 9:00 AM–5:00 PM' },
    {
      name: 'exceptions are not described',
      schedule: officeWithHolidays,
      locale: 'en',
      text: 'Mon–Fri 9:00 AM–5:00 PM',
    },
    {
      name: 'split days and a Saturday',
      schedule: splitWeekdaysAndSaturday,
      locale: 'en',
      text: 'Mon–Fri 8:00 AM–12:00 PM, 1:00 PM–5:00 PM; Sat 10:00 AM–2:00 PM',
    },
    {
      name: 'split days and a Saturday',
      schedule: splitWeekdaysAndSaturday,
      locale: 'pl',
      text: 'pon.–pt. 8:00–12:00, 13:00–17:00; sob. 10:00–14:00',
    },
    {
      name: 'a shorter Friday',
      schedule: shortFriday,
      locale: 'en',
      text: 'Mon–Thu 9:00 AM–5:00 PM; Fri 9:00 AM–3:00 PM',
    },
    {
      name: 'identical days that are not consecutive',
      schedule: mondayAndWednesday,
      locale: 'en',
      text: 'Mon 9:00 AM–5:00 PM; Wed 9:00 AM–5:00 PM',
    },
    {
      name: 'an overnight window',
      schedule: fridayNightShift,
      locale: 'en',
      text: 'Fri 9:00 AM–12:00 PM, 10:00 PM–6:00 AM',
    },
    { name: '24:00 ends', schedule: weekendUntilMidnight, locale: 'en', text: 'Sat–Sun 8:00 PM–12:00 AM' },
    { name: '24:00 ends', schedule: weekendUntilMidnight, locale: 'ru', text: 'сб–вс 20:00–0:00' },
    { name: 'a never-open schedule', schedule: neverOpen, locale: 'en', text: '' },
  ])('$name ($locale) → "$text"', ({ schedule: subject, locale, text }) => {
    expect(formatBusinessHours(subject, locale)).toBe(text);
  });
});
