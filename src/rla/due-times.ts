import { addBusinessMinutes } from '../schedules/business-time.js';
import type { Schedule } from '../schedules/schedule.schema.js';
import type { Priority } from './priority.js';
import type { RlaPolicy } from './rla-policy.js';

export interface TicketDueTimes {
  readonly firstResponseDueAt: Date;
  readonly resolutionDueAt: Date;
}

/**
 * When a ticket of `priority` opened (or restarted) at `from` must first be answered and resolved:
 * both targets counted in business minutes from `from` on the team's schedule (calendar time for a
 * schedule with no hours; see countsCalendarTime).
 */
export function ticketDueTimes(policy: RlaPolicy, schedule: Schedule, priority: Priority, from: Date): TicketDueTimes {
  const target = policy.targets[priority];
  return {
    firstResponseDueAt: addBusinessMinutes(schedule, from, target.firstResponseMinutes),
    resolutionDueAt: addBusinessMinutes(schedule, from, target.resolutionMinutes),
  };
}
