import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '../../../src/rla/priority.js';
import {
  DEFAULT_RLA_POLICY,
  mergeRlaPolicy,
  rlaPolicyOf,
  type RlaPolicy,
  type RlaPolicyPatch,
} from '../../../src/rla/rla-policy.js';
import { validateMergedPolicy } from '../../../src/rla/rla-policy.schema.js';

const noEscalation: RlaPolicy = { ...DEFAULT_RLA_POLICY, escalation: null };

describe('DEFAULT_RLA_POLICY', () => {
  it('has the documented targets', () => {
    expect(DEFAULT_RLA_POLICY.targets).toEqual({
      urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      normal: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
      low: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
    });
    expect(DEFAULT_RLA_POLICY.warnBeforeMinutes).toBe(30);
    expect(DEFAULT_RLA_POLICY.escalation).toEqual({ missedCalls: 3, withinHours: 24, raiseTo: 'high' });
    expect(DEFAULT_RLA_POLICY.voicemailNeedsResponse).toBe(true);
  });

  it('passes its own validation', () => {
    expect(validateMergedPolicy(DEFAULT_RLA_POLICY)).toBeNull();
  });

  it('gives more urgent priorities shorter targets', () => {
    const ordered = PRIORITIES.map((priority) => DEFAULT_RLA_POLICY.targets[priority].firstResponseMinutes);
    expect([...ordered].sort((a, b) => b - a)).toEqual(ordered);
  });
});

describe('mergeRlaPolicy', () => {
  it.each<{ name: string; current: RlaPolicy; patch: RlaPolicyPatch; expected: RlaPolicy }>([
    { name: 'an empty patch changes nothing', current: DEFAULT_RLA_POLICY, patch: {}, expected: DEFAULT_RLA_POLICY },
    {
      name: 'one target field: the rest of that priority and the other priorities stay',
      current: DEFAULT_RLA_POLICY,
      patch: { targets: { high: { firstResponseMinutes: 45 } } },
      expected: {
        ...DEFAULT_RLA_POLICY,
        targets: { ...DEFAULT_RLA_POLICY.targets, high: { firstResponseMinutes: 45, resolutionMinutes: 480 } },
      },
    },
    {
      name: 'two priorities at once',
      current: DEFAULT_RLA_POLICY,
      patch: {
        targets: { low: { resolutionMinutes: 5000 }, urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 } },
      },
      expected: {
        ...DEFAULT_RLA_POLICY,
        targets: {
          ...DEFAULT_RLA_POLICY.targets,
          low: { firstResponseMinutes: 480, resolutionMinutes: 5000 },
          urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
        },
      },
    },
    {
      name: 'a target of 0 minutes is kept, not taken for missing',
      current: DEFAULT_RLA_POLICY,
      patch: { targets: { urgent: { firstResponseMinutes: 0 } }, warnBeforeMinutes: 0 },
      expected: {
        ...DEFAULT_RLA_POLICY,
        warnBeforeMinutes: 0,
        targets: { ...DEFAULT_RLA_POLICY.targets, urgent: { firstResponseMinutes: 0, resolutionMinutes: 240 } },
      },
    },
    {
      name: 'escalation null clears it',
      current: DEFAULT_RLA_POLICY,
      patch: { escalation: null },
      expected: noEscalation,
    },
    {
      name: 'escalation fields merge into the current escalation',
      current: DEFAULT_RLA_POLICY,
      patch: { escalation: { raiseTo: 'urgent' } },
      expected: { ...DEFAULT_RLA_POLICY, escalation: { missedCalls: 3, withinHours: 24, raiseTo: 'urgent' } },
    },
    {
      name: 'escalation fields turn a cleared escalation back on, the rest from the defaults',
      current: noEscalation,
      patch: { escalation: { missedCalls: 5 } },
      expected: { ...DEFAULT_RLA_POLICY, escalation: { missedCalls: 5, withinHours: 24, raiseTo: 'high' } },
    },
    {
      name: 'an absent escalation keeps it cleared',
      current: noEscalation,
      patch: { warnBeforeMinutes: 10 },
      expected: { ...noEscalation, warnBeforeMinutes: 10 },
    },
    {
      name: 'the flags are replaced',
      current: DEFAULT_RLA_POLICY,
      patch: { voicemailNeedsResponse: false, warnBeforeMinutes: 60 },
      expected: { ...DEFAULT_RLA_POLICY, voicemailNeedsResponse: false, warnBeforeMinutes: 60 },
    },
  ])('$name', ({ current, patch, expected }) => {
    expect(mergeRlaPolicy(current, patch)).toEqual(expected);
  });

  it('leaves the current policy untouched', () => {
    const current = structuredClone(DEFAULT_RLA_POLICY);
    mergeRlaPolicy(current, { targets: { high: { firstResponseMinutes: 1 } }, escalation: { missedCalls: 9 } });
    expect(current).toEqual(DEFAULT_RLA_POLICY);
  });
});

describe('rlaPolicyOf', () => {
  it.each<{ name: string; stored: RlaPolicyPatch | null | undefined; expected: RlaPolicy }>([
    { name: 'nothing stored: the defaults', stored: undefined, expected: DEFAULT_RLA_POLICY },
    { name: 'null stored: the defaults', stored: null, expected: DEFAULT_RLA_POLICY },
    {
      name: 'a whole policy: as stored',
      stored: { ...noEscalation, warnBeforeMinutes: 5 },
      expected: { ...noEscalation, warnBeforeMinutes: 5 },
    },
    {
      name: 'a policy stored before a field existed: that field defaults',
      stored: { targets: DEFAULT_RLA_POLICY.targets, warnBeforeMinutes: 15 },
      expected: { ...DEFAULT_RLA_POLICY, warnBeforeMinutes: 15 },
    },
  ])('$name', ({ stored, expected }) => {
    expect(rlaPolicyOf(stored)).toEqual(expected);
  });
});
