import { describe, expect, it } from 'vitest';
import { PRIORITIES, higherPriority, isPriority, priorityRank, type Priority } from '../../../src/rla/priority.js';

describe('priorities', () => {
  it('rank from low to urgent', () => {
    expect(PRIORITIES.map(priorityRank)).toEqual([0, 1, 2, 3]);
  });

  it.each<{ a: Priority; b: Priority; expected: Priority }>([
    { a: 'low', b: 'urgent', expected: 'urgent' },
    { a: 'urgent', b: 'low', expected: 'urgent' },
    { a: 'high', b: 'normal', expected: 'high' },
    { a: 'normal', b: 'high', expected: 'high' },
    { a: 'normal', b: 'normal', expected: 'normal' },
  ])('higherPriority($a, $b) is $expected', ({ a, b, expected }) => {
    expect(higherPriority(a, b)).toBe(expected);
  });

  it.each([
    { value: 'low', expected: true },
    { value: 'urgent', expected: true },
    { value: 'critical', expected: false },
    { value: 'High', expected: false },
    { value: 2, expected: false },
    { value: null, expected: false },
  ])('isPriority($value) is $expected', ({ value, expected }) => {
    expect(isPriority(value)).toBe(expected);
  });
});
