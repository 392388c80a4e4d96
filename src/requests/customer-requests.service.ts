import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/stores.js';
import { NotFoundError } from '../errors.js';
import type { CustomerRequest } from './customer-request.js';
import type { RequestFilter } from './customer-requests.store.js';

/** Reading the requests agents sent and what customers answered. */
export class CustomerRequestsService {
  constructor(
    private readonly transact: Transact,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, teamId: string, filter: RequestFilter): Promise<{ requests: CustomerRequest[]; now: Date }> {
    assertTeamAccess(principal, teamId, 'agent');
    const now = this.clock();
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return { requests: await s.requests.list(teamId, filter, now), now };
    });
  }

  async get(principal: Principal, teamId: string, id: string): Promise<{ request: CustomerRequest; now: Date }> {
    assertTeamAccess(principal, teamId, 'agent');
    const now = this.clock();
    const request = await this.transact((s) => s.requests.get(teamId, id));
    if (!request) throw new NotFoundError('request');
    return { request, now };
  }
}
