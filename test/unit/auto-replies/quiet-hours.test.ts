import { describe, expect, it } from 'vitest';
import { customerTimeZone } from '../../../src/auto-replies/customer-time-zone.js';
import { quietHoursEnd } from '../../../src/auto-replies/quiet-hours.js';

const NIGHT = { enabled: true, start: '21:00', end: '08:00' };

describe('quietHoursEnd', () => {
  it.each<[string, string, string, typeof NIGHT, string | null]>([
    ['20:59 in Warsaw: not yet', '2026-11-21T19:59:00Z', 'Europe/Warsaw', NIGHT, null],
    [
      '21:00 in Warsaw: quiet until 08:00 tomorrow',
      '2026-11-21T20:00:00Z',
      'Europe/Warsaw',
      NIGHT,
      '2026-11-22T07:00:00Z',
    ],
    [
      '03:00 in Warsaw: quiet until 08:00 today',
      '2026-11-22T02:00:00Z',
      'Europe/Warsaw',
      NIGHT,
      '2026-11-22T07:00:00Z',
    ],
    ['08:00 in Warsaw: over', '2026-11-22T07:00:00Z', 'Europe/Warsaw', NIGHT, null],
    [
      '22:00 in New York before the clocks go back: 08:00 is EST',
      '2026-11-01T02:00:00Z',
      'America/New_York',
      NIGHT,
      '2026-11-01T13:00:00Z',
    ],
    [
      'a daytime span (12:00-14:00), 13:00',
      '2026-11-21T12:00:00Z',
      'Europe/Warsaw',
      { enabled: true, start: '12:00', end: '14:00' },
      '2026-11-21T13:00:00Z',
    ],
    [
      'a daytime span (12:00-14:00), 15:00',
      '2026-11-21T14:00:00Z',
      'Europe/Warsaw',
      { enabled: true, start: '12:00', end: '14:00' },
      null,
    ],
    ['start equal to end: none', '2026-11-21T22:00:00Z', 'Europe/Warsaw', { ...NIGHT, end: '21:00' }, null],
    ['switched off', '2026-11-21T22:00:00Z', 'Europe/Warsaw', { ...NIGHT, enabled: false }, null],
  ])('%s', (_name, now, zone, quiet, end) => {
    expect(quietHoursEnd(new Date(now), zone, quiet)).toEqual(end ? new Date(end) : null);
  });
});

describe('customerTimeZone', () => {
  it.each<[string, string, string]>([
    ['a Polish number: Warsaw', '+48221234567', 'Europe/Warsaw'],
    ['a UK number: London', '+442071234567', 'Europe/London'],
    ['a Japanese number: Tokyo', '+81312345678', 'Asia/Tokyo'],
    ['a US number (many zones): the team zone', '+12125550123', 'Europe/Berlin'],
    ['a Russian number (many zones): the team zone', '+74951234567', 'Europe/Berlin'],
    ['not a number: the team zone', 'whatsapp-id', 'Europe/Berlin'],
  ])('%s', (_name, number, zone) => {
    expect(customerTimeZone(number, 'Europe/Berlin')).toBe(zone);
  });
});
