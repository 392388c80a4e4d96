import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../channels/twilio/retry-after.js';

const NOW = new Date('2026-11-21T14:32:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Sat, 21 Nov 2026 14:32:05 GMT', 5000],
    ['Sat, 21 Nov 2026 14:31:00 GMT', 0], // already past
    [undefined, null],
    ['', null],
    ['soon', null],
    ['-1', null],
    ['1.5', null],
    [['3'], null],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});
