import { z } from 'zod';
import { COMMON_PLACEHOLDERS, kindDefinition } from '../auto-replies/catalogue.js';
import { UnprocessableError } from '../errors.js';
import { fieldOf, parseInput } from '../http/parse-input.js';
import { checkTemplate } from '../reply-templates/reply-template.js';
import { PRIORITIES } from '../rla/priority.js';
import { tagSchema } from '../tickets/ticket.schema.js';
import { TICKET_CHANNELS, TICKET_CHATS, TICKET_STATUSES } from '../tickets/ticket.js';
import {
  CONDITION_FIELDS,
  CONDITION_OPS,
  MAX_RULES,
  RULE_TRIGGERS,
  type ConditionField,
  type ConditionOp,
  type Rule,
  type RuleAction,
} from './rule.js';

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(', ')}` });

const TICKET_SOURCES = ['missed_call', 'voicemail', 'call', 'message', 'api'] as const;
export const MESSAGE_AUTHORS = ['customer', 'agent', 'automation'] as const;

/** What a field's value is: one of a closed set, an id the service checks, a tag, a text or a flag. */
type ValueKind =
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'user' | 'group' | 'tag' | 'text' | 'flag' };

const EQUALITY: readonly ConditionOp[] = ['is', 'is_not', 'in', 'not_in'];
const PRESENCE: readonly ConditionOp[] = ['is_set', 'is_not_set'];

// Which operators each field takes, and what its value is.
const FIELDS: Readonly<Record<ConditionField, { readonly ops: readonly ConditionOp[]; readonly value: ValueKind }>> = {
  status: { ops: EQUALITY, value: { kind: 'enum', values: TICKET_STATUSES } },
  chat: { ops: EQUALITY, value: { kind: 'enum', values: TICKET_CHATS } },
  channel: { ops: EQUALITY, value: { kind: 'enum', values: TICKET_CHANNELS } },
  source: { ops: EQUALITY, value: { kind: 'enum', values: TICKET_SOURCES } },
  priority: { ops: EQUALITY, value: { kind: 'enum', values: PRIORITIES } },
  author: { ops: EQUALITY, value: { kind: 'enum', values: MESSAGE_AUTHORS } },
  tags: { ops: ['contains', 'not_contains', 'in', 'not_in', ...PRESENCE], value: { kind: 'tag' } },
  assignee: { ops: [...EQUALITY, ...PRESENCE], value: { kind: 'user' } },
  group: { ops: [...EQUALITY, ...PRESENCE], value: { kind: 'group' } },
  author_group: { ops: [...EQUALITY, ...PRESENCE], value: { kind: 'group' } },
  first_message: { ops: ['is', 'is_not'], value: { kind: 'flag' } },
  opens_ticket: { ops: ['is', 'is_not'], value: { kind: 'flag' } },
  open_hours: { ops: ['is', 'is_not'], value: { kind: 'flag' } },
  body: { ops: ['is', 'is_not', 'contains', 'not_contains', ...PRESENCE], value: { kind: 'text' } },
};

const conditionSchema = z
  .strictObject({
    field: oneOf(CONDITION_FIELDS),
    op: oneOf(CONDITION_OPS),
    value: z.unknown().optional(),
  })
  .superRefine((c, ctx) => {
    const spec = FIELDS[c.field];
    if (!spec.ops.includes(c.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `${c.field} takes ${spec.ops.join(', ')}` });
      return;
    }
    const problem = valueProblem(c.op, spec.value, c.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

function valueProblem(op: ConditionOp, spec: ValueKind, value: unknown): string | null {
  if (PRESENCE.includes(op)) return value === undefined ? null : `${op} takes no value: remove it`;
  if (spec.kind === 'flag') return typeof value === 'boolean' ? null : 'must be true or false';
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(value) || value.length === 0) return `${op} takes a non-empty list of values`;
    if (value.length > 100) return 'at most 100 values';
    for (const v of value as unknown[]) {
      const problem = singleValueProblem(spec, v);
      if (problem) return problem;
    }
    return null;
  }
  return singleValueProblem(spec, value);
}

function singleValueProblem(spec: ValueKind, value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty text';
  if (spec.kind === 'enum' && !spec.values.includes(value)) return `must be one of ${spec.values.join(', ')}`;
  if (spec.kind === 'tag') return tagSchema.safeParse(value).error?.issues[0]?.message ?? null;
  if (value.length > 500) return 'keep it to 500 characters';
  return null;
}

const id = z.string().trim().min(1, 'must not be empty').max(100, 'is not an id: ids are at most 100 characters');
const tags = z.array(tagSchema).min(1, 'name at least one tag').max(20, 'at most 20 tags');
const PLACEHOLDERS = COMMON_PLACEHOLDERS.map((p) => p.name);

const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('set_status'), value: oneOf(TICKET_STATUSES) }),
  z.strictObject({ type: z.literal('complete_chat') }),
  z
    .strictObject({ type: z.literal('assign'), userId: id.nullable().optional(), groupId: id.nullable().optional() })
    .refine((a) => a.userId !== undefined || a.groupId !== undefined, {
      message: 'send userId, groupId or both (null unassigns)',
    }),
  z.strictObject({ type: z.literal('add_tags'), tags }),
  z.strictObject({ type: z.literal('remove_tags'), tags }),
  z.strictObject({ type: z.literal('set_priority'), value: oneOf(PRIORITIES) }),
  z.strictObject({
    type: z.literal('send_reply'),
    kind: z.string().refine((kind) => kindDefinition(kind) !== null, {
      message: 'is not a kind of the catalogue: see GET /api/auto-replies/kinds',
    }),
  }),
  z.strictObject({
    type: z.literal('send_message'),
    body: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .superRefine((body, ctx) => {
        const problem = checkTemplate(body, PLACEHOLDERS);
        if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
      }),
  }),
  z
    .strictObject({
      type: z.literal('notify'),
      emails: z.array(z.email('must be an email address')).min(1).max(10, 'at most 10 addresses').optional(),
      /** True: a `rule.notified` team event, delivered to the team's webhook subscriptions. */
      webhook: z.boolean().optional(),
    })
    .refine((a) => (a.emails?.length ?? 0) > 0 || a.webhook === true, {
      message: 'send emails, webhook: true or both',
    }),
]);

const ruleSchema = z.strictObject({
  /** An id from the saved list keeps the rule's identity (its history names it); none: a new rule. */
  id: id.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(120, 'keep a name to 120 characters'),
  enabled: z.boolean().default(true),
  trigger: oneOf(RULE_TRIGGERS),
  match: oneOf(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).max(50, 'at most 50 conditions in a rule').default([]),
  actions: z.array(actionSchema).min(1, 'a rule needs at least one action').max(20, 'at most 20 actions in a rule'),
  stop: z.boolean().default(false),
});

export const rulesSchema = z.array(ruleSchema).max(MAX_RULES, `at most ${MAX_RULES} rules per team`);
export type RuleInput = z.infer<typeof ruleSchema>;
export type RulesInput = z.infer<typeof rulesSchema>;

/**
 * Parses a PUT body (the ordered list). Every problem is a 422 whose field is the path from the
 * list (`rules.3.actions.0.groupId`), so the panel can show it on the field.
 */
export function parseRules(input: unknown): RulesInput {
  const result = rulesSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw ruleProblem(result.error.issues[0]!);
}

function ruleProblem(issue: z.core.$ZodIssue): UnprocessableError {
  const path = fieldOf(issue);
  if (issue.code === 'unrecognized_keys') {
    const field = ['rules', path, issue.keys[0]].filter(Boolean).join('.');
    return new UnprocessableError(`unknown field "${field}": remove it`, 'unknown_field', field);
  }
  const field = path ? `rules.${path}` : 'rules';
  if (issue.code === 'invalid_type') {
    const missing = issue.input === undefined;
    const message = missing
      ? `${field} is required`
      : `${field} must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    return new UnprocessableError(message, missing ? 'missing_field' : 'invalid_type', field);
  }
  const code = issue.code === 'invalid_union' ? 'unknown_value' : 'invalid_value';
  return new UnprocessableError(`${field}: ${issue.message}`, code, field);
}

/** The rule as stored, with its id. */
export function ruleOf(input: RuleInput, id: string): Rule {
  const { id: _ignored, ...rest } = input;
  return { id, ...rest } as Rule;
}

/** `GET /rules/templates`: the team's support lines, to fill the templates with. */
export const templatesQuerySchema = z.strictObject({
  line1GroupId: id.optional(),
  line2GroupId: id.optional(),
});

export const DRY_RUN_DEFAULT_TICKETS = 200;
export const DRY_RUN_MAX_TICKETS = 1_000;

/** `POST /rules/dry-run`: proposed rules (else the saved ones) and how many recent tickets to replay. */
export interface DryRunInput {
  readonly rules: RulesInput | null;
  readonly limit: number;
}

/** Parses a dry run's body: the rules as a PUT would (422 naming `rules.0.conditions.1.field`), then the limit. */
export function parseDryRun(input: unknown): DryRunInput {
  const { rules, limit } = parseInput(dryRunBodySchema, input ?? {});
  if (
    limit !== undefined &&
    (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > DRY_RUN_MAX_TICKETS)
  )
    throw new UnprocessableError(
      `limit must be a whole number of tickets from 1 to ${DRY_RUN_MAX_TICKETS} (default ${DRY_RUN_DEFAULT_TICKETS})`,
      'invalid_value',
      'limit',
    );
  return {
    rules: rules === undefined ? null : parseRules(rules),
    limit: limit ?? DRY_RUN_DEFAULT_TICKETS,
  };
}

const dryRunBodySchema = z.strictObject({ rules: z.unknown().optional(), limit: z.unknown().optional() });

/** What an action's parameter holds, for an editor: the same kinds as a condition's value, plus lists. */
type ActionParam = ValueKind | { readonly kind: 'reply_kind' | 'tags' | 'emails' };

// Each action's parameters. A Record over the type union: a new action type does not compile
// until it is described here, and a test holds these names to the zod schema's.
const ACTION_PARAMS: Readonly<Record<RuleAction['type'], Readonly<Record<string, ActionParam>>>> = {
  set_status: { value: { kind: 'enum', values: TICKET_STATUSES } },
  complete_chat: {},
  assign: { userId: { kind: 'user' }, groupId: { kind: 'group' } },
  add_tags: { tags: { kind: 'tags' } },
  remove_tags: { tags: { kind: 'tags' } },
  set_priority: { value: { kind: 'enum', values: PRIORITIES } },
  send_reply: { kind: { kind: 'reply_kind' } },
  send_message: { body: { kind: 'text' } },
  notify: { emails: { kind: 'emails' }, webhook: { kind: 'flag' } },
};

/** The action types the schema accepts, in its order. */
export const ACTION_TYPES = actionSchema.options.map((option) => option.shape.type.value);

/**
 * `GET /rules/vocabulary`: the triggers, fields with their operators and values, and the actions
 * with their parameters, from the constants the schema checks with, so an editor never drifts.
 */
export function ruleVocabulary() {
  return {
    triggers: RULE_TRIGGERS,
    matches: ['all', 'any'] as const,
    operators: CONDITION_OPS,
    fields: CONDITION_FIELDS.map((field) => ({ field, ops: FIELDS[field].ops, value: FIELDS[field].value })),
    actions: ACTION_TYPES.map((type) => ({ type, params: ACTION_PARAMS[type] })),
  };
}
