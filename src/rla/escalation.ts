import { priorityRank, type Priority } from './priority.js';
import type { RlaPolicy } from './rla-policy.js';

const HOUR_MS = 3_600_000;

/**
 * The priority a ticket should be raised to after `missedCallsInWindow` missed calls from its
 * customer within the policy's window (see escalationWindowStart), or null for no change.
 */
export function escalatedPriority(policy: RlaPolicy, current: Priority, missedCallsInWindow: number): Priority | null {
  const escalation = policy.escalation;
  if (escalation === null) return null; // escalation is off
  if (missedCallsInWindow < escalation.missedCalls) return null; // not enough calls yet
  // Never lowers: a ticket someone already raised higher stays there.
  if (priorityRank(escalation.raiseTo) <= priorityRank(current)) return null;
  return escalation.raiseTo;
}

/** Missed calls at or after this instant count towards escalation; null when escalation is off. */
export function escalationWindowStart(policy: RlaPolicy, now: Date): Date | null {
  if (policy.escalation === null) return null;
  return new Date(now.getTime() - policy.escalation.withinHours * HOUR_MS);
}
