import crypto from 'node:crypto';
import type { AuditStore } from '../audit/audit.store.js';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import type { GroupsStore } from '../groups/groups.store.js';
import { isOpenAt } from '../schedules/is-open.js';
import { defaultSchedule } from '../schedules/schedule.schema.js';
import type { SchedulesStore } from '../schedules/schedules.store.js';
import type { TeamEventsStore } from '../team-events/team-events.store.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import type { UsersStore } from '../users/users.store.js';
import type { Rule, RuleAction, RuleCondition, TeamRules } from './rule.js';
import { dryRunRules, type DryRunResult } from './dry-run.js';
import { ruleOf, type DryRunInput, type RulesInput } from './rule.schema.js';
import { authorUserId } from './rule-event.js';
import { RULE_EVENT_TYPES } from './rules-runner.js';
import { ruleTemplates, type RuleTemplate, type TemplateLines } from './rule-templates.js';
import type { RulesStore } from './rules.store.js';

/** The stores this module reads and writes. */
export interface RulesServiceStores {
  readonly audit: AuditStore;
  readonly groups: GroupsStore;
  readonly rules: RulesStore;
  readonly schedules: SchedulesStore;
  readonly teamEvents: TeamEventsStore;
  readonly teams: { get(teamId: string): Promise<{ readonly timezone: string } | null> };
  readonly tickets: TicketsStore;
  readonly users: UsersStore;
}

/** A team's automation rules: managers edit the whole ordered list, agents read it; every save is audited. */
export class RulesService {
  constructor(
    private readonly transact: Transact<RulesServiceStores>,
    private readonly clock: Clock,
  ) {}

  async get(principal: Principal, teamId: string): Promise<TeamRules> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      return s.rules.get(teamId);
    });
  }

  /** The recipe templates; with both lines given (groups of this team), each with its rule filled in. */
  async templates(principal: Principal, teamId: string, lines: Partial<TemplateLines>): Promise<RuleTemplate[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      if (!lines.line1GroupId || !lines.line2GroupId) return ruleTemplates(null);
      const groups = new Set((await s.groups.list(teamId)).map((g) => g.id));
      for (const key of ['line1GroupId', 'line2GroupId'] as const) {
        if (!groups.has(lines[key]!))
          throw new UnprocessableError(
            `${key}: no group "${lines[key]}" in this team; use ids from GET /api/teams/${teamId}/groups`,
            'unknown_group',
            key,
          );
      }
      return ruleTemplates({ line1GroupId: lines.line1GroupId, line2GroupId: lines.line2GroupId });
    });
  }

  /**
   * Replaces the list. `readVersion` is the version the editor read (If-Match): a save that does
   * not carry it, or carries an older one, is refused with 409 once the list has been saved.
   */
  async replace(
    principal: Principal,
    teamId: string,
    readVersion: number | null,
    input: RulesInput,
  ): Promise<TeamRules> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      const before = await s.rules.get(teamId);
      if (readVersion === null && before.version > 0) throw versionRequired(before.version);
      if (readVersion !== null && readVersion !== before.version) throw staleVersion(readVersion, before.version);
      const rules = assignIds(input, new Set(before.rules.map((r) => r.id)));
      await assertTeamReferences(s, teamId, rules);
      if (!(await s.rules.saveIfVersion(teamId, before.version, rules, this.clock())))
        throw staleVersion(before.version, before.version + 1);
      const after: TeamRules = { version: before.version + 1, rules };
      await s.audit.record({
        teamId,
        actor: principalLabel(principal),
        action: 'rules.updated',
        subject: teamId,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * What the saved rules, or the proposed ones, would have done on the team's recent tickets:
   * reads only (a few queries, whatever the number of tickets), changes nothing. A manager's call,
   * as editing is: it is how an editor tries a list before saving it.
   */
  async dryRun(principal: Principal, teamId: string, input: DryRunInput): Promise<DryRunResult[]> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      const rules = input.rules
        ? input.rules.map((rule, i) => ruleOf(rule, rule.id ?? `proposed:${i}`))
        : (await s.rules.get(teamId)).rules;
      if (input.rules) await assertTeamReferences(s, teamId, rules);
      if (!rules.some((r) => r.enabled)) return [];
      const tickets = await s.tickets.listRecent(teamId, input.limit);
      const [events, firstMessageSeq, schedule, users, groups] = await Promise.all([
        s.teamEvents.listForTickets(
          teamId,
          tickets.map((t) => t.id),
          ['ticket.created', ...RULE_EVENT_TYPES],
        ),
        s.teamEvents.firstCustomerMessages(teamId, [...new Set(tickets.map((t) => t.customer))]),
        s.schedules.get(teamId),
        s.users.listByTeam(teamId),
        s.groups.list(teamId),
      ]);
      const open = schedule ?? defaultSchedule(team.timezone);
      return dryRunRules(rules, {
        tickets,
        events,
        firstMessageSeq,
        groupsOfAuthor: (authorId) => {
          const userId = authorUserId(users, authorId);
          return userId ? groups.filter((g) => g.memberIds.includes(userId)).map((g) => g.id) : [];
        },
        isOpenAt: (at) => isOpenAt(open, at),
      });
    });
  }
}

async function assertTeam(s: RulesServiceStores, teamId: string): Promise<void> {
  if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
}

/** Keeps the ids of saved rules (their history names them), gives new rules one. */
function assignIds(input: RulesInput, saved: ReadonlySet<string>): Rule[] {
  const seen = new Set<string>();
  return input.map((rule, i) => {
    if (rule.id !== undefined) {
      if (!saved.has(rule.id))
        throw new UnprocessableError(
          `rules.${i}.id: no saved rule "${rule.id}"; leave id out for a new rule`,
          'unknown_rule',
          `rules.${i}.id`,
        );
      if (seen.has(rule.id))
        throw new UnprocessableError(`rules.${i}.id: "${rule.id}" is listed twice`, 'duplicate_rule', `rules.${i}.id`);
      seen.add(rule.id);
    }
    return ruleOf(rule, rule.id ?? crypto.randomUUID());
  });
}

/** Every user and group a rule names belongs to this team, else a 422 naming where it is named. */
async function assertTeamReferences(s: RulesServiceStores, teamId: string, rules: readonly Rule[]): Promise<void> {
  const refs = rules.flatMap((rule, i) =>
    referencesOf(rule).map((ref) => ({ ...ref, path: `rules.${i}.${ref.path}` })),
  );
  if (refs.length === 0) return;
  const [users, groups] = await Promise.all([
    refs.some((r) => r.kind === 'user') ? s.users.listByTeam(teamId) : [],
    refs.some((r) => r.kind === 'group') ? s.groups.list(teamId) : [],
  ]);
  const known = { user: new Set(users.map((u) => u.id)), group: new Set(groups.map((g) => g.id)) };
  const stranger = refs.find((r) => !known[r.kind].has(r.id));
  if (stranger) {
    const list = stranger.kind === 'user' ? 'users' : 'groups';
    throw new UnprocessableError(
      `${stranger.path}: no ${stranger.kind} "${stranger.id}" in this team; use ids from GET /api/teams/${teamId}/${list}`,
      `unknown_${stranger.kind}`,
      stranger.path,
    );
  }
}

interface Reference {
  readonly kind: 'user' | 'group';
  readonly id: string;
  readonly path: string;
}

function referencesOf(rule: Rule): Reference[] {
  return [
    ...rule.conditions.flatMap((c, i) => conditionReferences(c, `conditions.${i}.value`)),
    ...rule.actions.flatMap((a, i) => actionReferences(a, `actions.${i}`)),
  ];
}

const CONDITION_REFERENCE: Partial<Record<RuleCondition['field'], Reference['kind']>> = {
  assignee: 'user',
  group: 'group',
  author_group: 'group',
};

function conditionReferences(c: RuleCondition, path: string): Reference[] {
  const kind = CONDITION_REFERENCE[c.field];
  if (!kind || c.value === undefined) return [];
  if (typeof c.value === 'string') return [{ kind, id: c.value, path }];
  if (Array.isArray(c.value)) return c.value.map((id: string, i) => ({ kind, id, path: `${path}.${i}` }));
  return [];
}

function actionReferences(a: RuleAction, path: string): Reference[] {
  if (a.type !== 'assign') return [];
  return [
    ...(a.userId ? [{ kind: 'user' as const, id: a.userId, path: `${path}.userId` }] : []),
    ...(a.groupId ? [{ kind: 'group' as const, id: a.groupId, path: `${path}.groupId` }] : []),
  ];
}

const versionRequired = (current: number) =>
  new ConflictError(
    `the rules have been saved before: send If-Match: "${current}" with the version you read (GET gives it as ETag)`,
    'version_required',
  );

const staleVersion = (read: number, current: number) =>
  new ConflictError(
    `someone saved the rules after you read them (you read version ${read}, it is now ${current}): read them again and redo your change`,
    'version_conflict',
  );
