import { describe, expect, it } from 'vitest';
import { responseTimeInWords, roundedDuration } from '../../../src/auto-replies/response-time-words.js';

describe('roundedDuration', () => {
  it.each([
    [0, 1, 'minute'],
    [0.4, 1, 'minute'],
    [1.4, 1, 'minute'],
    [2, 2, 'minute'],
    [9.4, 9, 'minute'],
    [9.6, 10, 'minute'],
    [12, 10, 'minute'],
    [13, 15, 'minute'],
    [21.5, 20, 'minute'],
    [57, 55, 'minute'],
    [57.5, 1, 'hour'],
    [89, 1, 'hour'],
    [90, 2, 'hour'],
    [150, 3, 'hour'],
    [24 * 60, 24, 'hour'],
  ] as const)('%s minutes → %s %s', (minutes, count, unit) => {
    expect(roundedDuration(minutes)).toEqual({ count, unit });
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (minutes) => {
    expect(() => roundedDuration(minutes)).toThrow(RangeError);
  });
});

describe('responseTimeInWords', () => {
  it.each([
    ['en', 1, 'about 1 minute'],
    ['en', 20, 'about 20 minutes'],
    ['en', 60, 'about 1 hour'],
    ['en', 180, 'about 3 hours'],
    ['pl', 1, 'około 1 minuty'],
    ['pl', 2, 'około 2 minut'],
    ['pl', 5, 'około 5 minut'],
    ['pl', 20, 'około 20 minut'],
    ['pl', 60, 'około 1 godziny'],
    ['pl', 120, 'około 2 godzin'],
    ['pl', 22 * 60, 'około 22 godzin'],
    ['pl', 5 * 60, 'około 5 godzin'],
    ['ru', 1, 'около 1 минуты'],
    ['ru', 3, 'около 3 минут'],
    ['ru', 5, 'около 5 минут'],
    ['ru', 20, 'около 20 минут'],
    ['ru', 60, 'около 1 часа'],
    ['ru', 2 * 60, 'около 2 часов'],
    ['ru', 5 * 60, 'около 5 часов'],
    ['ru', 21 * 60, 'около 21 часа'],
    ['ru', 22 * 60, 'около 22 часов'],
    // A locale we ship no words for reads English, as the default texts do.
    ['de', 20, 'about 20 minutes'],
  ])('%s, %s minutes → %s', (locale, minutes, words) => {
    expect(responseTimeInWords(minutes, locale)).toBe(words);
  });
});
