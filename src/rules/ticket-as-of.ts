import type { FieldChanges } from '../team-events/team-event.js';
import { WATCHED_TICKET_FIELDS } from '../team-events/team-event-of.js';
import type { RuleTicket } from './evaluate-rules.js';

/**
 * The ticket as it was right after an event, from the ticket as it is now and the changes
 * recorded after that event (oldest first), undone newest first. Rules judge the moment of the
 * event: an agent's message on a completed chat reactivates it in the same transaction, yet
 * "chat is completed" must hold for that message.
 */
export function ticketAsOf(now: RuleTicket, laterChanges: readonly FieldChanges[]): RuleTicket {
  const fields: Record<string, unknown> = { ...now };
  for (const changes of [...laterChanges].reverse()) {
    for (const field of WATCHED_TICKET_FIELDS) {
      const change = changes[field];
      if (change) fields[field] = change.from;
    }
  }
  return fields as unknown as RuleTicket;
}
