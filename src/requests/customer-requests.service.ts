import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { CustomerRequestsStore } from './customer-requests.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import { NotFoundError } from '../errors.js';
import type { CustomerRequest } from './customer-request.js';
import type { RequestFilter } from './customer-requests.store.js';

/** The stores this module reads and writes. */
export interface CustomerRequestsServiceStores {
  readonly requests: CustomerRequestsStore;
  readonly teams: TeamsStore;
}

/** Reading the requests agents sent and what customers answered. */
export class CustomerRequestsService {
  constructor(
    private readonly transact: Transact<CustomerRequestsServiceStores>,
    private readonly clock: Clock,
  ) {}

  async list(
    principal: Principal,
    teamId: string,
    filter: RequestFilter,
  ): Promise<{ requests: CustomerRequest[]; now: Date }> {
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
