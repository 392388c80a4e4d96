import { customBodyKind } from './catalogue.js';
/** One automated message we sent a customer, and the customer's next message after it. */
export interface AutomatedSend {
  readonly sentAt: Date;
  /** The customer's first message after ours, if any. */
  readonly answeredAt: Date | null;
  /** Its reply kind; the hourly limit leaves out a conversation's steps and pages (catalogue.ts, exemptFromLoopGuards). */
  readonly kind?: string | null;
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
  const recent = turns(sends).filter((s) => now.getTime() - s.sentAt.getTime() < STREAK_LOOKBACK_MS);
  const streak = recent.slice(0, MACHINE_ANSWER_STREAK);
  return (
    streak.length === MACHINE_ANSWER_STREAK &&
    streak.every((s) => s.answeredAt !== null && s.answeredAt.getTime() - s.sentAt.getTime() < MACHINE_ANSWER_MS)
  );
}

/** How many replies (newest first; a burst is one) went out within the hour before `now`. */
export function sentInLastHour(sends: readonly AutomatedSend[], now: Date): number {
  const counted = sends.filter((s) => !(s.kind && customBodyKind(s.kind)?.exemptFromLoopGuards));
  return turns(counted).filter((s) => now.getTime() - s.sentAt.getTime() < 3_600_000).length;
}

/** Messages sent this close together, with no message from the customer between them, are one reply. */
export const BURST_MS = 3_000;

/**
 * The sends (newest first) as replies: a burst (the acknowledgements go out as three at once)
 * counts once, as its last message, so that a person who answers it at once is not taken for a
 * machine and the three do not use up the hour's replies. A message from the customer between two
 * sends always separates them, however fast: a responder answering each of ours is never a burst.
 */
export function turns(sends: readonly AutomatedSend[]): AutomatedSend[] {
  const result: AutomatedSend[] = [];
  let newer: AutomatedSend | null = null;
  for (const send of sends) {
    const inBurst =
      newer !== null &&
      newer.sentAt.getTime() - send.sentAt.getTime() < BURST_MS &&
      (send.answeredAt === null || send.answeredAt.getTime() >= newer.sentAt.getTime());
    if (!inBurst) result.push(send);
    newer = send;
  }
  return result;
}
