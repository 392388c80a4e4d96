import crypto from 'node:crypto';
import { planAutoReply } from '../auto-replies/auto-reply.service.js';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import type { SchedulesStore } from '../schedules/schedules.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { TicketsStore } from './tickets.store.js';
import type { UsersStore } from '../users/users.store.js';
import type { GroupsStore } from '../groups/groups.store.js';
import type { AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import type { TeamConfigStores } from '../auto-replies/team-config.js';
import type { TicketActivityStores } from './ticket-activity.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import type { OutboundDispatcher } from '../messages/outbound-dispatcher.js';
import { ticketDueTimes } from '../rla/due-times.js';
import { rlaStatus } from '../rla/rla-clock.js';
import type { Team } from '../teams/team.js';
import { loadTeamConfig } from '../auto-replies/team-config.js';
import type { Message } from '../messages/message.js';
import type { Ticket, TicketEvent } from './ticket.js';
import type { TicketCreate, TicketListQuery, TicketPatch } from './ticket.schema.js';
import type { TicketListCursor } from './ticket-list-cursor.js';
import { whatsappWindow, type WhatsappWindow } from '../messages/whatsapp-window.js';
import type { ContactCard } from '../contacts/contacts.store.js';
import { applyTicketPatch } from './apply-ticket-patch.js';
import { noteAutoReply } from './ticket-activity.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { ticketCreated } from '../team-events/team-event-of.js';

/** The stores this module reads and writes. */
export interface TicketsServiceStores extends AutoReplyStores, TeamConfigStores, TicketActivityStores {
  readonly contacts: ContactsStore;
  readonly schedules: SchedulesStore;
  readonly teams: TeamsStore;
  readonly tickets: TicketsStore;
  readonly users: UsersStore;
  readonly groups: GroupsStore;
}

export interface TicketView {
  readonly ticket: Ticket;
  readonly events: readonly TicketEvent[];
  readonly rla: ReturnType<typeof rlaStatus>;
  /** WhatsApp's 24-hour window with the customer; null when they never wrote on WhatsApp. */
  readonly whatsappWindow: WhatsappWindow | null;
  /** The customer's name, email and lead status, as far as they told us. */
  readonly contact: ContactCard | null;
  /** A web chat ticket whose visitor has the widget open (visible or in a background tab). */
  readonly online: boolean;
}

/** A page of the inbox, and where the next one starts (null on the last page). */
export interface TicketPage {
  readonly views: readonly TicketView[];
  readonly next: TicketListCursor | null;
}

/** Tickets as agents and managers see and change them; every change lands on the timeline. */
export class TicketsService {
  constructor(
    private readonly transact: Transact<TicketsServiceStores>,
    private readonly clock: Clock,
    private readonly dispatcher: OutboundDispatcher,
  ) {}

  /**
   * Opens a ticket with RLA due times. A ticket from the web or app form that arrives outside the
   * schedule gets the team's `after_hours_ticket` reply by SMS, through the usual decision path.
   */
  async create(principal: Principal, teamId: string, input: TicketCreate): Promise<TicketView> {
    assertTeamAccess(principal, teamId, 'agent');
    const actor = principalLabel(principal);
    const now = this.clock();
    const { view, messageIds } = await this.transact(async (s) => {
      const config = await loadTeamConfig(s, teamId);
      if (!config) throw new NotFoundError('team');
      await this.assertAssignee(s, teamId, input.assigneeId);
      const fromForm = input.channel === 'web' || input.channel === 'app';
      // Lock order everywhere: contact, then ticket.
      const contact = fromForm ? await s.contacts.lockForReply(teamId, input.customer) : null;
      const ticket = await s.tickets.insert({
        id: crypto.randomUUID(),
        teamId,
        status: 'open',
        priority: input.priority,
        assigneeId: input.assigneeId,
        tags: [...new Set(input.tags)],
        subject: input.subject,
        channel: input.channel,
        source: 'api',
        customer: input.customer,
        ...ticketDueTimes(config.team.settings.rla, config.schedule, input.priority, now),
        createdAt: now,
      });
      await s.tickets.addEvent(ticket.id, {
        type: 'created',
        actor,
        data: { source: 'api', channel: input.channel },
        at: now,
      });
      await recordTeamEvent(s, ticketCreated(ticket, actor, now));
      const messageIds: string[] = [];
      const teamNumber = config.team.numbers[0];
      if (contact && teamNumber) {
        const reply = await planAutoReply(s, {
          config,
          contact,
          claim: false,
          kind: 'after_hours_ticket',
          channel: 'sms',
          customer: input.customer,
          teamNumber,
          eventId: null,
          isKeyword: false,
          afterHoursOnly: true,
          customerName: null,
          ticket,
          variables: {},
          now,
        });
        if (reply.message) messageIds.push(reply.message.id);
        await noteAutoReply(s, ticket, reply.decision, reply.messageId, 'sms', now);
      }
      const stored = (await s.tickets.get(teamId, ticket.id))!;
      return { view: await this.viewOne(s, config.team, stored), messageIds };
    });
    await this.dispatcher.dispatch(messageIds);
    return view;
  }

  /** A page of a view of the team's tickets, filtered: last message first. */
  async list(principal: Principal, teamId: string, q: TicketListQuery): Promise<TicketPage> {
    assertTeamAccess(principal, teamId, 'agent');
    const caller = q.view === 'mine' ? (principal.userId ?? null) : null;
    if (q.view === 'mine' && !caller)
      throw new UnprocessableError(
        'view=mine lists the tickets assigned to the signed-in user, and this token is no user: sign in to /manage, or ask for view=all&assigneeId=<user id>',
        'view_needs_user',
        'view',
      );
    return this.transact(async (s) => {
      const team = await this.team(s, teamId);
      if (q.assigneeId) await this.assertAssignee(s, teamId, q.assigneeId);
      if (q.groupId) await this.assertGroup(s, teamId, q.groupId);
      const after =
        q.cursor ?? (q.beforeNumber !== undefined ? await this.placeOf(s, teamId, q.beforeNumber) : undefined);
      // Mine and someone else's at once: nobody's.
      if (caller && q.assigneeId && q.assigneeId !== caller) return { views: [], next: null };
      // One more than asked: whether there is a next page, without a second query.
      const listed = await s.tickets.list(teamId, {
        awaitingAgent: q.view === 'new',
        assigneeId: caller ?? q.assigneeId,
        groupId: q.groupId,
        customer: q.customer,
        status: q.status,
        channel: q.channel,
        source: q.source,
        before: q.before ? new Date(q.before) : undefined,
        after,
        limit: q.limit + 1,
      });
      const page = listed.slice(0, q.limit);
      const events = await s.tickets.events(page.map((l) => l.ticket.id));
      return {
        views: page.map((l) =>
          this.view(team, l.ticket, events.get(l.ticket.id) ?? [], l.lastWhatsappInboundAt, l.contact),
        ),
        next: listed.length > q.limit ? page.at(-1)!.cursor : null,
      };
    });
  }

  /** An agent opened the thread: the customer's messages on it are read for the team. */
  async markRead(principal: Principal, teamId: string, id: string): Promise<TicketView> {
    assertTeamAccess(principal, teamId, 'agent');
    const now = this.clock();
    return this.transact(async (s) => {
      const team = await this.team(s, teamId);
      const ticket = await s.tickets.markRead(teamId, id, now);
      if (!ticket) throw new NotFoundError('ticket');
      return this.viewOne(s, team, ticket);
    });
  }

  async get(principal: Principal, teamId: string, id: string): Promise<TicketView> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      const team = await this.team(s, teamId);
      const ticket = await s.tickets.get(teamId, id);
      if (!ticket) throw new NotFoundError('ticket');
      return this.viewOne(s, team, ticket);
    });
  }

  /** A page of the ticket's thread (its messages), oldest first. */
  async thread(
    principal: Principal,
    teamId: string,
    id: string,
    page: { after: { createdAt: Date; id: string } | null; limit: number },
  ): Promise<Message[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.tickets.get(teamId, id))) throw new NotFoundError('ticket');
      return s.messages.thread(id, page.after, page.limit);
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
      await this.assertAssignee(s, teamId, patch.assigneeId ?? null);
      const group = patch.groupId ? await this.assertGroup(s, teamId, patch.groupId) : null;
      const { ticket: changed, changed: anyChange } = await applyTicketPatch(s, team, ticket, patch, group, {
        actor,
        now,
        causedBy: null,
      });
      // The events just added moved last_activity_at: answer with the row as stored, as a GET would.
      ticket = anyChange ? (await s.tickets.get(teamId, id))! : changed;
      return this.viewOne(s, team, ticket);
    });
  }

  private async assertAssignee(s: TicketsServiceStores, teamId: string, assigneeId: string | null): Promise<void> {
    if (!assigneeId) return;
    const user = await s.users.get(assigneeId);
    if (!user || user.teamId !== teamId) {
      throw new UnprocessableError(
        `no user "${assigneeId}" in this team; assign a user id from GET /api/teams/${teamId}/users`,
        'unknown_user',
        'assigneeId',
      );
    }
  }

  private async assertGroup(s: TicketsServiceStores, teamId: string, groupId: string) {
    const group = await s.groups.get(teamId, groupId);
    if (!group)
      throw new UnprocessableError(
        `no group "${groupId}" in this team; use a group id from GET /api/teams/${teamId}/groups`,
        'unknown_group',
        'groupId',
      );
    return group;
  }

  private async team(s: TicketsServiceStores, teamId: string): Promise<Team> {
    const team = await s.teams.get(teamId);
    if (!team) throw new NotFoundError('team');
    return team;
  }

  /** The place in the list of the ticket numbered `number`: the page after it is the next one. */
  private async placeOf(s: TicketsServiceStores, teamId: string, number: number): Promise<TicketListCursor> {
    const place = await s.tickets.listCursorOf(teamId, number);
    if (!place)
      throw new UnprocessableError(
        `no ticket numbered ${number} in this team; pass the last listed ticket's number, or page with cursor`,
        'unknown_ticket',
        'beforeNumber',
      );
    return place;
  }

  private async viewOne(s: TicketsServiceStores, team: Team, ticket: Ticket): Promise<TicketView> {
    const events = (await s.tickets.events([ticket.id])).get(ticket.id) ?? [];
    const found = await s.contacts.getWithCard(team.id, ticket.customer);
    return this.view(team, ticket, events, found?.contact.lastWhatsappInboundAt ?? null, found?.card ?? null);
  }

  private view(
    team: Team,
    ticket: Ticket,
    events: readonly TicketEvent[],
    lastWhatsappInboundAt: Date | null,
    contact: ContactCard | null,
  ): TicketView {
    const now = this.clock();
    return {
      ticket,
      events,
      rla: rlaStatus(ticket, now, team.settings.rla.warnBeforeMinutes),
      whatsappWindow: whatsappWindow(lastWhatsappInboundAt, now),
      contact,
      online: ticket.channel === 'web' && (contact?.webPresence === 'open' || contact?.webPresence === 'hidden'),
    };
  }
}
