import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { Logger } from '../logger.js';
import type { TeamConfigCache, TeamConfigStores } from '../auto-replies/team-config.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import { duePageAction } from './urgent-page.js';
import { sendPage, stopUnacknowledged, type UrgentPagingStores } from './urgent-paging.service.js';

/** Pages one pass handles at most; the next pass takes the rest. */
const MAX_PER_RUN = 100;

export interface PagerSends {
  readonly messages: (claimed: readonly ClaimedMessage[]) => Promise<void>;
  readonly notifications: (ids: readonly string[]) => Promise<void>;
}

/**
 * The worker's timed paging task: sends each due page again (every `repageMinutes`, until
 * acknowledged or `maxPages`), gives up after the last, and notes failed page SMS on their tickets.
 * A due page is claimed FOR UPDATE SKIP LOCKED and moved on in the same transaction, so any number
 * of workers send each page once.
 */
export class UrgentPager {
  constructor(
    private readonly transact: Transact<UrgentPagingStores & TeamConfigStores>,
    private readonly teamConfigs: TeamConfigCache,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly publicUrl: string,
    private readonly sends: PagerSends,
  ) {}

  /** One pass: returns how many pages went out, stopped, and how many failures were noted. */
  async run(): Promise<{ paged: number; stopped: number; failures: number }> {
    const counts = { paged: 0, stopped: 0, failures: 0 };
    for (let i = 0; i < MAX_PER_RUN; i += 1) {
      const now = this.clock();
      const done = await this.transact(async (s) => {
        const page = await s.urgentPages.claimDue(now);
        if (!page) return null;
        if (duePageAction(page) === 'stop') {
          await stopUnacknowledged(s, page, now);
          counts.stopped += 1;
          return { messages: [], notificationIds: [] };
        }
        const config = await this.teamConfigs.get(s, page.teamId);
        const ticket = config ? await s.tickets.get(page.teamId, page.ticketId) : null;
        if (!config || !ticket) {
          await stopUnacknowledged(s, page, now);
          return { messages: [], notificationIds: [] };
        }
        counts.paged += 1;
        return sendPage(s, config, page, { number: ticket.number, publicUrl: this.publicUrl, now });
      });
      if (!done) break;
      // After the commit, as every sender does: a lost hand-over is redone by the sweeper.
      await this.sends.messages(done.messages);
      await this.sends.notifications(done.notificationIds);
    }
    counts.failures = await this.noteFailures();
    if (counts.paged || counts.stopped || counts.failures) this.log.info(counts, 'urgent paging pass');
    return counts;
  }

  /** Failed page SMS (at send time, or a later `failed`/`undelivered` status) go on their ticket, once each. */
  private async noteFailures(): Promise<number> {
    const now = this.clock();
    return this.transact(async (s) => {
      const failed = await s.urgentPages.takeFailedSends(now, 200);
      for (const f of failed)
        await s.tickets.addEvent(f.ticketId, {
          type: 'urgent_page_failed',
          actor: 'paging',
          data: { page: f.pageNumber, number: f.recipient, reason: f.reason, messageId: f.messageId },
          at: now,
        });
      return failed.length;
    });
  }
}
