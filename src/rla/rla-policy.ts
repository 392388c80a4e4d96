import { PRIORITIES, type Priority } from './priority.js';

/** How long a team has, in business minutes, to first answer and to resolve a ticket of one priority. */
export interface RlaTarget {
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
}

/** Raise a customer's ticket to `raiseTo` after `missedCalls` missed calls from them within `withinHours`. */
export interface RlaEscalation {
  readonly missedCalls: number;
  readonly withinHours: number;
  readonly raiseTo: Priority;
}

/** A team's response-level agreement: what it promises its customers, and how it is reminded. */
export interface RlaPolicy {
  /** Business minutes per priority (counted on the team's schedule). */
  readonly targets: Readonly<Record<Priority, RlaTarget>>;
  /** Warn this many calendar minutes before a due time; 0 = no warnings. */
  readonly warnBeforeMinutes: number;
  /** Raise the priority after repeated missed calls from one customer; null = never. */
  readonly escalation: RlaEscalation | null;
  /** A voicemail restarts the first-response clock like a new message would. */
  readonly voicemailNeedsResponse: boolean;
}

export interface RlaTargetPatch {
  readonly firstResponseMinutes?: number | undefined;
  readonly resolutionMinutes?: number | undefined;
}

/** A change to a policy: absent fields keep their value; `escalation: null` turns escalation off. */
export interface RlaPolicyPatch {
  readonly targets?: Readonly<Partial<Record<Priority, RlaTargetPatch>>> | undefined;
  readonly warnBeforeMinutes?: number | undefined;
  readonly escalation?: Readonly<Partial<RlaEscalation>> | null | undefined;
  readonly voicemailNeedsResponse?: boolean | undefined;
}

export const DEFAULT_RLA_ESCALATION: RlaEscalation = { missedCalls: 3, withinHours: 24, raiseTo: 'high' };

export const DEFAULT_RLA_POLICY: RlaPolicy = {
  targets: {
    urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
    high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    normal: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
    low: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
  },
  warnBeforeMinutes: 30,
  escalation: DEFAULT_RLA_ESCALATION,
  voicemailNeedsResponse: true,
};

function mergeTarget(current: RlaTarget, patch: RlaTargetPatch | undefined): RlaTarget {
  return {
    firstResponseMinutes: patch?.firstResponseMinutes ?? current.firstResponseMinutes,
    resolutionMinutes: patch?.resolutionMinutes ?? current.resolutionMinutes,
  };
}

function mergeEscalation(current: RlaEscalation | null, patch: RlaPolicyPatch['escalation']): RlaEscalation | null {
  if (patch === undefined) return current;
  if (patch === null) return null;
  // Turning escalation back on with only some fields: the rest come from the defaults.
  const base = current ?? DEFAULT_RLA_ESCALATION;
  return {
    missedCalls: patch.missedCalls ?? base.missedCalls,
    withinHours: patch.withinHours ?? base.withinHours,
    raiseTo: patch.raiseTo ?? base.raiseTo,
  };
}

/**
 * `current` with `patch` applied: targets merge per priority and per field, escalation merges
 * field by field (null clears it), the other fields are replaced. Call validateMergedPolicy
 * (rla-policy.schema.ts) on the result: a patch can make a resolution target shorter than its
 * first-response target.
 */
export function mergeRlaPolicy(current: RlaPolicy, patch: RlaPolicyPatch): RlaPolicy {
  const targets = Object.fromEntries(
    PRIORITIES.map((priority) => [priority, mergeTarget(current.targets[priority], patch.targets?.[priority])]),
  ) as Record<Priority, RlaTarget>;
  return {
    targets,
    warnBeforeMinutes: patch.warnBeforeMinutes ?? current.warnBeforeMinutes,
    escalation: mergeEscalation(current.escalation, patch.escalation),
    voicemailNeedsResponse: patch.voicemailNeedsResponse ?? current.voicemailNeedsResponse,
  };
}

/**
 * A stored policy read back whole: fields missing from what was stored (settings added later, or
 * never set) take their defaults, the same way a patch applies to the defaults.
 */
export function rlaPolicyOf(stored: RlaPolicyPatch | null | undefined): RlaPolicy {
  return mergeRlaPolicy(DEFAULT_RLA_POLICY, stored ?? {});
}
