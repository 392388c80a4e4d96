import { describe, expect, it } from 'vitest';
import { ticketDueTimes } from '../../../src/rla/due-times.js';
import type { Priority } from '../../../src/rla/priority.js';
import { DEFAULT_RLA_POLICY, mergeRlaPolicy } from '../../../src/rla/rla-policy.js';
import { at, neverOpen, office } from '../schedules/schedule-fixtures.js';

const instantAnswer = mergeRlaPolicy(DEFAULT_RLA_POLICY, { targets: { urgent: { firstResponseMinutes: 0 } } });

describe('ticketDueTimes', () => {
  it.each<{
    name: string;
    policy?: typeof DEFAULT_RLA_POLICY;
    schedule: typeof office;
    priority: Priority;
    from: string;
    firstResponse: string;
    resolution: string;
  }>([
    {
      name: 'urgent on Monday morning',
      schedule: office,
      priority: 'urgent',
      from: '2026-06-15T10:00:00+02:00',
      firstResponse: '2026-06-15T10:30:00+02:00',
      resolution: '2026-06-15T14:00:00+02:00',
    },
    {
      name: 'high: resolution the next morning',
      schedule: office,
      priority: 'high',
      from: '2026-06-15T10:00:00+02:00',
      firstResponse: '2026-06-15T11:00:00+02:00',
      resolution: '2026-06-16T10:00:00+02:00',
    },
    {
      name: 'normal: resolution three working days on',
      schedule: office,
      priority: 'normal',
      from: '2026-06-15T10:00:00+02:00',
      firstResponse: '2026-06-15T14:00:00+02:00',
      resolution: '2026-06-18T10:00:00+02:00',
    },
    {
      name: 'low: resolution over a weekend',
      schedule: office,
      priority: 'low',
      from: '2026-06-15T10:00:00+02:00',
      firstResponse: '2026-06-16T10:00:00+02:00',
      resolution: '2026-06-23T10:00:00+02:00',
    },
    {
      name: 'urgent on Friday evening: counted from Monday opening',
      schedule: office,
      priority: 'urgent',
      from: '2026-06-12T18:00:00+02:00',
      firstResponse: '2026-06-15T09:30:00+02:00',
      resolution: '2026-06-15T13:00:00+02:00',
    },
    {
      name: 'a team without hours: calendar time',
      schedule: neverOpen,
      priority: 'normal',
      from: '2026-06-13T10:00:00+02:00',
      firstResponse: '2026-06-13T14:00:00+02:00',
      resolution: '2026-06-14T10:00:00+02:00',
    },
    {
      name: 'a 0-minute first response while closed: due at opening',
      policy: instantAnswer,
      schedule: office,
      priority: 'urgent',
      from: '2026-06-13T10:00:00+02:00',
      firstResponse: '2026-06-15T09:00:00+02:00',
      resolution: '2026-06-15T13:00:00+02:00',
    },
  ])('$name', ({ policy = DEFAULT_RLA_POLICY, schedule, priority, from, firstResponse, resolution }) => {
    const due = ticketDueTimes(policy, schedule, priority, at(from));
    expect(due.firstResponseDueAt.toISOString()).toBe(at(firstResponse).toISOString());
    expect(due.resolutionDueAt.toISOString()).toBe(at(resolution).toISOString());
  });
});
