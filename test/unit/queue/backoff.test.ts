import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/queue/backoff.js';

const MAX = 5 * 60_000;
const low = () => 0;
const high = () => 1;
const mid = () => 0.5;

describe('retryDelayMs', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 16_000],
    [9, 256_000],
  ])('after attempt %i: between half of and the full %i ms step', (attempt, step) => {
    expect(retryDelayMs(attempt, null, low)).toBe(step / 2);
    expect(retryDelayMs(attempt, null, high)).toBe(step);
    expect(retryDelayMs(attempt, null, mid)).toBe((step * 3) / 4);
  });

  it('grows exponentially: each step doubles until the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelayMs(a, null, high));
    for (let i = 1; i < delays.length; i += 1) expect(delays[i]).toBe(delays[i - 1]! * 2);
  });

  it.each([10, 11, 20, 50, 1_000])('is capped at 5 minutes (attempt %i)', (attempt) => {
    expect(retryDelayMs(attempt, null, high)).toBe(MAX);
    expect(retryDelayMs(attempt, null, low)).toBe(MAX / 2);
  });

  it('treats attempt 0 or below as the first', () => {
    expect(retryDelayMs(0, null, high)).toBe(1_000);
    expect(retryDelayMs(-3, null, low)).toBe(500);
  });

  it('stays inside the jitter bounds for many random draws, and returns whole milliseconds', () => {
    let seed = 42;
    const lcg = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const step = Math.min(MAX, 1_000 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i += 1) {
        const d = retryDelayMs(attempt, null, lcg);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(step / 2);
        expect(d).toBeLessThanOrEqual(step);
      }
    }
  });

  it('uses Math.random by default, within the bounds', () => {
    for (let i = 0; i < 20; i += 1) {
      const d = retryDelayMs(1, null);
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThanOrEqual(1_000);
    }
  });

  it.each([
    ['longer than the backoff wins', 1, 30_000, high, 30_000],
    ['shorter than the backoff is ignored', 3, 100, low, 2_000],
    ['equal to the backoff', 2, 1_000, low, 1_000],
    ['beyond the cap is still honoured', 20, 10 * 60_000, high, 10 * 60_000],
    ['zero', 1, 0, low, 500],
  ])('treats Retry-After as a floor: %s', (_name, attempt, retryAfter, random, expected) => {
    expect(retryDelayMs(attempt, retryAfter, random)).toBe(expected);
  });
});
