import { describe, expect, it } from 'vitest';
import { escalatedPriority, escalationWindowStart } from '../../../src/rla/escalation.js';
import type { Priority } from '../../../src/rla/priority.js';
import { DEFAULT_RLA_POLICY, mergeRlaPolicy, type RlaPolicy } from '../../../src/rla/rla-policy.js';

// DEFAULT: 3 missed calls within 24 hours raise to high.
const toUrgent = mergeRlaPolicy(DEFAULT_RLA_POLICY, { escalation: { missedCalls: 2, raiseTo: 'urgent' } });
const off = mergeRlaPolicy(DEFAULT_RLA_POLICY, { escalation: null });

describe('escalatedPriority', () => {
  it.each<{ name: string; policy: RlaPolicy; current: Priority; calls: number; expected: Priority | null }>([
    { name: 'below the threshold: no change', policy: DEFAULT_RLA_POLICY, current: 'normal', calls: 2, expected: null },
    { name: 'at the threshold: raised', policy: DEFAULT_RLA_POLICY, current: 'normal', calls: 3, expected: 'high' },
    { name: 'past the threshold: raised', policy: DEFAULT_RLA_POLICY, current: 'low', calls: 7, expected: 'high' },
    { name: 'already at the target: no change', policy: DEFAULT_RLA_POLICY, current: 'high', calls: 3, expected: null },
    {
      name: 'already above the target: never lowered',
      policy: DEFAULT_RLA_POLICY,
      current: 'urgent',
      calls: 10,
      expected: null,
    },
    { name: 'another threshold and target', policy: toUrgent, current: 'high', calls: 2, expected: 'urgent' },
    { name: 'escalation off', policy: off, current: 'low', calls: 20, expected: null },
    { name: 'no calls', policy: DEFAULT_RLA_POLICY, current: 'low', calls: 0, expected: null },
  ])('$name', ({ policy, current, calls, expected }) => {
    expect(escalatedPriority(policy, current, calls)).toBe(expected);
  });
});

describe('escalationWindowStart', () => {
  it.each([
    { name: 'the default 24 hours', policy: DEFAULT_RLA_POLICY, expected: '2026-06-14T12:00:00.000Z' },
    {
      name: '720 hours',
      policy: mergeRlaPolicy(DEFAULT_RLA_POLICY, { escalation: { withinHours: 720 } }),
      expected: '2026-05-16T12:00:00.000Z',
    },
    { name: 'escalation off', policy: off, expected: null },
  ])('$name', ({ policy, expected }) => {
    expect(escalationWindowStart(policy, new Date('2026-06-15T12:00:00Z'))?.toISOString() ?? null).toBe(expected);
  });
});
