import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/stores.js';
import { NotFoundError } from '../errors.js';
import { defaultSchedule, type Schedule } from './schedule.schema.js';

export class SchedulesService {
  constructor(private readonly transact: Transact) {}

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
      await s.audit.record({ teamId, actor: principalLabel(principal), action: 'schedule.updated', subject: 'schedule', before, after: schedule });
      return schedule;
    });
  }
}
