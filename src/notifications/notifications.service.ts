import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/transactor.js';
import type { NotificationsStore } from './notifications.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import { NotFoundError } from '../errors.js';
import type { Notification } from './notification.js';

/** The stores this module reads and writes. */
export interface NotificationsServiceStores {
  readonly notifications: NotificationsStore;
  readonly teams: TeamsStore;
}

/** Reading what the team was notified of, and how it went. */
export class NotificationsService {
  constructor(private readonly transact: Transact<NotificationsServiceStores>) {}

  async list(principal: Principal, teamId: string, limit: number): Promise<Notification[]> {
    // Targets are the team's own addresses and endpoint: managers only.
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.notifications.listForTeam(teamId, { limit });
    });
  }
}
