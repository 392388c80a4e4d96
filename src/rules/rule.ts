import type { Priority } from '../rla/priority.js';
import type { TicketStatus } from '../tickets/ticket.js';

/** `incoming`: a customer's message opens a ticket; `changed`: anything on an existing ticket. */
export const RULE_TRIGGERS = ['incoming', 'changed'] as const;
export type RuleTrigger = (typeof RULE_TRIGGERS)[number];

export const CONDITION_FIELDS = [
  'status',
  'chat',
  'channel',
  'source',
  'priority',
  'tags',
  'assignee',
  'group',
  'author',
  'author_group',
  'first_message',
  'opens_ticket',
  'open_hours',
  'body',
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export const CONDITION_OPS = [
  'is',
  'is_not',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'is_set',
  'is_not_set',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** `value` is a string for is/is_not/contains, a list for in/not_in, a boolean for the two flags, absent for is_set. */
export interface RuleCondition {
  readonly field: ConditionField;
  readonly op: ConditionOp;
  readonly value?: string | boolean | readonly string[];
}

export type RuleAction =
  | { readonly type: 'set_status'; readonly value: TicketStatus }
  | { readonly type: 'complete_chat' }
  | { readonly type: 'assign'; readonly userId?: string | null; readonly groupId?: string | null }
  | { readonly type: 'add_tags'; readonly tags: readonly string[] }
  | { readonly type: 'remove_tags'; readonly tags: readonly string[] }
  | { readonly type: 'set_priority'; readonly value: Priority }
  | { readonly type: 'send_reply'; readonly kind: string }
  | { readonly type: 'send_message'; readonly body: string }
  | { readonly type: 'notify'; readonly emails?: readonly string[]; readonly webhook?: boolean };
export type RuleActionType = RuleAction['type'];

export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly trigger: RuleTrigger;
  readonly match: 'all' | 'any';
  readonly conditions: readonly RuleCondition[];
  readonly actions: readonly RuleAction[];
  /** Later rules do not act on this event once this one has matched. */
  readonly stop: boolean;
}

/** A team's ordered list and the version a save must quote (0: never saved). */
export interface TeamRules {
  readonly version: number;
  readonly rules: readonly Rule[];
}

export const MAX_RULES = 500;
