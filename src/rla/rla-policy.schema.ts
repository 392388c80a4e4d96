import { z } from 'zod';
import { PRIORITIES, PRIORITY_LIST, isPriority } from './priority.js';
import type { RlaPolicy, RlaPolicyPatch } from './rla-policy.js';

const MINUTES_PER_YEAR = 365 * 24 * 60;

/**
 * A whole number within [min, max]. Checked by hand rather than with .int()/.min(): zod reports a
 * fraction as a wrong type (400), while a number of the right type that makes no sense is a 422.
 */
function wholeNumber(unit: string, min: number, max: number, maxNote = '') {
  return z.number().superRefine((value, ctx) => {
    const problem = !Number.isInteger(value)
      ? `must be a whole number of ${unit}, not ${value}`
      : value < min
        ? `must be ${min} or more ${unit}, not ${value}`
        : value > max
          ? `must be at most ${max} ${unit}${maxNote}, not ${value}`
          : null;
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const targetMinutes = wholeNumber('minutes', 0, MINUTES_PER_YEAR, ' (a year)');

const priority = z.enum(PRIORITIES, { error: `must be one of ${PRIORITY_LIST}` });

const targetPatchSchema = z.strictObject({
  firstResponseMinutes: targetMinutes.optional(),
  resolutionMinutes: targetMinutes.optional(),
});

// Other keys are let through so that an unknown priority is reported as a wrong value (422) that
// lists the priorities, rather than as an unknown field (400).
const targetsPatchSchema = z
  .looseObject({
    low: targetPatchSchema.optional(),
    normal: targetPatchSchema.optional(),
    high: targetPatchSchema.optional(),
    urgent: targetPatchSchema.optional(),
  })
  .superRefine((targets, ctx) => {
    for (const key of Object.keys(targets)) {
      if (isPriority(key)) continue;
      ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a priority; use one of ${PRIORITY_LIST}` });
    }
  })
  .transform(({ low, normal, high, urgent }) => withoutUndefined({ low, normal, high, urgent }));

const escalationPatchSchema = z.strictObject({
  missedCalls: wholeNumber('missed calls', 2, 20).optional(),
  withinHours: wholeNumber('hours', 1, 720, ' (30 days)').optional(),
  raiseTo: priority.optional(),
});

/**
 * The `rla` part of a team PATCH body: every field optional, unknown fields rejected.
 * `escalation: null` turns escalation off. Cross-field rules are checked on the merged policy
 * (validateMergedPolicy), since a patch may change only one side of them.
 */
export const rlaPolicyPatchSchema = z.strictObject({
  targets: targetsPatchSchema.optional(),
  warnBeforeMinutes: wholeNumber('minutes', 0, 24 * 60, ' (a day)').optional(),
  escalation: escalationPatchSchema.nullable().optional(),
  voicemailNeedsResponse: z.boolean().optional(),
}) satisfies z.ZodType<RlaPolicyPatch>;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** A rule broken by a whole policy: an invalid_value (422) on `field`. */
export interface RlaPolicyProblem {
  /** Dotted path of the offending field, e.g. "rla.targets.high.resolutionMinutes". */
  readonly field: string;
  /** What to change, without the field name. */
  readonly message: string;
}

/**
 * The first rule a merged policy breaks that no single field can show, or null when it is valid:
 * a ticket cannot be due for resolution before its first answer is due. `fieldPrefix` names where
 * the policy sits in the request body ("rla" in the team PATCH).
 */
export function validateMergedPolicy(policy: RlaPolicy, fieldPrefix = 'rla'): RlaPolicyProblem | null {
  for (const priority of PRIORITIES) {
    const { firstResponseMinutes, resolutionMinutes } = policy.targets[priority];
    if (resolutionMinutes < firstResponseMinutes) {
      return {
        field: [fieldPrefix, 'targets', priority, 'resolutionMinutes'].filter(Boolean).join('.'),
        message: `must be at least the first-response target for ${priority} (${firstResponseMinutes} minutes), not ${resolutionMinutes}`,
      };
    }
  }
  return null;
}
