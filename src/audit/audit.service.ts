import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/stores.js';
import { NotFoundError } from '../errors.js';
import type { AuditEntry } from './audit-entry.js';

export class AuditService {
  constructor(private readonly transact: Transact) {}

  async list(principal: Principal, teamId: string, limit: number): Promise<AuditEntry[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.audit.list(teamId, limit);
    });
  }
}
