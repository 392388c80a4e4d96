import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { TeamSecretsStore } from './team-secrets.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import { NotFoundError } from '../errors.js';
import { generateSecret, SECRET_PURPOSES, type SecretPurpose } from './secret-purpose.js';

/** The stores this module reads and writes. */
export interface TeamSecretStores {
  readonly audit: AuditStore;
  readonly teamSecrets: TeamSecretsStore;
  readonly teams: TeamsStore;
}

/** Issues a team's secrets: the payment-callback secret and the notification-webhook secret. */
export class TeamSecretService {
  constructor(
    private readonly transact: Transact<TeamSecretStores>,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates (or replaces) the team's secret for `purpose` and returns it; this is the only time
   * it is shown. It is stored as is, because an HMAC needs the secret itself.
   */
  async rotate(
    principal: Principal,
    teamId: string,
    purpose: SecretPurpose,
  ): Promise<{ secret: string; createdAt: Date }> {
    assertTeamAccess(principal, teamId, 'manager');
    const { prefix, auditAction, auditSubject } = SECRET_PURPOSES[purpose];
    const secret = generateSecret(prefix);
    const createdAt = this.clock();
    await this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      const replaced = (await s.teamSecrets.secretOf(teamId, purpose)) !== null;
      await s.teamSecrets.save(teamId, purpose, secret, createdAt);
      // Never the secret itself in the audit log: only that it changed.
      await s.audit.record({
        teamId,
        actor: principalLabel(principal),
        action: auditAction,
        subject: auditSubject,
        before: replaced ? { set: true } : null,
        after: { set: true, createdAt: createdAt.toISOString() },
      });
    });
    return { secret, createdAt };
  }
}
