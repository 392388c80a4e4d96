import { describe, expect, it } from 'vitest';
import { medianBusinessMinutes, MIN_RESPONSE_SAMPLES } from '../../../src/auto-replies/average-response-time.js';
import { at, neverOpen, office } from '../schedules/schedule-fixtures.js';

// Europe/Warsaw office hours, Mon–Fri 09:00–17:00 (UTC+1 in December). Monday 2026-11-30.
const response = (opened: string, responded: string) => ({ openedAt: at(opened), respondedAt: at(responded) });
const IN_HOURS_10 = response('2026-11-30T09:00:00Z', '2026-11-30T09:10:00Z');
const IN_HOURS_20 = response('2026-11-30T10:00:00Z', '2026-11-30T10:20:00Z');
const IN_HOURS_30 = response('2026-11-30T11:00:00Z', '2026-11-30T11:30:00Z');
// Opened Monday 16:50 local, answered Tuesday 09:10 local: 10 minutes before closing, 10 after opening.
const OVERNIGHT_20 = response('2026-11-30T15:50:00Z', '2026-12-01T08:10:00Z');
// Opened Saturday, answered Monday 09:05 local: the weekend does not count.
const WEEKEND_5 = response('2026-11-28T10:00:00Z', '2026-11-30T08:05:00Z');
const SLOW_240 = response('2026-12-01T08:00:00Z', '2026-12-01T12:00:00Z');

describe('medianBusinessMinutes', () => {
  it.each([
    ['too few responses', [IN_HOURS_10, IN_HOURS_20, IN_HOURS_30, SLOW_240], null],
    ['an odd count: the middle one', [SLOW_240, IN_HOURS_10, IN_HOURS_30, IN_HOURS_20, WEEKEND_5], 20],
    ['closed hours do not count (night, weekend)', [OVERNIGHT_20, OVERNIGHT_20, WEEKEND_5, WEEKEND_5, WEEKEND_5], 5],
    [
      'an overnight answer counts only open minutes',
      [OVERNIGHT_20, OVERNIGHT_20, OVERNIGHT_20, SLOW_240, SLOW_240],
      20,
    ],
    [
      'an even count: the mean of the middle two',
      [IN_HOURS_10, IN_HOURS_20, IN_HOURS_30, SLOW_240, WEEKEND_5, SLOW_240],
      25,
    ],
  ])('%s', (_case, responses, median) => {
    expect(medianBusinessMinutes(office, responses)).toBe(median);
  });

  it('counts calendar time for a team without hours', () => {
    const five = Array.from({ length: MIN_RESPONSE_SAMPLES }, () => WEEKEND_5);
    expect(medianBusinessMinutes(neverOpen, five)).toBe(2 * 24 * 60 - 10 * 60 + 8 * 60 + 5);
  });
});
