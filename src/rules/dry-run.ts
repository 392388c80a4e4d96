import type { FieldChanges, TeamEvent } from '../team-events/team-event.js';
import type { Ticket } from '../tickets/ticket.js';
import { evaluateRules, type FiredRule, type RuleTicket } from './evaluate-rules.js';
import type { Rule, RuleTrigger } from './rule.js';
import { ruleEventOf } from './rule-event.js';
import { ticketAsOf } from './ticket-as-of.js';

/** What the rules would have done on one stored event. */
export interface DryRunResult {
  readonly ticketId: string;
  readonly eventId: string;
  readonly at: Date;
  readonly trigger: RuleTrigger;
  readonly fired: readonly FiredRule[];
}

/** What the replay reads, loaded at once by the service. */
export interface DryRunHistory {
  readonly tickets: readonly Ticket[];
  /** The tickets' `ticket.created`, `message.created` and `ticket.updated` events, oldest first. */
  readonly events: readonly TeamEvent[];
  /** Each customer's first message ever to the team (its seq). */
  readonly firstMessageSeq: ReadonlyMap<string, number>;
  /** The groups of the agent named by a message's `authorId`. */
  groupsOfAuthor(authorId: unknown): readonly string[];
  isOpenAt(at: Date): boolean;
}

/**
 * Replays the stored events with `evaluateRules`, each on the ticket as it was at that event.
 * Actions are not applied, so a dry run cannot show one rule's action triggering the next event
 * (a tag added by one rule that another tests): it shows each event as it really happened.
 * Only events on which at least one rule fires are answered, in the order they happened.
 */
export function dryRunRules(rules: readonly Rule[], history: DryRunHistory): DryRunResult[] {
  const byTicket = new Map<string, TeamEvent[]>();
  for (const e of history.events) {
    if (!e.ticketId) continue;
    const list = byTicket.get(e.ticketId) ?? [];
    list.push(e);
    byTicket.set(e.ticketId, list);
  }
  const results: Array<DryRunResult & { readonly seq: number }> = [];
  for (const ticket of history.tickets) {
    results.push(...replayTicket(rules, ticket, byTicket.get(ticket.id) ?? [], history));
  }
  // In the order the events were recorded, across tickets.
  return results.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...result }) => result);
}

function replayTicket(
  rules: readonly Rule[],
  ticket: Ticket,
  events: readonly TeamEvent[],
  history: DryRunHistory,
): Array<DryRunResult & { readonly seq: number }> {
  const asOf = ticketsAsOfEachEvent(ticket, events);
  const openedByCustomer = events.some((e) => e.type === 'ticket.created' && e.actor === 'customer');
  let messageSeen = false;
  const results: Array<DryRunResult & { readonly seq: number }> = [];
  events.forEach((event, i) => {
    const isMessage = event.type === 'message.created';
    const place = { firstOnTicket: !messageSeen, ticketByCustomer: openedByCustomer };
    if (isMessage) messageSeen = true;
    if (!isMessage && event.type !== 'ticket.updated') return;
    const ruleEvent = ruleEventOf(event, place);
    const customer = typeof event.data.customer === 'string' ? event.data.customer : null;
    const run = evaluateRules(rules, ruleEvent, asOf[i]!, {
      authorGroupIds: ruleEvent.author === 'agent' ? history.groupsOfAuthor(event.data.authorId) : [],
      firstMessage:
        ruleEvent.author === 'customer' && customer !== null && history.firstMessageSeq.get(customer) === event.seq,
      openHours: history.isOpenAt(event.createdAt),
    });
    if (run.fired.length > 0)
      results.push({
        ticketId: ticket.id,
        eventId: event.id,
        seq: event.seq,
        at: event.createdAt,
        trigger: ruleEvent.trigger,
        fired: run.fired,
      });
  });
  return results;
}

/** The ticket right after each event: walking back from now, undoing each change as it is passed. */
function ticketsAsOfEachEvent(now: RuleTicket, events: readonly TeamEvent[]): RuleTicket[] {
  const asOf: RuleTicket[] = new Array<RuleTicket>(events.length);
  let state = now;
  for (let i = events.length - 1; i >= 0; i -= 1) {
    asOf[i] = state;
    const event = events[i]!;
    if (event.type === 'ticket.updated') state = ticketAsOf(state, [event.data.changes as FieldChanges]);
  }
  return asOf;
}
