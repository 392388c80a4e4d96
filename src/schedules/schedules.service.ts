import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/transactor.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { SchedulesStore } from './schedules.store.js';
import { NotFoundError } from '../errors.js';
import { defaultSchedule, type Schedule } from './schedule.schema.js';

/** The stores this module reads and writes. */
export interface SchedulesServiceStores {
  readonly audit: AuditStore;
  readonly schedules: SchedulesStore;
  /** The team's time zone, for its default schedule: teams create schedules, so this imports nothing of theirs. */
  readonly teams: { get(teamId: string): Promise<{ readonly timezone: string } | null> };
}

export class SchedulesService {
  constructor(private readonly transact: Transact<SchedulesServiceStores>) {}

  async get(principal: Principal, teamId: string): Promise<Schedule> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      return (await s.schedules.get(teamId)) ?? defaultSchedule(team.timezone);
    });
  }

  async put(principal: Principal, teamId: string, schedule: Schedule): Promise<Schedule> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      const before = (await s.schedules.get(teamId)) ?? defaultSchedule(team.timezone);
      await s.schedules.put(teamId, schedule);
      await s.audit.record({
        teamId,
        actor: principalLabel(principal),
        action: 'schedule.updated',
        subject: 'schedule',
        before,
        after: schedule,
      });
      return schedule;
    });
  }
}
