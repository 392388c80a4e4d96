/** The ticket fields a callback's effect on the first-response clock reads. */
export interface FirstResponseClock {
  readonly status: string;
  readonly firstRespondedAt: Date | null;
}

/** A new first-response clock for the ticket, as ticket changes. */
export interface FirstResponseRestart {
  readonly firstRespondedAt: null;
  readonly firstResponseDueAt: Date;
  readonly firstResponseWarnedAt: null;
  readonly firstResponseBreachedAt: null;
}

/**
 * What a callback request does to the ticket's RLA: the team promised to call in the slot the
 * customer chose, so the first response is owed by the slot's end, and a missed callback warns and
 * breaches through the ordinary first-response clock (RlaMonitor), as a missed answer would.
 *
 * The slot replaces the clock's due time whether it was earlier or later: the customer chose when
 * to be called, so an answer owed sooner by the target is no longer what they wait for, and one
 * owed later would let a missed call go unnoticed. An answered ticket's clock starts again, as a
 * voicemail restarts it: the callback is a new thing the customer waits for. Like any new clock,
 * the old warning and breach stay on the timeline only. The slot's end, not its start, is the due
 * time: a call at 09:40 in a 09:00–10:00 slot keeps the promise, and the warning then comes
 * `warnBeforeMinutes` before the slot runs out. A closed ticket has no clock (null).
 */
export function firstResponseForCallback(ticket: FirstResponseClock, windowEnd: Date): FirstResponseRestart | null {
  if (ticket.status === 'closed') return null; // closing stops both clocks; nothing runs to move
  return {
    firstRespondedAt: null,
    firstResponseDueAt: windowEnd,
    firstResponseWarnedAt: null,
    firstResponseBreachedAt: null,
  };
}

/** Whether doing a callback now answers the ticket: its first-response clock is running. */
export function callbackAnswersTicket(ticket: FirstResponseClock): boolean {
  return ticket.firstRespondedAt === null && ticket.status !== 'closed';
}
