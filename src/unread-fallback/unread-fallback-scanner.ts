import type { TeamConfigCache, TeamConfigStores } from '../auto-replies/team-config.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { Logger } from '../logger.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import { fallBackOnTicket, type UnreadFallbackStores } from './unread-fallback.service.js';

/** Tickets one pass handles at most; the next pass takes the rest. */
const MAX_PER_RUN = 100;

export interface FallbackDispatch {
  readonly messages: (claimed: readonly ClaimedMessage[]) => Promise<void>;
  readonly notifications: (ids: readonly string[]) => Promise<void>;
}

/**
 * The worker's timed task: finds tickets whose agent replies are unread after the team's
 * `afterSeconds` and sends each ticket's once more (src/unread-fallback). The timer's state is
 * only rows (the replies' `read_at` and `unread_fallback_id`), so it survives restarts; a ticket
 * is claimed FOR UPDATE SKIP LOCKED, so any number of workers send each fallback once.
 */
export class UnreadFallbackScanner {
  constructor(
    private readonly transact: Transact<UnreadFallbackStores & TeamConfigStores>,
    private readonly teamConfigs: TeamConfigCache,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly dispatch: FallbackDispatch,
  ) {}

  /** One pass: how many tickets it handled (sent, skipped, or held for quiet hours). */
  async run(): Promise<{ tickets: number }> {
    let tickets = 0;
    for (let i = 0; i < MAX_PER_RUN; i += 1) {
      const now = this.clock();
      const done = await this.transact(async (s) => {
        const claim = await s.unreadFallbacks.claimDueTicket(now);
        if (!claim) return null;
        const config = await this.teamConfigs.get(s, claim.teamId);
        if (!config) return { messages: [], notificationIds: [] };
        return fallBackOnTicket(s, config, claim.ticketId, now);
      });
      if (!done) break;
      tickets += 1;
      // After the commit, as every sender does: a lost hand-over is redone by the sweeper.
      await this.dispatch.messages(done.messages);
      await this.dispatch.notifications(done.notificationIds);
    }
    if (tickets) this.log.info({ tickets }, 'unread fallback pass');
    return { tickets };
  }
}
