import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/transactor.js';
import type { AuditStore } from './audit.store.js';
import { NotFoundError } from '../errors.js';
import type { AuditEntry } from './audit-entry.js';

/** The stores this module reads and writes. */
export interface AuditServiceStores {
  readonly audit: AuditStore;
  /** Only whether the team exists: teams write to the audit log, so audit imports nothing of theirs. */
  readonly teams: { get(teamId: string): Promise<object | null> };
}

export class AuditService {
  constructor(private readonly transact: Transact<AuditServiceStores>) {}

  async list(principal: Principal, teamId: string, limit: number): Promise<AuditEntry[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.audit.list(teamId, limit);
    });
  }
}
