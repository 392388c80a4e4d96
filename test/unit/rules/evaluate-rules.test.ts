import { describe, expect, it } from 'vitest';
import { evaluateRules, type RuleContext, type RuleEvent, type RuleTicket } from '../../../src/rules/evaluate-rules.js';
import type { Rule, RuleAction, RuleCondition } from '../../../src/rules/rule.js';

const TICKET: RuleTicket = {
  status: 'open',
  chat: 'active',
  channel: 'whatsapp',
  source: 'message',
  priority: 'normal',
  tags: ['VIP', 'billing'],
  assigneeId: 'u-ann',
  groupId: 'g-line2',
};
const CUSTOMER_WRITES: RuleEvent = {
  trigger: 'changed',
  author: 'customer',
  body: 'My card was charged TWICE',
  opensTicket: false,
  causedBy: null,
};
const AGENT_WRITES: RuleEvent = {
  trigger: 'changed',
  author: 'agent',
  body: 'We refunded it',
  opensTicket: false,
  causedBy: null,
};
const STATUS_CHANGE: RuleEvent = { trigger: 'changed', author: null, body: null, opensTicket: false, causedBy: null };
// An agent's message on a closed ticket opened a follow-up ticket (seed 003, recipe 1).
const AGENT_OPENS: RuleEvent = { ...AGENT_WRITES, opensTicket: true };
const CONTEXT: RuleContext = { authorGroupIds: ['g-line2', 'g-billing'], firstMessage: false, openHours: true };

const SET_PENDING: RuleAction = { type: 'set_status', value: 'pending' };

function rule(id: string, conditions: RuleCondition[], extra: Partial<Rule> = {}): Rule {
  return {
    id,
    name: `rule ${id}`,
    enabled: true,
    trigger: 'changed',
    match: 'all',
    conditions,
    actions: [SET_PENDING],
    stop: false,
    ...extra,
  };
}

describe('evaluateRules: one condition', () => {
  // [condition, event, ticket changes, context changes, matches]
  const cases: Array<[string, RuleCondition, RuleEvent, Partial<RuleTicket>, Partial<RuleContext>, boolean]> = [
    ['status is open', { field: 'status', op: 'is', value: 'open' }, CUSTOMER_WRITES, {}, {}, true],
    ['status is closed', { field: 'status', op: 'is', value: 'closed' }, CUSTOMER_WRITES, {}, {}, false],
    ['status is_not closed', { field: 'status', op: 'is_not', value: 'closed' }, CUSTOMER_WRITES, {}, {}, true],
    [
      'status in [pending, open]',
      { field: 'status', op: 'in', value: ['pending', 'open'] },
      CUSTOMER_WRITES,
      {},
      {},
      true,
    ],
    [
      'status not_in [pending, open]',
      { field: 'status', op: 'not_in', value: ['pending', 'open'] },
      CUSTOMER_WRITES,
      {},
      {},
      false,
    ],
    [
      'chat is completed, on a completed chat',
      { field: 'chat', op: 'is', value: 'completed' },
      AGENT_WRITES,
      { chat: 'completed' },
      {},
      true,
    ],
    [
      'chat is completed, on an active chat',
      { field: 'chat', op: 'is', value: 'completed' },
      AGENT_WRITES,
      {},
      {},
      false,
    ],
    ['channel is sms, on WhatsApp', { field: 'channel', op: 'is', value: 'sms' }, CUSTOMER_WRITES, {}, {}, false],
    [
      'channel in [sms, whatsapp]',
      { field: 'channel', op: 'in', value: ['sms', 'whatsapp'] },
      CUSTOMER_WRITES,
      {},
      {},
      true,
    ],
    [
      'source is missed_call',
      { field: 'source', op: 'is', value: 'missed_call' },
      CUSTOMER_WRITES,
      { source: 'missed_call' },
      {},
      true,
    ],
    ['priority is_not urgent', { field: 'priority', op: 'is_not', value: 'urgent' }, CUSTOMER_WRITES, {}, {}, true],
    [
      'priority in [high, urgent]',
      { field: 'priority', op: 'in', value: ['high', 'urgent'] },
      CUSTOMER_WRITES,
      {},
      {},
      false,
    ],
    ['tags contains vip (any case)', { field: 'tags', op: 'contains', value: 'vip' }, CUSTOMER_WRITES, {}, {}, true],
    [
      'tags contains vi (whole tags only)',
      { field: 'tags', op: 'contains', value: 'vi' },
      CUSTOMER_WRITES,
      {},
      {},
      false,
    ],
    ['tags not_contains spam', { field: 'tags', op: 'not_contains', value: 'spam' }, CUSTOMER_WRITES, {}, {}, true],
    ['tags in [spam, billing]', { field: 'tags', op: 'in', value: ['spam', 'Billing'] }, CUSTOMER_WRITES, {}, {}, true],
    [
      'tags not_in [spam, billing]',
      { field: 'tags', op: 'not_in', value: ['spam', 'billing'] },
      CUSTOMER_WRITES,
      {},
      {},
      false,
    ],
    ['tags is_set', { field: 'tags', op: 'is_set' }, CUSTOMER_WRITES, {}, {}, true],
    ['tags is_not_set, no tags', { field: 'tags', op: 'is_not_set' }, CUSTOMER_WRITES, { tags: [] }, {}, true],
    ['assignee is ann', { field: 'assignee', op: 'is', value: 'u-ann' }, CUSTOMER_WRITES, {}, {}, true],
    [
      'assignee is_not ann, unassigned',
      { field: 'assignee', op: 'is_not', value: 'u-ann' },
      CUSTOMER_WRITES,
      { assigneeId: null },
      {},
      true,
    ],
    [
      'assignee is_set, unassigned',
      { field: 'assignee', op: 'is_set' },
      CUSTOMER_WRITES,
      { assigneeId: null },
      {},
      false,
    ],
    [
      'assignee is_not_set, unassigned',
      { field: 'assignee', op: 'is_not_set' },
      CUSTOMER_WRITES,
      { assigneeId: null },
      {},
      true,
    ],
    ['group in [line1]', { field: 'group', op: 'in', value: ['g-line1'] }, CUSTOMER_WRITES, {}, {}, false],
    ['group is line2', { field: 'group', op: 'is', value: 'g-line2' }, CUSTOMER_WRITES, {}, {}, true],
    ['author is customer', { field: 'author', op: 'is', value: 'customer' }, CUSTOMER_WRITES, {}, {}, true],
    ['author is agent, customer wrote', { field: 'author', op: 'is', value: 'agent' }, CUSTOMER_WRITES, {}, {}, false],
    ['author is_set, on a status change', { field: 'author', op: 'is_set' }, STATUS_CHANGE, {}, {}, false],
    [
      'author in [agent, automation]',
      { field: 'author', op: 'in', value: ['agent', 'automation'] },
      AGENT_WRITES,
      {},
      {},
      true,
    ],
    [
      'author_group is line2, an agent of line 2 and billing',
      { field: 'author_group', op: 'is', value: 'g-line2' },
      AGENT_WRITES,
      {},
      {},
      true,
    ],
    [
      'author_group is_not line2',
      { field: 'author_group', op: 'is_not', value: 'g-line2' },
      AGENT_WRITES,
      {},
      {},
      false,
    ],
    [
      'author_group in [line1, billing]',
      { field: 'author_group', op: 'in', value: ['g-line1', 'g-billing'] },
      AGENT_WRITES,
      {},
      {},
      true,
    ],
    [
      'author_group not_in [line1]',
      { field: 'author_group', op: 'not_in', value: ['g-line1'] },
      AGENT_WRITES,
      {},
      {},
      true,
    ],
    ['author_group is_set, a customer wrote', { field: 'author_group', op: 'is_set' }, CUSTOMER_WRITES, {}, {}, false],
    [
      'author_group is_not_set, an agent of no group',
      { field: 'author_group', op: 'is_not_set' },
      AGENT_WRITES,
      {},
      { authorGroupIds: [] },
      true,
    ],
    [
      'first_message is true, not the first',
      { field: 'first_message', op: 'is', value: true },
      CUSTOMER_WRITES,
      {},
      {},
      false,
    ],
    [
      'first_message is true, the first',
      { field: 'first_message', op: 'is', value: true },
      CUSTOMER_WRITES,
      {},
      { firstMessage: true },
      true,
    ],
    ['first_message is_not true', { field: 'first_message', op: 'is_not', value: true }, CUSTOMER_WRITES, {}, {}, true],
    [
      'opens_ticket is true, agent opened it',
      { field: 'opens_ticket', op: 'is', value: true },
      AGENT_OPENS,
      {},
      {},
      true,
    ],
    [
      'opens_ticket is true, a later reply',
      { field: 'opens_ticket', op: 'is', value: true },
      AGENT_WRITES,
      {},
      {},
      false,
    ],
    ['opens_ticket is true, a change', { field: 'opens_ticket', op: 'is', value: true }, STATUS_CHANGE, {}, {}, false],
    [
      'opens_ticket is_not true, a later reply',
      { field: 'opens_ticket', op: 'is_not', value: true },
      AGENT_WRITES,
      {},
      {},
      true,
    ],
    ['open_hours is false, open', { field: 'open_hours', op: 'is', value: false }, CUSTOMER_WRITES, {}, {}, false],
    [
      'open_hours is false, closed',
      { field: 'open_hours', op: 'is', value: false },
      CUSTOMER_WRITES,
      {},
      { openHours: false },
      true,
    ],
    [
      'body contains "twice" (any case)',
      { field: 'body', op: 'contains', value: 'twice' },
      CUSTOMER_WRITES,
      {},
      {},
      true,
    ],
    [
      'body not_contains "refund"',
      { field: 'body', op: 'not_contains', value: 'refund' },
      CUSTOMER_WRITES,
      {},
      {},
      true,
    ],
    [
      'body contains, no body (a status change)',
      { field: 'body', op: 'contains', value: 'twice' },
      STATUS_CHANGE,
      {},
      {},
      false,
    ],
    ['body not_contains, no body', { field: 'body', op: 'not_contains', value: 'twice' }, STATUS_CHANGE, {}, {}, true],
    ['body is, the whole text', { field: 'body', op: 'is', value: ' we refunded IT ' }, AGENT_WRITES, {}, {}, true],
    ['body is, part of the text', { field: 'body', op: 'is', value: 'refunded' }, AGENT_WRITES, {}, {}, false],
    ['body is_not', { field: 'body', op: 'is_not', value: 'stop' }, AGENT_WRITES, {}, {}, true],
    ['body is_set', { field: 'body', op: 'is_set' }, AGENT_WRITES, {}, {}, true],
    ['body is_not_set, a change', { field: 'body', op: 'is_not_set' }, STATUS_CHANGE, {}, {}, true],
  ];

  it.each(cases)('%s', (_name, condition, event, ticket, context, matches) => {
    const run = evaluateRules([rule('r', [condition])], event, { ...TICKET, ...ticket }, { ...CONTEXT, ...context });
    expect(run.fired.map((f) => f.ruleId)).toEqual(matches ? ['r'] : []);
  });
});

describe('evaluateRules: the list', () => {
  const agentOfLine2 = { field: 'author_group', op: 'is', value: 'g-line2' } as const;
  const customer = { field: 'author', op: 'is', value: 'customer' } as const;
  const closed = { field: 'status', op: 'is', value: 'closed' } as const;

  // [name, rules, event, fired ids, skipped by stop]
  const cases: Array<[string, Rule[], RuleEvent, string[], string[]]> = [
    ['all: every condition must hold', [rule('a', [agentOfLine2, closed])], AGENT_WRITES, [], []],
    ['any: one condition is enough', [rule('a', [agentOfLine2, closed], { match: 'any' })], AGENT_WRITES, ['a'], []],
    ['no conditions: every event of the trigger', [rule('a', [])], STATUS_CHANGE, ['a'], []],
    [
      'every matching rule acts, top to bottom',
      [rule('a', []), rule('b', [customer]), rule('c', [])],
      CUSTOMER_WRITES,
      ['a', 'b', 'c'],
      [],
    ],
    [
      'a rule that does not match does not act',
      [rule('a', []), rule('b', [customer]), rule('c', [])],
      AGENT_WRITES,
      ['a', 'c'],
      [],
    ],
    [
      'stop: later matching rules are skipped and named',
      [rule('a', []), rule('b', [], { stop: true }), rule('c', [customer]), rule('d', [closed])],
      CUSTOMER_WRITES,
      ['a', 'b'],
      ['c'],
    ],
    [
      'stop on a rule that does not match stops nothing',
      [rule('a', [closed], { stop: true }), rule('b', [])],
      CUSTOMER_WRITES,
      ['b'],
      [],
    ],
    [
      'a disabled rule does nothing, its stop neither',
      [rule('a', [], { enabled: false, stop: true }), rule('b', [])],
      CUSTOMER_WRITES,
      ['b'],
      [],
    ],
    ['incoming rules do not run on changed events', [rule('a', [], { trigger: 'incoming' })], CUSTOMER_WRITES, [], []],
    [
      'changed rules do not run on incoming events',
      [rule('a', []), rule('b', [], { trigger: 'incoming' })],
      { ...CUSTOMER_WRITES, trigger: 'incoming' },
      ['b'],
      [],
    ],
    [
      'an event caused by a rule: every rule but the causing one',
      [rule('a', []), rule('b', [])],
      { ...STATUS_CHANGE, causedBy: { ruleId: 'a', depth: 1 } },
      ['b'],
      [],
    ],
    [
      'an event two rule steps deep: nothing at all',
      [rule('a', []), rule('b', [])],
      { ...STATUS_CHANGE, causedBy: { ruleId: 'a', depth: 2 } },
      [],
      [],
    ],
    ['an empty list', [], CUSTOMER_WRITES, [], []],
  ];

  it.each(cases)('%s', (_name, rules, event, fired, skipped) => {
    const run = evaluateRules(rules, event, TICKET, CONTEXT);
    expect(run.fired.map((f) => f.ruleId)).toEqual(fired);
    expect(run.skippedByStop).toEqual(skipped);
  });

  it('returns the actions and name of each fired rule, and says when the depth stopped evaluation', () => {
    const r = rule('a', [], { name: 'Back to line 1', actions: [{ type: 'complete_chat' }, SET_PENDING] });
    expect(evaluateRules([r], STATUS_CHANGE, TICKET, CONTEXT)).toEqual({
      fired: [{ ruleId: 'a', name: 'Back to line 1', actions: [{ type: 'complete_chat' }, SET_PENDING] }],
      skippedByStop: [],
      notEvaluated: null,
    });
    expect(
      evaluateRules([r], { ...STATUS_CHANGE, causedBy: { ruleId: 'x', depth: 2 } }, TICKET, CONTEXT).notEvaluated,
    ).toBe('cause_depth');
  });
});
