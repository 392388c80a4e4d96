export const TASK_TYPES = ['callback'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Something an agent owes a ticket's customer at a time: a callback in the slot they chose. */
export interface TicketTask {
  readonly id: string;
  readonly teamId: string;
  readonly ticketId: string;
  readonly type: TaskType;
  readonly status: TaskStatus;
  /** When the promised slot starts: call from then on. */
  readonly dueAt: Date;
  /** When the slot ends: the call is late after this (and the ticket's first response breaches). */
  readonly windowEnd: Date;
  /** The number to call, E.164. */
  readonly phone: string;
  readonly name: string | null;
  /** What the customer wants to talk about. */
  readonly regarding: string | null;
  /** The zone the customer chose the slot in (IANA). */
  readonly timeZone: string;
  readonly createdAt: Date;
  readonly doneAt: Date | null;
  /** Who did it: "user:<email>", "agent:<token id>", "call" … */
  readonly doneBy: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API's shape of a task. */
export function taskView(t: TicketTask) {
  return {
    id: t.id,
    ticketId: t.ticketId,
    type: t.type,
    status: t.status,
    dueAt: t.dueAt.toISOString(),
    windowEnd: t.windowEnd.toISOString(),
    phone: t.phone,
    name: t.name,
    regarding: t.regarding,
    timeZone: t.timeZone,
    createdAt: t.createdAt.toISOString(),
    doneAt: iso(t.doneAt),
    doneBy: t.doneBy,
  };
}
