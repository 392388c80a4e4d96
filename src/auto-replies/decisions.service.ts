import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/transactor.js';
import { NotFoundError } from '../errors.js';
import type { ReplyDecision, ReplyDecisionsStore } from './reply-decisions.store.js';
import type { DecisionListQuery } from './decisions.schema.js';

/** The stores this module reads. */
export interface DecisionsServiceStores {
  readonly decisions: ReplyDecisionsStore;
  readonly teams: { get(teamId: string): Promise<object | null> };
}

/** The decision log: every automated reply decided, sent or skipped, with its reason. */
export class DecisionsService {
  constructor(private readonly transact: Transact<DecisionsServiceStores>) {}

  async list(principal: Principal, teamId: string, query: DecisionListQuery): Promise<ReplyDecision[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.decisions.list(teamId, {
        customer: query.customer,
        kind: query.kind,
        before: query.before === undefined ? undefined : new Date(query.before),
        limit: query.limit,
      });
    });
  }
}
