import crypto from 'node:crypto';
import { UnprocessableError } from '../errors.js';
import { isPhoneNumber } from '../phone-number.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { callbackDone, callbackRequested } from '../team-events/team-event-of.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import { callbackAnswersTicket, firstResponseForCallback } from './callback-rla.js';
import { isValidTimeZone } from './callback-slots.js';
import type { TicketTask } from './ticket-task.js';
import type { TicketTasksStore } from './ticket-tasks.store.js';

/** The stores this module reads and writes. */
export interface CallbackTaskStores extends TeamEventStores {
  readonly tickets: TicketsStore;
  readonly tasks: TicketTasksStore;
}

/** A callback the customer asked for, in a slot from callbackSlots. */
export interface CallbackRequest {
  /** The customer's ticket, locked by the caller's transaction. */
  readonly ticket: Ticket;
  readonly teamId: string;
  /** The number to call, E.164. */
  readonly phone: string;
  readonly name: string | null;
  readonly regarding: string | null;
  /** The slot chosen: the call is due from `start` and late after `end`. */
  readonly slot: { readonly start: Date; readonly end: Date };
  /** The zone the slot was shown in (slotsTimeZone). */
  readonly timeZone: string;
  readonly now: Date;
  /** Who asked: "customer" from the after-hours conversation. */
  readonly actor: string;
}

/** Thrown for a request the flow should not have let through; it rolls the caller's transaction back. */
function invalid(field: string, message: string): UnprocessableError {
  return new UnprocessableError(`${field}: ${message}`, 'invalid_value', field);
}

function checkRequest(r: CallbackRequest): void {
  if (r.ticket.teamId !== r.teamId) throw invalid('ticket', "is not this team's ticket");
  if (!isPhoneNumber(r.phone))
    throw invalid('phone', `"${r.phone}" is not a phone number in E.164 form (+48601234567)`);
  if (!(r.slot.end.getTime() > r.slot.start.getTime())) throw invalid('slot', 'must end after it starts');
  if (!isValidTimeZone(r.timeZone)) throw invalid('timeZone', `"${r.timeZone}" is not an IANA time zone`);
}

/**
 * Creates a callback task on the ticket, inside the caller's transaction: the task, a
 * `callback_requested` entry on the timeline, a `callback.requested` team event, and the ticket's
 * first-response clock due at the slot's end (see firstResponseForCallback), so a missed callback
 * warns and breaches like a missed answer. Answers the task and the ticket as it now is.
 */
export async function createCallbackTask(
  stores: CallbackTaskStores,
  r: CallbackRequest,
): Promise<{ task: TicketTask; ticket: Ticket }> {
  checkRequest(r);
  const task: TicketTask = {
    id: crypto.randomUUID(),
    teamId: r.teamId,
    ticketId: r.ticket.id,
    type: 'callback',
    status: 'open',
    dueAt: r.slot.start,
    windowEnd: r.slot.end,
    phone: r.phone,
    name: r.name,
    regarding: r.regarding,
    timeZone: r.timeZone,
    createdAt: r.now,
    doneAt: null,
    doneBy: null,
  };
  await stores.tasks.insert(task);
  await stores.tickets.addEvent(r.ticket.id, {
    type: 'callback_requested',
    actor: r.actor,
    data: {
      taskId: task.id,
      dueAt: task.dueAt.toISOString(),
      windowEnd: task.windowEnd.toISOString(),
      phone: task.phone,
      timeZone: task.timeZone,
    },
    at: r.now,
  });
  await recordTeamEvent(stores, callbackRequested(task, r.actor, r.now));
  let ticket = r.ticket;
  const clock = firstResponseForCallback(ticket, task.windowEnd);
  if (clock) {
    ticket = await stores.tickets.update(ticket.id, clock, r.now);
    await stores.tickets.addEvent(ticket.id, {
      type: 'first_response',
      actor: 'rla',
      data: { awaiting: true, dueAt: clock.firstResponseDueAt.toISOString(), reason: 'callback', taskId: task.id },
      at: r.now,
    });
  }
  return { task, ticket };
}

/**
 * Marks an open task of the (locked) ticket done, inside the caller's transaction: on the
 * timeline, as a `callback.done` team event, and as the ticket's first response when the clock
 * still runs (the call the team promised is the answer). Answers the task as it now is.
 */
export async function completeTask(
  stores: CallbackTaskStores,
  ticket: Ticket,
  task: TicketTask,
  actor: string,
  now: Date,
): Promise<TicketTask> {
  const done = await stores.tasks.markDone(task.id, now, actor);
  await stores.tickets.addEvent(ticket.id, {
    type: 'callback_done',
    actor,
    data: { taskId: task.id, phone: task.phone },
    at: now,
  });
  await recordTeamEvent(stores, callbackDone(done, actor, now));
  if (callbackAnswersTicket(ticket)) {
    await stores.tickets.update(ticket.id, { firstRespondedAt: now }, now);
    await stores.tickets.addEvent(ticket.id, {
      type: 'first_response',
      actor,
      data: { respondedAt: now.toISOString(), by: 'callback', taskId: task.id },
      at: now,
    });
  }
  return done;
}

/**
 * An answered call to `phone` on the ticket (an outbound call an agent made): every open callback
 * task for that number is done by it, inside the caller's transaction. Answers the tasks it did.
 */
export async function completeCallbacksByCall(
  stores: CallbackTaskStores,
  c: { readonly teamId: string; readonly ticketId: string; readonly phone: string; readonly now: Date },
): Promise<TicketTask[]> {
  let ticket = await stores.tickets.lock(c.teamId, c.ticketId);
  if (!ticket) return [];
  const done: TicketTask[] = [];
  for (const task of await stores.tasks.lockOpenForPhone(c.teamId, c.ticketId, 'callback', c.phone)) {
    done.push(await completeTask(stores, ticket, task, 'call', c.now));
    // The first task answered the ticket: the others only close.
    ticket = (await stores.tickets.get(c.teamId, c.ticketId)) ?? ticket;
  }
  return done;
}
