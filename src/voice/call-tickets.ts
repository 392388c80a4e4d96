import { ticketDueTimes } from '../rla/due-times.js';
import { escalatedPriority } from '../rla/escalation.js';
import type { TeamConfig } from '../auto-replies/team-config.js';
import type { Call } from './call.js';
import { isMissedOutcome, type CallOutcome } from './classify-call.js';
import { dueTimesAtPriority } from '../tickets/priority-due-times.js';
import { openingTicket } from '../tickets/open-ticket.js';
import { missedCallSubject, type Ticket } from '../tickets/ticket.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import { recordTeamEvent, type TeamEventStores } from '../team-events/record-team-event.js';
import { ticketCreated, ticketUpdated } from '../team-events/team-event-of.js';

export interface CallOnTicket {
  readonly config: TeamConfig;
  readonly call: Call;
  readonly outcome: CallOutcome;
  /** Missed calls from this customer in the escalation window, this one included. */
  readonly missedInWindow: number;
  readonly now: Date;
}

/**
 * Puts a finished call on the customer's open or pending ticket (active within the team's
 * attach window), or, for a call that did not get through and when the team's "create tickets
 * for missed calls" option is on, on a new "Missed call" ticket with RLA due times. Applies the
 * escalation rule and the "a voicemail needs a response" rule. Returns the ticket, if any.
 */
export async function logCallOnTicket(
  stores: { readonly tickets: TicketsStore } & TeamEventStores,
  c: CallOnTicket,
): Promise<Ticket | null> {
  const { team, schedule } = c.config;
  const { missedCalls, rla } = team.settings;
  const missed = isMissedOutcome(c.outcome);
  const since = new Date(c.now.getTime() - missedCalls.attachWindowHours * 3_600_000);
  let ticket = await stores.tickets.lockOpenForCustomer(team.id, c.call.customer, since);
  if (!ticket) {
    if (!missed || !missedCalls.createTickets) return null;
    ticket = await stores.tickets.insert(
      openingTicket(
        c.config,
        {
          channel: 'voice',
          source: c.outcome === 'voicemail_left' ? 'voicemail' : 'missed_call',
          customer: c.call.customer,
          subject: missedCallSubject(team.locale),
        },
        c.now,
      ),
    );
    await stores.tickets.addEvent(ticket.id, {
      type: 'created',
      actor: 'system',
      data: { source: ticket.source, callId: c.call.id },
      at: c.now,
    });
    await recordTeamEvent(stores, ticketCreated(ticket, 'system', c.now));
  }

  await stores.tickets.addEvent(ticket.id, {
    type: 'call',
    actor: 'customer',
    data: {
      callId: c.call.id,
      callSid: c.call.callSid,
      outcome: c.outcome,
      durationSeconds: c.call.durationSeconds,
      lastStage: c.call.stage,
    },
    at: c.now,
  });
  if (c.outcome === 'voicemail_left') {
    await stores.tickets.addEvent(ticket.id, {
      type: 'voicemail',
      actor: 'customer',
      data: { callId: c.call.id, recordingUrl: c.call.recordingUrl, durationSeconds: c.call.recordingSeconds },
      at: c.now,
    });
    // Like a new message: the customer is waiting for an answer again.
    if (rla.voicemailNeedsResponse && ticket.firstRespondedAt) {
      const { firstResponseDueAt } = ticketDueTimes(rla, schedule, ticket.priority, c.now);
      // A new clock: the old one's warning and breach stay on the timeline, not on this one.
      ticket = await stores.tickets.update(
        ticket.id,
        { firstRespondedAt: null, firstResponseDueAt, firstResponseWarnedAt: null, firstResponseBreachedAt: null },
        c.now,
      );
      await stores.tickets.addEvent(ticket.id, {
        type: 'first_response',
        actor: 'rla',
        data: { awaiting: true, dueAt: firstResponseDueAt.toISOString(), reason: 'voicemail' },
        at: c.now,
      });
    }
  }

  // An agent talked to the caller: that is the first response.
  if (c.outcome === 'call_completed' && !ticket.firstRespondedAt) {
    ticket = await stores.tickets.update(ticket.id, { firstRespondedAt: c.now }, c.now);
    await stores.tickets.addEvent(ticket.id, {
      type: 'first_response',
      actor: 'agent',
      data: { respondedAt: c.now.toISOString(), by: 'call' },
      at: c.now,
    });
  }

  const raised = missed ? escalatedPriority(rla, ticket.priority, c.missedInWindow) : null;
  if (raised) {
    const unraised = ticket;
    const before = ticket.priority;
    // A higher priority owes a faster answer: the due times follow, unless already met.
    ticket = await stores.tickets.update(
      ticket.id,
      { priority: raised, ...(await dueTimesAtPriority(stores, ticket, rla, schedule, raised)) },
      c.now,
    );
    await recordTeamEvent(stores, ticketUpdated(unraised, ticket, 'rla', c.now));
    await stores.tickets.addEvent(ticket.id, {
      type: 'priority_changed',
      actor: 'rla',
      data: {
        from: before,
        to: raised,
        reason: `${c.missedInWindow} missed calls within ${rla.escalation?.withinHours ?? 0} h`,
      },
      at: c.now,
    });
  }
  return ticket;
}
