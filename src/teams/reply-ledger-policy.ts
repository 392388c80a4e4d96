/** A time of day, "HH:MM" (24-hour). */
export type TimeOfDay = string;

/** Quiet hours: no proactive automated message reaches a customer between `start` and `end`, their time. */
export interface QuietHours {
  readonly enabled: boolean;
  readonly start: TimeOfDay;
  readonly end: TimeOfDay;
}

/** A team's reply-ledger knobs (team settings `replyLedger`). */
export interface ReplyLedgerPolicy {
  /** No automated message while an agent wrote on the ticket within this many minutes; 0 = off. */
  readonly agentActiveMinutes: number;
  /** At most this many automated messages to one customer in any hour; 0 = no limit. */
  readonly maxPerCustomerPerHour: number;
  readonly quietHours: QuietHours;
}

export const DEFAULT_REPLY_LEDGER: ReplyLedgerPolicy = {
  agentActiveMinutes: 5,
  maxPerCustomerPerHour: 3,
  quietHours: { enabled: true, start: '21:00', end: '08:00' },
};

export interface ReplyLedgerPatch {
  readonly agentActiveMinutes?: number | undefined;
  readonly maxPerCustomerPerHour?: number | undefined;
  readonly quietHours?: Partial<QuietHours> | undefined;
}

export function mergeReplyLedger(current: ReplyLedgerPolicy, patch: ReplyLedgerPatch): ReplyLedgerPolicy {
  return {
    agentActiveMinutes: patch.agentActiveMinutes ?? current.agentActiveMinutes,
    maxPerCustomerPerHour: patch.maxPerCustomerPerHour ?? current.maxPerCustomerPerHour,
    quietHours: { ...current.quietHours, ...definedOnly(patch.quietHours ?? {}) },
  };
}

/** A team row saved before the ledger existed reads back as the defaults. */
export function replyLedgerOf(stored: ReplyLedgerPatch | null | undefined): ReplyLedgerPolicy {
  return mergeReplyLedger(DEFAULT_REPLY_LEDGER, stored ?? {});
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
