import crypto from 'node:crypto';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/stores.js';
import { NotFoundError } from '../errors.js';

/** The secret a team's payment provider signs its callbacks with. */
export class PaymentSecretService {
  constructor(
    private readonly transact: Transact,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates (or replaces) the team's secret and returns it; this is the only time it is shown.
   * It is stored as is, because checking an HMAC needs the secret itself.
   */
  async rotate(principal: Principal, teamId: string): Promise<{ secret: string; createdAt: Date }> {
    assertTeamAccess(principal, teamId, 'manager');
    const secret = `pss_${crypto.randomBytes(32).toString('hex')}`;
    const createdAt = this.clock();
    await this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      const replaced = (await s.payments.secretOf(teamId)) !== null;
      await s.payments.saveSecret(teamId, secret, createdAt);
      // Never the secret itself in the audit log: only that it changed.
      await s.audit.record({
        teamId, actor: principalLabel(principal), action: 'payment_secret.rotated', subject: 'payment_secret',
        before: replaced ? { set: true } : null, after: { set: true, createdAt: createdAt.toISOString() },
      });
    });
    return { secret, createdAt };
  }
}
