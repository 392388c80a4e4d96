import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppError } from '../../../src/errors.js';
import { parseInput } from '../../../src/http/parse-input.js';
import { DEFAULT_RLA_POLICY, mergeRlaPolicy, type RlaPolicy } from '../../../src/rla/rla-policy.js';
import { rlaPolicyPatchSchema, validateMergedPolicy } from '../../../src/rla/rla-policy.schema.js';

// As in the team PATCH body, so fields read "rla.…".
const body = z.strictObject({ rla: rlaPolicyPatchSchema });

function failure(rla: unknown): AppError {
  try {
    parseInput(body, { rla });
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected parseInput to throw');
}

const PRIORITY_NAMES = /low, normal, high, urgent/;

describe('rlaPolicyPatchSchema: bad input', () => {
  it.each<{ name: string; rla: unknown; status: 400 | 422; code: string; field: string; message: RegExp }>([
    {
      name: 'negative minutes',
      rla: { targets: { high: { firstResponseMinutes: -5 } } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.targets.high.firstResponseMinutes',
      message: /^rla\.targets\.high\.firstResponseMinutes: must be 0 or more minutes/,
    },
    {
      name: 'negative resolution minutes',
      rla: { targets: { low: { resolutionMinutes: -1 } } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.targets.low.resolutionMinutes',
      message: /0 or more minutes/,
    },
    {
      name: 'a fraction of a minute',
      rla: { targets: { normal: { firstResponseMinutes: 1.5 } } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.targets.normal.firstResponseMinutes',
      message: /whole number of minutes/,
    },
    {
      name: 'more than a year of minutes',
      rla: { targets: { urgent: { resolutionMinutes: 525_601 } } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.targets.urgent.resolutionMinutes',
      message: /at most 525600 minutes/,
    },
    {
      name: 'an unknown priority',
      rla: { targets: { critical: { firstResponseMinutes: 10 } } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.targets.critical',
      message: PRIORITY_NAMES,
    },
    {
      name: 'an unknown priority next to a known one',
      rla: { targets: { high: { firstResponseMinutes: 10 }, Urgent: {} } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.targets.Urgent',
      message: /"Urgent" is not a priority/,
    },
    {
      name: 'an unknown field in a target',
      rla: { targets: { high: { firstReplyMinutes: 10 } } },
      status: 400,
      code: 'unknown_field',
      field: 'rla.targets.high.firstReplyMinutes',
      message: /remove it/,
    },
    {
      name: 'an unknown field in the policy',
      rla: { slaMinutes: 10 },
      status: 400,
      code: 'unknown_field',
      field: 'rla.slaMinutes',
      message: /remove it/,
    },
    {
      name: 'minutes as a string',
      rla: { targets: { high: { firstResponseMinutes: '60' } } },
      status: 400,
      code: 'invalid_type',
      field: 'rla.targets.high.firstResponseMinutes',
      message: /must be a number, not a string/,
    },
    {
      name: 'targets as a list',
      rla: { targets: [] },
      status: 400,
      code: 'invalid_type',
      field: 'rla.targets',
      message: /not an array/,
    },
    {
      name: 'a target that is not an object',
      rla: { targets: { high: 60 } },
      status: 400,
      code: 'invalid_type',
      field: 'rla.targets.high',
      message: /must be an object/,
    },
    {
      name: 'warning more than a day ahead',
      rla: { warnBeforeMinutes: 1441 },
      status: 422,
      code: 'invalid_value',
      field: 'rla.warnBeforeMinutes',
      message: /at most 1440 minutes/,
    },
    {
      name: 'a negative warning',
      rla: { warnBeforeMinutes: -1 },
      status: 422,
      code: 'invalid_value',
      field: 'rla.warnBeforeMinutes',
      message: /0 or more minutes/,
    },
    {
      name: 'escalation after 1 missed call',
      rla: { escalation: { missedCalls: 1 } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.escalation.missedCalls',
      message: /2 or more missed calls/,
    },
    {
      name: 'escalation after 21 missed calls',
      rla: { escalation: { missedCalls: 21 } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.escalation.missedCalls',
      message: /at most 20 missed calls/,
    },
    {
      name: 'escalation after 2.5 missed calls',
      rla: { escalation: { missedCalls: 2.5 } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.escalation.missedCalls',
      message: /whole number of missed calls/,
    },
    {
      name: 'an escalation window of 0 hours',
      rla: { escalation: { withinHours: 0 } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.escalation.withinHours',
      message: /1 or more hours/,
    },
    {
      name: 'an escalation window over 30 days',
      rla: { escalation: { withinHours: 721 } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.escalation.withinHours',
      message: /at most 720 hours/,
    },
    {
      name: 'escalation to an unknown priority',
      rla: { escalation: { raiseTo: 'critical' } },
      status: 422,
      code: 'invalid_value',
      field: 'rla.escalation.raiseTo',
      message: PRIORITY_NAMES,
    },
    {
      name: 'an unknown escalation field',
      rla: { escalation: { afterCalls: 3 } },
      status: 400,
      code: 'unknown_field',
      field: 'rla.escalation.afterCalls',
      message: /remove it/,
    },
    {
      name: 'escalation as true',
      rla: { escalation: true },
      status: 400,
      code: 'invalid_type',
      field: 'rla.escalation',
      message: /must be an object/,
    },
    {
      name: 'the voicemail flag as a string',
      rla: { voicemailNeedsResponse: 'yes' },
      status: 400,
      code: 'invalid_type',
      field: 'rla.voicemailNeedsResponse',
      message: /must be a boolean/,
    },
    {
      name: 'rla as null',
      rla: null,
      status: 400,
      code: 'invalid_type',
      field: 'rla',
      message: /must be an object, not null/,
    },
  ])('$name: $status $code on $field', ({ rla, status, code, field, message }) => {
    const error = failure(rla);
    expect(error.statusCode).toBe(status);
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});

describe('rlaPolicyPatchSchema: good input', () => {
  it.each<{ name: string; rla: unknown; expected: unknown }>([
    { name: 'an empty patch', rla: {}, expected: {} },
    {
      name: 'one target field',
      rla: { targets: { high: { firstResponseMinutes: 45 } } },
      expected: { targets: { high: { firstResponseMinutes: 45 } } },
    },
    { name: 'an empty targets object', rla: { targets: {} }, expected: { targets: {} } },
    {
      name: 'every field, at the limits',
      rla: {
        targets: {
          low: { firstResponseMinutes: 0, resolutionMinutes: 525_600 },
          urgent: { firstResponseMinutes: 1, resolutionMinutes: 1 },
        },
        warnBeforeMinutes: 1440,
        escalation: { missedCalls: 20, withinHours: 720, raiseTo: 'urgent' },
        voicemailNeedsResponse: false,
      },
      expected: {
        targets: {
          low: { firstResponseMinutes: 0, resolutionMinutes: 525_600 },
          urgent: { firstResponseMinutes: 1, resolutionMinutes: 1 },
        },
        warnBeforeMinutes: 1440,
        escalation: { missedCalls: 20, withinHours: 720, raiseTo: 'urgent' },
        voicemailNeedsResponse: false,
      },
    },
    {
      name: 'the lower limits',
      rla: { warnBeforeMinutes: 0, escalation: { missedCalls: 2, withinHours: 1 } },
      expected: { warnBeforeMinutes: 0, escalation: { missedCalls: 2, withinHours: 1 } },
    },
    { name: 'escalation turned off', rla: { escalation: null }, expected: { escalation: null } },
  ])('$name', ({ rla, expected }) => {
    expect(parseInput(body, { rla })).toEqual({ rla: expected });
  });
});

describe('validateMergedPolicy', () => {
  const withHigh = (firstResponseMinutes: number, resolutionMinutes: number): RlaPolicy => ({
    ...DEFAULT_RLA_POLICY,
    targets: { ...DEFAULT_RLA_POLICY.targets, high: { firstResponseMinutes, resolutionMinutes } },
  });

  it.each([
    { name: 'resolution after first response', policy: withHigh(60, 61), expected: null },
    { name: 'resolution equal to first response', policy: withHigh(60, 60), expected: null },
    { name: 'both 0', policy: withHigh(0, 0), expected: null },
    {
      name: 'resolution before first response',
      policy: withHigh(60, 59),
      expected: {
        field: 'rla.targets.high.resolutionMinutes',
        message: 'must be at least the first-response target for high (60 minutes), not 59',
      },
    },
  ])('$name', ({ policy, expected }) => {
    expect(validateMergedPolicy(policy)).toEqual(expected);
  });

  it('names the field without a prefix when given none', () => {
    expect(validateMergedPolicy(withHigh(60, 1), '')?.field).toBe('targets.high.resolutionMinutes');
  });

  it('catches a patch that changes only one side of the rule', () => {
    const patch = parseInput(body, { rla: { targets: { urgent: { firstResponseMinutes: 300 } } } }).rla;
    expect(validateMergedPolicy(mergeRlaPolicy(DEFAULT_RLA_POLICY, patch))?.field).toBe(
      'rla.targets.urgent.resolutionMinutes',
    );
  });
});
