import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/transactor.js';
import type { CallsStore } from './calls.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import { NotFoundError } from '../errors.js';
import type { Call } from './call.js';

/** The stores this module reads and writes. */
export interface CallsServiceStores {
  readonly calls: CallsStore;
  readonly teams: TeamsStore;
}

/** The call log: every call's stages, outcome, recording and ticket. */
export class CallsService {
  constructor(private readonly transact: Transact<CallsServiceStores>) {}

  async list(principal: Principal, teamId: string, filter: { customer?: string; limit: number }): Promise<Call[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.calls.list(teamId, filter);
    });
  }

  async get(principal: Principal, teamId: string, id: string): Promise<Call> {
    assertTeamAccess(principal, teamId, 'agent');
    const call = await this.transact((s) => s.calls.get(teamId, id));
    if (!call) throw new NotFoundError('call');
    return call;
  }
}
