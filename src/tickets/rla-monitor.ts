import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { TicketsStore } from './tickets.store.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import type { Logger } from '../logger.js';
import { planTeamNotification } from '../notifications/team-notifier.js';
import { dueRlaMarks, type RlaMark } from '../rla/rla-clock.js';
import type { Team } from '../teams/team.js';
import type { Ticket } from './ticket.js';
import type { ClockMark } from './tickets.store.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { rlaMarked } from '../team-events/team-event-of.js';

// The largest warning time a policy may set (rla-policy.schema.ts): the scan looks this far ahead.
/** The stores this module reads and writes. */
export interface RlaMonitorStores extends TeamEventStores {
  readonly teams: TeamsStore;
  readonly tickets: TicketsStore;
  readonly notifications: NotificationsStore;
}

const MAX_WARN_MINUTES = 1_440;
const BATCH = 200;
const MAX_PAGES = 25;

interface PageKey {
  readonly dueAt: Date;
  readonly id: string;
}

const COLUMN: Readonly<Record<string, ClockMark>> = {
  'first_response:warning': 'first_response_warned_at',
  'first_response:breach': 'first_response_breached_at',
  'resolution:warning': 'resolution_warned_at',
  'resolution:breach': 'resolution_breached_at',
};

/**
 * Marks RLA warnings and breaches on tickets and tells the team: an `rla.warning`/`rla.breach`
 * event (to its webhook subscriptions) and an email. Every mark is set once, by whichever process
 * gets there first, so any number of workers may scan: the event is recorded once, and the email
 * is keyed by ticket, clock and mark, so it goes out once too.
 */
export class RlaMonitor {
  constructor(
    private readonly transact: Transact<RlaMonitorStores>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly dispatch: (notificationIds: readonly string[]) => Promise<void>,
  ) {}

  async scan(): Promise<{ warnings: number; breaches: number }> {
    const now = this.clock();
    const horizon = new Date(now.getTime() + MAX_WARN_MINUTES * 60_000);
    const counts = { warnings: 0, breaches: 0 };
    const teams = new Map<string, Team | null>();
    // Tickets within the largest warning time but not yet within their own team's are skipped and
    // stay in the list: page past them rather than let them crowd out the ones due now.
    let after: PageKey | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const from: PageKey | null = after;
      const candidates: Array<Ticket & { runningDueAt: Date }> = await this.transact((s) =>
        s.tickets.listClocksNeedingMarks(now, horizon, BATCH, from),
      );
      await this.markAll(candidates, now, teams, counts);
      const last = candidates.at(-1);
      if (!last || candidates.length < BATCH) break;
      after = { dueAt: last.runningDueAt, id: last.id };
    }
    if (counts.warnings || counts.breaches) this.log.info(counts, 'RLA marks recorded');
    return counts;
  }

  private async markAll(
    candidates: readonly Ticket[],
    now: Date,
    teams: Map<string, Team | null>,
    counts: { warnings: number; breaches: number },
  ): Promise<void> {
    for (const candidate of candidates) {
      const planned = await this.transact(async (s) => {
        const ticket = await s.tickets.lock(candidate.teamId, candidate.id);
        if (!ticket) return [];
        if (!teams.has(ticket.teamId)) teams.set(ticket.teamId, await s.teams.get(ticket.teamId));
        const team = teams.get(ticket.teamId);
        if (!team) return [];
        const ids: string[] = [];
        for (const mark of dueRlaMarks(ticket, now, team.settings.rla.warnBeforeMinutes)) {
          if (!(await s.tickets.mark(ticket.id, COLUMN[`${mark.clock}:${mark.mark}`]!, now))) continue;
          counts[mark.mark === 'breach' ? 'breaches' : 'warnings'] += 1;
          ids.push(...(await this.record(s, team, ticket, mark, now)));
        }
        return ids;
      });
      await this.dispatch(planned);
    }
  }

  private async record(s: RlaMonitorStores, team: Team, ticket: Ticket, mark: RlaMark, now: Date): Promise<string[]> {
    const clockName = mark.clock === 'first_response' ? 'first response' : 'resolution';
    const data = { clock: mark.clock, dueAt: mark.dueAt.toISOString() };
    await s.tickets.addEvent(
      ticket.id,
      { type: mark.mark === 'breach' ? 'rla_breach' : 'rla_warning', actor: 'rla', data, at: now },
      false,
    );
    // Its webhooks go to the team's subscriptions (the settings' webhookUrl is one); email stays a notification.
    await recordTeamEvent(s, rlaMarked(ticket, mark, now));
    const verb = mark.mark === 'breach' ? 'is overdue' : 'is due soon';
    return planTeamNotification(s, {
      teamId: team.id,
      event: `rla.${mark.mark}`,
      subject: `[${team.name}] Ticket #${ticket.number}: ${clockName} ${verb}`,
      text: [
        `Ticket #${ticket.number} (${ticket.subject}, ${ticket.priority} priority) from ${ticket.customer}:`,
        `the ${clockName} ${mark.mark === 'breach' ? 'was' : 'is'} due at ${mark.dueAt.toISOString()}.`,
      ].join('\n'),
      payload: {
        ticketId: ticket.id,
        number: ticket.number,
        priority: ticket.priority,
        customer: ticket.customer,
        ...data,
        mark: mark.mark,
      },
      // Per due time: a clock restarted by a voicemail is a new promise, and its marks are news again.
      dedupeKey: `rla:${ticket.id}:${mark.clock}:${mark.mark}:${mark.dueAt.toISOString()}`,
      settings: { emails: team.settings.notifications.emails },
    });
  }
}
