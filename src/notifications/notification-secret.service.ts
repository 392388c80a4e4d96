import crypto from 'node:crypto';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/stores.js';
import { NotFoundError } from '../errors.js';

/** The secret a team's webhook notifications are signed with. */
export class NotificationSecretService {
  constructor(
    private readonly transact: Transact,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates (or replaces) the team's secret and returns it; this is the only time it is shown.
   * It is stored as is, because signing an HMAC needs the secret itself.
   */
  async rotate(principal: Principal, teamId: string): Promise<{ secret: string; createdAt: Date }> {
    assertTeamAccess(principal, teamId, 'manager');
    const secret = `whsec_${crypto.randomBytes(32).toString('hex')}`;
    const createdAt = this.clock();
    await this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      const replaced = (await s.notificationSecrets.secretOf(teamId)) !== null;
      await s.notificationSecrets.save(teamId, secret, createdAt);
      // Never the secret itself in the audit log: only that it changed.
      await s.audit.record({
        teamId, actor: principalLabel(principal), action: 'notification_secret.rotated', subject: 'notification_webhook_secret',
        before: replaced ? { set: true } : null, after: { set: true, createdAt: createdAt.toISOString() },
      });
    });
    return { secret, createdAt };
  }
}
