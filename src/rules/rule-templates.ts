import type { Rule } from './rule.js';

/** The support lines a template names: line 1 answers chats; line 2 writes to customers now and then. */
export interface TemplateLines {
  readonly line1GroupId: string;
  readonly line2GroupId: string;
}

export interface RuleTemplate {
  readonly key: string;
  /** Where it comes from: Omnidesk's "support lines with chats" recipes (seed 003), by number. */
  readonly recipe: number;
  readonly title: string;
  readonly description: string;
  readonly needs: readonly (keyof TemplateLines)[];
  /** Switchboard does this itself: there is no rule to add, and the description says why. */
  readonly builtIn: boolean;
  /** The rule to add to the list (without id), or null until the lines it needs are given (always null when built in). */
  readonly rule: Omit<Rule, 'id'> | null;
}

interface TemplateDefinition extends Omit<RuleTemplate, 'rule' | 'builtIn'> {
  /** Null for a recipe that holds without a rule. */
  readonly build: ((lines: TemplateLines) => Omit<Rule, 'id'>) | null;
}

// What "back to line 1" does in both recipes: the chat is completed (not the ticket closed), the
// ticket waits for the customer, and it belongs to line 1, not to the line-2 agent who wrote.
const BACK_TO_LINE_1 = (lines: TemplateLines): Rule['actions'] => [
  { type: 'complete_chat' },
  { type: 'set_status', value: 'pending' },
  { type: 'assign', userId: null, groupId: lines.line1GroupId },
];

// Both recipes start when an agent of line 2 writes.
const LINE_2_WROTE = (lines: TemplateLines): Rule['conditions'] => [
  { field: 'author', op: 'is', value: 'agent' },
  { field: 'author_group', op: 'is', value: lines.line2GroupId },
];

const TEMPLATES: readonly TemplateDefinition[] = [
  {
    key: 'line2_opened_ticket_to_line1',
    recipe: 1,
    title: 'A line-2 agent writes on a closed ticket: the new ticket goes to line 1',
    description:
      'A message on a closed ticket opens a new one, assigned to the agent who wrote. When that agent is in line 2, complete the new chat, set it pending and give it to line 1, so the agent can get back to work and line 1 picks up the customer\'s answer. It says stop: put it first among the "changed" rules.',
    needs: ['line1GroupId', 'line2GroupId'],
    build: (lines) => ({
      name: 'Line 2 opened a ticket: to line 1',
      enabled: true,
      trigger: 'changed',
      match: 'all',
      conditions: [...LINE_2_WROTE(lines), { field: 'opens_ticket', op: 'is', value: true }],
      actions: BACK_TO_LINE_1(lines),
      stop: true,
    }),
  },
  {
    key: 'line2_writes_to_completed_chat',
    recipe: 2,
    title: 'A line-2 agent writes to a completed chat: back to line 1',
    description:
      'When a line-2 agent writes to a customer on a completed chat that is pending or open, complete the chat again, set it pending and give it to line 1: if the customer answers, line 1 picks it up. Put it first among the "changed" rules.',
    needs: ['line1GroupId', 'line2GroupId'],
    build: (lines) => ({
      name: 'Line 2 wrote on a completed chat: back to line 1',
      enabled: true,
      trigger: 'changed',
      match: 'all',
      conditions: [
        ...LINE_2_WROTE(lines),
        { field: 'chat', op: 'is', value: 'completed' },
        { field: 'status', op: 'in', value: ['pending', 'open'] },
      ],
      actions: BACK_TO_LINE_1(lines),
      stop: false,
    }),
  },
  {
    key: 'line2_answers_line1_chat',
    recipe: 3,
    title: 'A line-2 agent answers first, or where line 1 answered: back to line 1',
    description:
      'When a line-2 agent answers an active chat that is not line 2\'s own (nobody took it yet, or line 1 had it), complete the chat, set it pending and give it to line 1. Put it near the top of the "changed" rules.',
    needs: ['line1GroupId', 'line2GroupId'],
    build: (lines) => ({
      name: 'Line 2 answered an active chat: back to line 1',
      enabled: true,
      trigger: 'changed',
      match: 'all',
      conditions: [
        ...LINE_2_WROTE(lines),
        { field: 'chat', op: 'is', value: 'active' },
        { field: 'group', op: 'is_not', value: lines.line2GroupId },
      ],
      actions: BACK_TO_LINE_1(lines),
      stop: false,
    }),
  },
  {
    key: 'reactivated_chat_to_owner',
    recipe: 4,
    title: 'A reactivated chat goes straight to its line-1 owner, bypassing New',
    description:
      "Built in, nothing to add: a completed chat keeps its owner, and the customer's message that reactivates it leaves the owner as is, so it shows in their Mine and never in New. A chat that line 1 has as a group, with nobody assigned, shows in New until someone takes it.",
    needs: [],
    build: null,
  },
];

/** The recipe templates, each filled with the team's lines when they are given. */
export function ruleTemplates(lines: TemplateLines | null): RuleTemplate[] {
  return TEMPLATES.map(({ build, ...template }) => ({
    ...template,
    builtIn: build === null,
    rule: build && lines ? build(lines) : null,
  }));
}
