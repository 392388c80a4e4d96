import { ticketDueTimes } from '../rla/due-times.js';
import type { Priority } from '../rla/priority.js';
import type { RlaPolicy } from '../rla/rla-policy.js';
import type { Schedule } from '../schedules/schedule.schema.js';
import type { Ticket } from './ticket.js';
import type { TicketChanges, TicketsStore } from './tickets.store.js';

/**
 * The due times a ticket owes at a new priority: each clock not yet stopped is counted again at
 * the new targets, the first response from its last restart (a voicemail, a reopening) or else
 * from the ticket's start; a first response owed for a callback keeps its slot's end. Used by a manual priority change and by RLA escalation alike.
 */
export async function dueTimesAtPriority(
  stores: { readonly tickets: TicketsStore },
  ticket: Ticket,
  policy: RlaPolicy,
  schedule: Schedule,
  priority: Priority,
): Promise<TicketChanges> {
  const changes: TicketChanges = {};
  if (!ticket.firstRespondedAt) {
    const restart = await stores.tickets.lastFirstResponseRestart(ticket.id);
    // A callback is owed by the end of the slot the customer chose, whatever the priority's target.
    if (restart?.reason !== 'callback') {
      const from = restart?.at ?? ticket.createdAt;
      changes.firstResponseDueAt = ticketDueTimes(policy, schedule, priority, from).firstResponseDueAt;
    }
  }
  if (!ticket.resolvedAt)
    changes.resolutionDueAt = ticketDueTimes(policy, schedule, priority, ticket.createdAt).resolutionDueAt;
  return changes;
}
