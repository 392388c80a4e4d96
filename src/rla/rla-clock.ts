const MINUTE_MS = 60_000;

/** A ticket's two RLA clocks: until the first answer, and until resolution. */
export type RlaClock = 'first_response' | 'resolution';
export type RlaMarkKind = 'warning' | 'breach';

/** A mark to record on a ticket now (and to notify about): `clock` is near or past `dueAt`. */
export interface RlaMark {
  readonly clock: RlaClock;
  readonly mark: RlaMarkKind;
  readonly dueAt: Date;
}

/** How a clock stands, for the API view. */
export type RlaClockState = 'met' | 'pending' | 'warning' | 'breached' | 'none';

export interface RlaStatus {
  readonly firstResponse: RlaClockState;
  readonly resolution: RlaClockState;
}

/** The ticket fields the clocks read; a Ticket has them all. A null due time means no target. */
export interface RlaClockFields {
  /** Only "closed" matters here: it stops both clocks. */
  readonly status: string;
  readonly firstResponseDueAt: Date | null;
  readonly firstRespondedAt: Date | null;
  readonly resolutionDueAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly firstResponseWarnedAt: Date | null;
  readonly firstResponseBreachedAt: Date | null;
  readonly resolutionWarnedAt: Date | null;
  readonly resolutionBreachedAt: Date | null;
}

interface ClockReading {
  readonly clock: RlaClock;
  readonly dueAt: Date | null;
  /** When the clock was stopped by the event it waits for (answer, resolution), if it was. */
  readonly stoppedAt: Date | null;
  readonly closed: boolean;
  /** How a clock that closing stopped, unbreached and without its own event, reads in the view. */
  readonly stateWhenClosed: RlaClockState;
  readonly warnedAt: Date | null;
  readonly breachedAt: Date | null;
}

function readClocks(fields: RlaClockFields): { firstResponse: ClockReading; resolution: ClockReading } {
  const closed = fields.status === 'closed';
  return {
    firstResponse: {
      clock: 'first_response',
      dueAt: fields.firstResponseDueAt,
      stoppedAt: fields.firstRespondedAt,
      closed,
      stateWhenClosed: 'none', // closed without an answer: no answer is owed any more
      warnedAt: fields.firstResponseWarnedAt,
      breachedAt: fields.firstResponseBreachedAt,
    },
    resolution: {
      clock: 'resolution',
      dueAt: fields.resolutionDueAt,
      stoppedAt: fields.resolvedAt,
      closed,
      stateWhenClosed: 'met', // closing a ticket resolves it
      warnedAt: fields.resolutionWarnedAt,
      breachedAt: fields.resolutionBreachedAt,
    },
  };
}

function isRunning(reading: ClockReading): boolean {
  return reading.stoppedAt === null && !reading.closed;
}

/** When the warning period before `dueAt` starts, or null when the policy does not warn. */
function warningStart(dueAt: Date, warnBeforeMinutes: number): number | null {
  return warnBeforeMinutes > 0 ? dueAt.getTime() - warnBeforeMinutes * MINUTE_MS : null;
}

function markDue(reading: ClockReading, now: Date, warnBeforeMinutes: number): RlaMarkKind | null {
  const { dueAt } = reading;
  if (dueAt === null) return null; // no target on this clock
  if (!isRunning(reading)) return null; // answered, resolved or closed: nothing left to miss
  if (reading.breachedAt !== null) return null; // a clock breaches once
  if (now.getTime() >= dueAt.getTime()) return 'breach'; // past due: the breach alone, no late warning
  if (reading.warnedAt !== null) return null; // a clock warns once
  const warnFrom = warningStart(dueAt, warnBeforeMinutes);
  return warnFrom !== null && now.getTime() >= warnFrom ? 'warning' : null;
}

/**
 * The warnings and breaches due on a ticket at `now` that are not recorded yet, first-response clock
 * first. A running clock breaches once now reaches its due time; it warns once from
 * `warnBeforeMinutes` before it (0 = never), unless it is already past due. A clock stopped by its
 * answer or resolution, or by closing the ticket, gets no new marks.
 */
export function dueRlaMarks(fields: RlaClockFields, now: Date, warnBeforeMinutes: number): RlaMark[] {
  const { firstResponse, resolution } = readClocks(fields);
  return [firstResponse, resolution].flatMap((reading) => {
    const mark = markDue(reading, now, warnBeforeMinutes);
    return mark === null || reading.dueAt === null ? [] : [{ clock: reading.clock, mark, dueAt: reading.dueAt }];
  });
}

function clockState(reading: ClockReading, now: Date, warnBeforeMinutes: number): RlaClockState {
  const { dueAt } = reading;
  if (dueAt === null) return 'none';
  if (reading.breachedAt !== null) return 'breached';
  // Stopped at or after the due time: missed, even if no breach was recorded before it stopped.
  if (reading.stoppedAt !== null) return reading.stoppedAt.getTime() >= dueAt.getTime() ? 'breached' : 'met';
  if (reading.closed) return reading.stateWhenClosed;
  if (now.getTime() >= dueAt.getTime()) return 'breached';
  const warnFrom = warningStart(dueAt, warnBeforeMinutes);
  return warnFrom !== null && now.getTime() >= warnFrom ? 'warning' : 'pending';
}

/**
 * How each clock stands at `now`: 'none' without a target (or, for the first response, when the
 * ticket was closed unanswered), 'met' when stopped before its due time, 'breached' when a breach
 * was recorded or the clock reached its due time, 'warning' within `warnBeforeMinutes` of it,
 * otherwise 'pending'. Computed from the times, so it does not wait for the marks to be recorded.
 */
export function rlaStatus(fields: RlaClockFields, now: Date, warnBeforeMinutes: number): RlaStatus {
  const { firstResponse, resolution } = readClocks(fields);
  return {
    firstResponse: clockState(firstResponse, now, warnBeforeMinutes),
    resolution: clockState(resolution, now, warnBeforeMinutes),
  };
}
