import type { MessageAuthor, RuleCause } from '../team-events/team-event.js';
import type { ConditionField, Rule, RuleAction, RuleCondition, RuleTrigger } from './rule.js';

/**
 * Rules run on what a rule did at most once more: an event of this depth or deeper is not
 * evaluated. With the causing rule left out, two rules cannot keep answering each other.
 */
export const MAX_CAUSE_DEPTH = 2;

export interface RuleEvent {
  readonly trigger: RuleTrigger;
  /** Who wrote, when the event is a message; null for a change of a field. */
  readonly author: MessageAuthor | null;
  readonly body: string | null;
  /** The event is the first message on its ticket, whoever wrote it (an agent's opens a follow-up ticket). */
  readonly opensTicket: boolean;
  readonly causedBy: RuleCause | null;
}

/** The ticket as it was right after the event (ticketAsOf). */
export interface RuleTicket {
  readonly status: string;
  readonly chat: string;
  readonly channel: string;
  readonly source: string;
  readonly priority: string;
  readonly tags: readonly string[];
  readonly assigneeId: string | null;
  readonly groupId: string | null;
}

/** What the runner looks up for the conditions that are not on the event or the ticket. */
export interface RuleContext {
  /** The groups of the agent who wrote (empty for a customer, automation or a change). */
  readonly authorGroupIds: readonly string[];
  /** The customer's first message ever to the team. */
  readonly firstMessage: boolean;
  /** The team is open at the moment of the event. */
  readonly openHours: boolean;
}

export interface FiredRule {
  readonly ruleId: string;
  readonly name: string;
  readonly actions: readonly RuleAction[];
}

export interface RulesRun {
  /** The matching rules that act, in order. */
  readonly fired: readonly FiredRule[];
  /** Rules that matched after one that said `stop`: they do not act. */
  readonly skippedByStop: readonly string[];
  /** Why nothing was evaluated at all: the event was caused by rules `MAX_CAUSE_DEPTH` deep. */
  readonly notEvaluated: 'cause_depth' | null;
}

/** Runs the ordered rules on one event: pure, so the worker, dry run and tests share it. */
export function evaluateRules(
  rules: readonly Rule[],
  event: RuleEvent,
  ticket: RuleTicket,
  context: RuleContext,
): RulesRun {
  if (event.causedBy && event.causedBy.depth >= MAX_CAUSE_DEPTH)
    return { fired: [], skippedByStop: [], notEvaluated: 'cause_depth' };
  const fired: FiredRule[] = [];
  const skippedByStop: string[] = [];
  let stopped = false;
  for (const rule of rules) {
    if (!rule.enabled || rule.trigger !== event.trigger) continue;
    // Never again for the rule whose actions caused this event.
    if (event.causedBy?.ruleId === rule.id) continue;
    if (!ruleMatches(rule, event, ticket, context)) continue;
    if (stopped) {
      skippedByStop.push(rule.id);
      continue;
    }
    fired.push({ ruleId: rule.id, name: rule.name, actions: rule.actions });
    if (rule.stop) stopped = true;
  }
  return { fired, skippedByStop, notEvaluated: null };
}

function ruleMatches(rule: Rule, event: RuleEvent, ticket: RuleTicket, context: RuleContext): boolean {
  const holds = (c: RuleCondition) => conditionHolds(c, event, ticket, context);
  // No conditions: the rule acts on every event of its trigger.
  if (rule.conditions.length === 0) return true;
  return rule.match === 'all' ? rule.conditions.every(holds) : rule.conditions.some(holds);
}

/**
 * Every field read as a set of values (a single value, or none when unset; tags and the author's
 * groups may hold several), so each operator means one thing for all of them.
 */
function valuesOf(field: ConditionField, event: RuleEvent, ticket: RuleTicket, context: RuleContext): string[] {
  const one = (v: string | null) => (v === null || v === '' ? [] : [v]);
  switch (field) {
    case 'status':
      return [ticket.status];
    case 'chat':
      return [ticket.chat];
    case 'channel':
      return [ticket.channel];
    case 'source':
      return [ticket.source];
    case 'priority':
      return [ticket.priority];
    case 'tags':
      return ticket.tags.map((t) => t.toLowerCase());
    case 'assignee':
      return one(ticket.assigneeId);
    case 'group':
      return one(ticket.groupId);
    case 'author':
      return one(event.author);
    case 'author_group':
      return event.author === 'agent' ? [...context.authorGroupIds] : [];
    case 'first_message':
      return [String(context.firstMessage)];
    case 'opens_ticket':
      return [String(event.opensTicket)];
    case 'open_hours':
      return [String(context.openHours)];
    case 'body':
      return one(event.body);
  }
}

function conditionHolds(c: RuleCondition, event: RuleEvent, ticket: RuleTicket, context: RuleContext): boolean {
  const values = valuesOf(c.field, event, ticket, context);
  const text = c.field === 'body' || c.field === 'tags';
  // Texts and tags compare without case; ids and closed sets as they are.
  const norm = (v: string) => (text ? v.trim().toLowerCase() : v);
  const wanted = Array.isArray(c.value) ? c.value.map(norm) : [norm(String(c.value))];
  switch (c.op) {
    case 'is':
      return values.some((v) => norm(v) === wanted[0]);
    case 'is_not':
      return !values.some((v) => norm(v) === wanted[0]);
    case 'in':
      return values.some((v) => wanted.includes(norm(v)));
    case 'not_in':
      return !values.some((v) => wanted.includes(norm(v)));
    case 'contains':
      return contains(c.field, values, wanted[0]!);
    case 'not_contains':
      return !contains(c.field, values, wanted[0]!);
    case 'is_set':
      return values.length > 0;
    case 'is_not_set':
      return values.length === 0;
  }
}

/** A body contains a text; a ticket's tags contain a tag. */
function contains(field: ConditionField, values: readonly string[], wanted: string): boolean {
  if (field === 'body') return values.some((v) => v.toLowerCase().includes(wanted));
  return values.some((v) => v.toLowerCase() === wanted);
}
