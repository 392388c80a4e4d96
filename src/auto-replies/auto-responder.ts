/** One automated message we sent a customer, and the customer's next message after it. */
export interface AutomatedSend {
  readonly sentAt: Date;
  /** The customer's first message after ours, if any. */
  readonly answeredAt: Date | null;
}

/** Faster than a person reads a text and types an answer. */
export const MACHINE_ANSWER_MS = 10_000;
/** This many of our automated messages in a row, each answered that fast: a machine answers. */
export const MACHINE_ANSWER_STREAK = 2;
/** Only this recent a streak counts: a person who once answered fast is not muted forever. */
export const STREAK_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Whether the customer's address looks like an auto-responder: each of our last
 * MACHINE_ANSWER_STREAK automated messages (newest first, within the lookback) got an answer
 * within MACHINE_ANSWER_MS. Two automated systems answering each other loop forever otherwise.
 */
export function looksLikeAutoResponder(sends: readonly AutomatedSend[], now: Date): boolean {
  const recent = sends.filter((s) => now.getTime() - s.sentAt.getTime() < STREAK_LOOKBACK_MS);
  const streak = recent.slice(0, MACHINE_ANSWER_STREAK);
  return (
    streak.length === MACHINE_ANSWER_STREAK &&
    streak.every((s) => s.answeredAt !== null && s.answeredAt.getTime() - s.sentAt.getTime() < MACHINE_ANSWER_MS)
  );
}

/** How many of the sends (newest first) went out within the hour before `now`. */
export function sentInLastHour(sends: readonly AutomatedSend[], now: Date): number {
  return sends.filter((s) => now.getTime() - s.sentAt.getTime() < 3_600_000).length;
}
