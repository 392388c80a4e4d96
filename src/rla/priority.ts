/** Ticket priorities, lowest first: the order is the rank. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/** 0 for low up to 3 for urgent. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/** The more urgent of the two (either, when equal). */
export function higherPriority(a: Priority, b: Priority): Priority {
  return priorityRank(b) > priorityRank(a) ? b : a;
}

/** "low, normal, high, urgent", for messages that tell a client which values are accepted. */
export const PRIORITY_LIST = PRIORITIES.join(', ');
