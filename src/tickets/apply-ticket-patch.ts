import type { Group } from '../groups/group.js';
import type { GroupsStore } from '../groups/groups.store.js';
import { ticketDueTimes } from '../rla/due-times.js';
import { defaultSchedule } from '../schedules/schedule.schema.js';
import type { SchedulesStore } from '../schedules/schedules.store.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { ticketUpdated } from '../team-events/team-event-of.js';
import type { RuleCause } from '../team-events/team-event.js';
import type { Team } from '../teams/team.js';
import { dueTimesAtPriority } from './priority-due-times.js';
import type { Ticket } from './ticket.js';
import type { TicketPatch } from './ticket.schema.js';
import type { TicketChanges, TicketsStore } from './tickets.store.js';

/** The stores a change of a ticket's fields reads and writes. */
export interface TicketPatchStores extends TeamEventStores {
  readonly tickets: TicketsStore;
  readonly schedules: SchedulesStore;
  readonly groups: GroupsStore;
}

export interface PatchOrigin {
  /** Who changed it: `user:<email>`, `manager:<token id>`, `rule:<id>` … */
  readonly actor: string;
  readonly now: Date;
  /** Set when a rule made the change, so the rules runner can bound what it causes. */
  readonly causedBy: RuleCause | null;
}

/**
 * Changes a locked ticket's fields as an agent's PATCH or a rule's actions do: moves the RLA
 * clocks, records `ticket.updated` and a timeline entry per field. Users and groups are the
 * caller's to check (`group`: the patch's group, already read). `changed`: anything moved.
 */
export async function applyTicketPatch(
  s: TicketPatchStores,
  team: Team,
  ticket: Ticket,
  patch: TicketPatch,
  group: Group | null,
  origin: PatchOrigin,
): Promise<{ ticket: Ticket; changed: boolean }> {
  const { actor, now } = origin;
  const teamId = team.id;
  const id = ticket.id;
  const before = ticket;
  const changes: TicketChanges = {};
  let reopened = false;
  if (patch.status !== undefined && patch.status !== ticket.status) {
    changes.status = patch.status;
    // Closing stops the resolution clock; reopening starts it again.
    changes.resolvedAt = patch.status === 'closed' ? now : null;
    reopened = ticket.status === 'closed';
  }
  if (patch.chat !== undefined && patch.chat !== ticket.chat) changes.chat = patch.chat;
  const priorityChanged = patch.priority !== undefined && patch.priority !== ticket.priority;
  // Read once, and only when a clock moves.
  const schedule =
    priorityChanged || reopened ? ((await s.schedules.get(teamId)) ?? defaultSchedule(team.timezone)) : null;
  if (priorityChanged && patch.priority) {
    changes.priority = patch.priority;
    Object.assign(changes, await dueTimesAtPriority(s, ticket, team.settings.rla, schedule!, patch.priority));
  }
  if (reopened) {
    // The customer needs something again: fresh clocks from now, at the (new) priority, with
    // the old clocks' marks left on the timeline only.
    const due = ticketDueTimes(team.settings.rla, schedule!, changes.priority ?? ticket.priority, now);
    Object.assign(changes, {
      resolutionDueAt: due.resolutionDueAt,
      resolutionWarnedAt: null,
      resolutionBreachedAt: null,
    });
    if (!ticket.firstRespondedAt)
      Object.assign(changes, {
        firstResponseDueAt: due.firstResponseDueAt,
        firstResponseWarnedAt: null,
        firstResponseBreachedAt: null,
      });
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assigneeId) changes.assigneeId = patch.assigneeId;
  if (patch.groupId !== undefined && patch.groupId !== ticket.groupId) changes.groupId = patch.groupId;
  const tags = patch.tags ? [...new Set(patch.tags)] : undefined;
  if (tags && JSON.stringify(tags) !== JSON.stringify(ticket.tags)) changes.tags = tags;
  if (Object.keys(changes).length > 0) ticket = await s.tickets.update(id, changes, now);
  await recordTeamEvent(s, withCause(ticketUpdated(before, ticket, actor, now), origin.causedBy));

  const at = now;
  if (changes.status)
    await s.tickets.addEvent(id, {
      type: 'status_changed',
      actor,
      data: { from: before.status, to: ticket.status },
      at,
    });
  if (changes.chat)
    await s.tickets.addEvent(id, { type: 'chat_changed', actor, data: { from: before.chat, to: ticket.chat }, at });
  if (reopened && changes.firstResponseDueAt) {
    await s.tickets.addEvent(id, {
      type: 'first_response',
      actor: 'rla',
      data: { awaiting: true, dueAt: changes.firstResponseDueAt.toISOString(), reason: 'reopened' },
      at,
    });
  }
  if (changes.priority)
    await s.tickets.addEvent(id, {
      type: 'priority_changed',
      actor,
      data: { from: before.priority, to: ticket.priority },
      at,
    });
  // Anyone of the team may take a ticket; one outside its group is allowed, and noted.
  const groupNow = group ?? (ticket.groupId && changes.assigneeId ? await s.groups.get(teamId, ticket.groupId) : null);
  const outsideGroup =
    groupNow !== null && ticket.assigneeId !== null && !groupNow.memberIds.includes(ticket.assigneeId);
  if (changes.groupId !== undefined)
    await s.tickets.addEvent(id, {
      type: 'group_changed',
      actor,
      data: { from: before.groupId, to: ticket.groupId, ...(outsideGroup ? { outsideGroup: true } : {}) },
      at,
    });
  if (changes.assigneeId !== undefined)
    await s.tickets.addEvent(id, {
      type: 'assigned',
      actor,
      data: { from: before.assigneeId, to: ticket.assigneeId, ...(outsideGroup ? { outsideGroup: true } : {}) },
      at,
    });
  if (changes.tags)
    await s.tickets.addEvent(id, { type: 'tags_changed', actor, data: { from: before.tags, to: ticket.tags }, at });
  return { ticket, changed: Object.keys(changes).length > 0 };
}

function withCause<E extends { readonly data: object }>(event: E | null, causedBy: RuleCause | null): E | null {
  return event && causedBy ? { ...event, data: { ...event.data, causedBy } } : event;
}
