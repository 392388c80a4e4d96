import type { MessageAuthor, RuleCause, TeamEvent } from '../team-events/team-event.js';
import type { RuleEvent } from './evaluate-rules.js';
import type { RuleTrigger } from './rule.js';

/** Where a message stands on its ticket: the first one recorded, and whether the customer opened the ticket. */
export interface MessagePlace {
  readonly firstOnTicket: boolean;
  readonly ticketByCustomer: boolean;
}

/**
 * The event as rules see it: `incoming` for the customer's message that opened the ticket (the
 * customer created it and no message was recorded on it before), `changed` for everything else,
 * an agent's message that opened a follow-up ticket included (`opensTicket` tells it apart).
 * Shared by the worker and the dry run.
 */
export function ruleEventOf(event: TeamEvent, place: MessagePlace): RuleEvent {
  const causedBy = (event.data.causedBy as RuleCause | undefined) ?? null;
  if (event.type !== 'message.created')
    return { trigger: 'changed', author: null, body: null, opensTicket: false, causedBy };
  const author = event.data.author as MessageAuthor;
  const body = typeof event.data.body === 'string' ? event.data.body : null;
  const opensTicket = place.firstOnTicket;
  const trigger: RuleTrigger = author === 'customer' && opensTicket && place.ticketByCustomer ? 'incoming' : 'changed';
  return { trigger, author, body, opensTicket, causedBy };
}

/** The team's user ids by the `user:<email>` that names who acted, to find an agent's groups. */
export function authorUserId(users: readonly { id: string; email: string }[], authorId: unknown): string | null {
  if (typeof authorId !== 'string' || !authorId.startsWith('user:')) return null;
  const email = authorId.slice('user:'.length).toLowerCase();
  return users.find((u) => u.email.toLowerCase() === email)?.id ?? null;
}
