import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Stores, Transact } from '../db/stores.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import { ticketDueTimes } from '../rla/due-times.js';
import { rlaStatus } from '../rla/rla-clock.js';
import { defaultSchedule } from '../schedules/schedule.schema.js';
import type { Team } from '../teams/team.js';
import type { Ticket, TicketEvent } from './ticket.js';
import type { TicketPatch } from './ticket.schema.js';
import type { TicketChanges, TicketFilter } from './tickets.store.js';

export interface TicketView {
  readonly ticket: Ticket;
  readonly events: readonly TicketEvent[];
  readonly rla: ReturnType<typeof rlaStatus>;
}

/** Tickets as agents and managers see and change them; every change lands on the timeline. */
export class TicketsService {
  constructor(
    private readonly transact: Transact,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, teamId: string, filter: TicketFilter): Promise<TicketView[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      const team = await this.team(s, teamId);
      const tickets = await s.tickets.list(teamId, filter);
      const events = await s.tickets.events(tickets.map((t) => t.id));
      return tickets.map((t) => this.view(team, t, events.get(t.id) ?? []));
    });
  }

  async get(principal: Principal, teamId: string, id: string): Promise<TicketView> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      const team = await this.team(s, teamId);
      const ticket = await s.tickets.get(teamId, id);
      if (!ticket) throw new NotFoundError('ticket');
      return this.view(team, ticket, (await s.tickets.events([id])).get(id) ?? []);
    });
  }

  async update(principal: Principal, teamId: string, id: string, patch: TicketPatch): Promise<TicketView> {
    assertTeamAccess(principal, teamId, 'agent');
    const actor = principalLabel(principal);
    const now = this.clock();
    return this.transact(async (s) => {
      const team = await this.team(s, teamId);
      let ticket = await s.tickets.lock(teamId, id);
      if (!ticket) throw new NotFoundError('ticket');
      if (patch.assigneeId) {
        const user = await s.users.get(patch.assigneeId);
        if (!user || user.teamId !== teamId) {
          throw new UnprocessableError(`no user "${patch.assigneeId}" in this team; assign a user id from GET /api/teams/${teamId}/users`, 'unknown_user', 'assigneeId');
        }
      }
      const before = ticket;
      const changes: TicketChanges = {};
      let reopened = false;
      if (patch.status !== undefined && patch.status !== ticket.status) {
        changes.status = patch.status;
        // Closing stops the resolution clock; reopening starts it again.
        changes.resolvedAt = patch.status === 'closed' ? now : null;
        reopened = ticket.status === 'closed';
      }
      if (patch.priority !== undefined && patch.priority !== ticket.priority) {
        changes.priority = patch.priority;
        const schedule = (await s.schedules.get(teamId)) ?? defaultSchedule(team.timezone);
        const due = ticketDueTimes(team.settings.rla, schedule, patch.priority, ticket.createdAt);
        if (!ticket.firstRespondedAt) {
          // A first-response clock a voicemail restarted counts from the restart, not from the ticket's start.
          const restartedAt = await s.tickets.firstResponseRestartedAt(id);
          changes.firstResponseDueAt = restartedAt ? ticketDueTimes(team.settings.rla, schedule, patch.priority, restartedAt).firstResponseDueAt : due.firstResponseDueAt;
        }
        if (!ticket.resolvedAt) changes.resolutionDueAt = due.resolutionDueAt;
      }
      if (reopened) {
        // The customer needs something again: fresh clocks from now, at the (new) priority, with
        // the old clocks' marks left on the timeline only.
        const schedule = (await s.schedules.get(teamId)) ?? defaultSchedule(team.timezone);
        const due = ticketDueTimes(team.settings.rla, schedule, changes.priority ?? ticket.priority, now);
        Object.assign(changes, { resolutionDueAt: due.resolutionDueAt, resolutionWarnedAt: null, resolutionBreachedAt: null });
        if (!ticket.firstRespondedAt) Object.assign(changes, { firstResponseDueAt: due.firstResponseDueAt, firstResponseWarnedAt: null, firstResponseBreachedAt: null });
      }
      if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assigneeId) changes.assigneeId = patch.assigneeId;
      const tags = patch.tags ? [...new Set(patch.tags)] : undefined;
      if (tags && JSON.stringify(tags) !== JSON.stringify(ticket.tags)) changes.tags = tags;
      if (Object.keys(changes).length > 0) ticket = await s.tickets.update(id, changes, now);

      const at = now;
      if (changes.status) await s.tickets.addEvent(id, { type: 'status_changed', actor, data: { from: before.status, to: ticket.status }, at });
      if (reopened && changes.firstResponseDueAt) {
        await s.tickets.addEvent(id, { type: 'first_response', actor: 'rla', data: { awaiting: true, dueAt: changes.firstResponseDueAt.toISOString(), reason: 'reopened' }, at });
      }
      if (changes.priority) await s.tickets.addEvent(id, { type: 'priority_changed', actor, data: { from: before.priority, to: ticket.priority }, at });
      if (changes.assigneeId !== undefined) await s.tickets.addEvent(id, { type: 'assigned', actor, data: { from: before.assigneeId, to: ticket.assigneeId }, at });
      if (changes.tags) await s.tickets.addEvent(id, { type: 'tags_changed', actor, data: { from: before.tags, to: ticket.tags }, at });
      // The events just added moved last_activity_at: answer with the row as stored, as a GET would.
      if (Object.keys(changes).length > 0) ticket = (await s.tickets.get(teamId, id))!;
      return this.view(team, ticket, (await s.tickets.events([id])).get(id) ?? []);
    });
  }

  private async team(s: Stores, teamId: string): Promise<Team> {
    const team = await s.teams.get(teamId);
    if (!team) throw new NotFoundError('team');
    return team;
  }

  private view(team: Team, ticket: Ticket, events: readonly TicketEvent[]): TicketView {
    return { ticket, events, rla: rlaStatus(ticket, this.clock(), team.settings.rla.warnBeforeMinutes) };
  }
}
