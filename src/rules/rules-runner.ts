import { planAutoReply, type AutoReplyStores } from '../auto-replies/auto-reply.service.js';
import { RULE_MESSAGE_DEFINITION } from '../auto-replies/catalogue.js';
import { loadTeamConfig, type TeamConfigStores } from '../auto-replies/team-config.js';
import type { MessageChannel } from '../../channels/contract.js';
import type { Clock } from '../clock.js';
import type { Contact, ContactsStore } from '../contacts/contacts.store.js';
import type { NotificationsStore } from '../notifications/notifications.store.js';
import { planTeamNotification } from '../notifications/team-notifier.js';
import { recordTeamEvent } from '../team-events/record-team-event.js';
import { noteAutoReply } from '../tickets/ticket-activity.js';
import type { Transact } from '../db/transactor.js';
import type { Group } from '../groups/group.js';
import type { Logger } from '../logger.js';
import { isOpenAt } from '../schedules/is-open.js';
import { defaultSchedule } from '../schedules/schedule.schema.js';
import type { FieldChanges, RuleCause, TeamEvent } from '../team-events/team-event.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { Team } from '../teams/team.js';
import { applyTicketPatch, type TicketPatchStores } from '../tickets/apply-ticket-patch.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketPatch } from '../tickets/ticket.schema.js';
import type { UsersStore } from '../users/users.store.js';
import { evaluateRules, type FiredRule, type RuleContext, type RuleEvent } from './evaluate-rules.js';
import type { RuleAction } from './rule.js';
import type { RulesStore } from './rules.store.js';
import { authorUserId, ruleEventOf } from './rule-event.js';
import { ticketAsOf } from './ticket-as-of.js';

/** The stores this module reads and writes. */
export interface RulesRunnerStores extends TicketPatchStores, AutoReplyStores, TeamConfigStores {
  readonly contacts: ContactsStore;
  readonly notifications: NotificationsStore;
  readonly rules: RulesStore;
  readonly teams: TeamsStore;
  readonly users: UsersStore;
}

/** Hands what a run queued to delivery, after its commit. */
export interface RuleSends {
  messages(ids: readonly string[]): Promise<void>;
  notifications(ids: readonly string[]): Promise<void>;
}

/** What a run queued, to hand over after the commit. */
interface Queued {
  readonly messageIds: string[];
  readonly notificationIds: string[];
}

/** What one rule's actions act with: the event, the team, the customer's contact (locked) and the cause they record. */
interface Acting {
  readonly s: RulesRunnerStores;
  readonly team: Team;
  readonly event: TeamEvent;
  readonly contact: Contact | null;
  readonly cause: RuleCause;
  readonly now: Date;
  readonly queued: Queued;
}

const MESSAGE_ACTIONS: ReadonlySet<RuleAction['type']> = new Set(['send_reply', 'send_message']);

/** The events rules run on (CONTRACT.md: a message from either side, a change of a ticket's fields). */
export const RULE_EVENT_TYPES = ['message.created', 'ticket.updated'] as const;

/** Events per run at most, so one run never holds the timer for long. */
const MAX_EVENTS = 200;

/** What one action did, on the ticket's `rules_ran` timeline entry. */
interface ActionResult {
  readonly type: RuleAction['type'];
  readonly done: boolean;
  readonly reason?: string;
}

/**
 * Runs the team's rules on each stored team event, in the worker, exactly once: an event is
 * claimed (FOR UPDATE SKIP LOCKED, any number of workers), the actions are applied and the event
 * is marked done in ONE transaction. A worker that dies in the middle rolls all of it back and the
 * event is claimed again; a committed run is never repeated.
 */
export class RulesRunner {
  constructor(
    private readonly transact: Transact<RulesRunnerStores>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly sends: RuleSends,
  ) {}

  /** Runs rules on pending events, oldest first; returns how many events were evaluated. */
  async run(): Promise<number> {
    await this.transact((s) => s.teamEvents.skipEventsWithoutRules(RULE_EVENT_TYPES, this.clock()));
    let ran = 0;
    for (; ran < MAX_EVENTS; ran += 1) {
      let claimed: TeamEvent | null = null;
      try {
        const queued: Queued = { messageIds: [], notificationIds: [] };
        const more = await this.transact(async (s) => {
          claimed = await s.teamEvents.claimForRules();
          if (!claimed) return false;
          await this.runOn(s, claimed, queued);
          await s.teamEvents.markRulesDone(claimed.id, this.clock());
          return true;
        });
        if (!more) break;
        // After the commit, as every sender does: a lost hand-over is redone by the sweeper.
        await this.sends.messages(queued.messageIds);
        await this.sends.notifications(queued.notificationIds);
      } catch (err) {
        const failed = claimed as TeamEvent | null;
        if (!failed) throw err;
        await this.giveUp(failed, err as Error);
      }
    }
    return ran;
  }

  /**
   * A run that throws (a bug, not a crash: a crash never gets here) would throw again on every
   * try and hold back the events after it: the event is marked done with the error on the timeline.
   */
  private async giveUp(event: TeamEvent, err: Error): Promise<void> {
    this.log.warn({ eventId: event.id, type: event.type, err: err.message }, 'rules failed on an event; skipped');
    await this.transact(async (s) => {
      if (!(await s.teamEvents.claimOneForRules(event.id))) return;
      if (event.ticketId)
        await s.tickets.addEvent(
          event.ticketId,
          { type: 'rules_ran', actor: 'rules', data: { eventId: event.id, error: err.message }, at: this.clock() },
          false,
        );
      await s.teamEvents.markRulesDone(event.id, this.clock());
    });
  }

  private async runOn(s: RulesRunnerStores, event: TeamEvent, queued: Queued): Promise<void> {
    if (!event.ticketId) return;
    const { rules } = await s.rules.get(event.teamId);
    if (rules.length === 0) return;
    const team = await s.teams.get(event.teamId);
    const unlocked = await s.tickets.get(event.teamId, event.ticketId);
    if (!team || !unlocked) return;
    // Lock order everywhere: the contact, then the ticket; the contact only when a rule may write.
    const writes = rules.some((r) => r.enabled && r.actions.some((a) => MESSAGE_ACTIONS.has(a.type)));
    const contact = writes ? await s.contacts.lockForReply(team.id, unlocked.customer) : null;
    let ticket = await s.tickets.lock(event.teamId, event.ticketId);
    if (!ticket) return;
    const ruleEvent = await ruleEventFor(s, event);
    if (!rules.some((r) => r.enabled && r.trigger === ruleEvent.trigger)) return;
    const asOfEvent = ticketAsOf(ticket, await changesAfter(s, event));
    const run = evaluateRules(rules, ruleEvent, asOfEvent, await this.contextOf(s, team, event, ruleEvent));
    if (run.fired.length === 0 && run.skippedByStop.length === 0 && !run.notEvaluated) return;
    const now = this.clock();
    const depth = (ruleEvent.causedBy?.depth ?? 0) + 1;
    const fired = [];
    for (const rule of run.fired) {
      const cause = { ruleId: rule.ruleId, depth };
      const acted = await applyRule({ s, team, event, contact, cause, now, queued }, ticket, rule);
      ticket = acted.ticket;
      fired.push({ ruleId: rule.ruleId, name: rule.name, actions: acted.results });
    }
    await s.tickets.addEvent(
      ticket.id,
      {
        type: 'rules_ran',
        actor: 'rules',
        data: {
          eventId: event.id,
          trigger: ruleEvent.trigger,
          fired,
          skippedByStop: run.skippedByStop,
          ...(run.notEvaluated ? { notEvaluated: run.notEvaluated } : {}),
        },
        at: now,
      },
      false,
    );
  }

  private async contextOf(s: RulesRunnerStores, team: Team, event: TeamEvent, e: RuleEvent): Promise<RuleContext> {
    const customer = typeof event.data.customer === 'string' ? event.data.customer : null;
    const schedule = (await s.schedules.get(team.id)) ?? defaultSchedule(team.timezone);
    return {
      authorGroupIds: e.author === 'agent' ? await authorGroups(s, team.id, event.data.authorId) : [],
      firstMessage:
        e.author === 'customer' && customer !== null
          ? !(await s.teamEvents.customerWroteBefore(team.id, customer, event.seq))
          : false,
      openHours: isOpenAt(schedule, event.createdAt),
    };
  }
}

/** The ticket's field changes recorded after the event, oldest first. */
async function changesAfter(s: RulesRunnerStores, event: TeamEvent): Promise<FieldChanges[]> {
  const later = await s.teamEvents.list(event.teamId, { ticketId: event.ticketId!, afterSeq: event.seq, limit: 1_000 });
  return later.filter((e) => e.type === 'ticket.updated').map((e) => e.data.changes as FieldChanges);
}

/** The stored event as rules see it; a message needs to know whether it opened its ticket. */
async function ruleEventFor(s: RulesRunnerStores, event: TeamEvent): Promise<RuleEvent> {
  if (event.type !== 'message.created') return ruleEventOf(event, { firstOnTicket: false, ticketByCustomer: false });
  const opening = await s.teamEvents.ticketOpening(event.ticketId!, event.seq);
  return ruleEventOf(event, { firstOnTicket: !opening.earlierMessage, ticketByCustomer: opening.byCustomer });
}

/** The groups of the agent who wrote; `authorId` is who acted (`user:<email>` for a signed-in agent). */
async function authorGroups(s: RulesRunnerStores, teamId: string, authorId: unknown): Promise<string[]> {
  const userId = authorUserId(await s.users.listByTeam(teamId), authorId);
  if (!userId) return [];
  return (await s.groups.list(teamId)).filter((g) => g.memberIds.includes(userId)).map((g) => g.id);
}

/**
 * One rule's ticket actions as one change of the ticket (one `ticket.updated`, actor
 * `rule:<id>`, carrying the cause), through the same code as an agent's PATCH.
 */
async function applyRule(
  acting: Acting,
  ticket: Ticket,
  rule: FiredRule,
): Promise<{ ticket: Ticket; results: ActionResult[] }> {
  const { s, team, cause: causedBy, now } = acting;
  const patch: { -readonly [K in keyof TicketPatch]: TicketPatch[K] } = {};
  let tags = [...ticket.tags];
  let group: Group | null = null;
  const results: ActionResult[] = [];
  for (const action of rule.actions) {
    switch (action.type) {
      case 'set_status':
        patch.status = action.value;
        break;
      case 'complete_chat':
        patch.chat = 'completed';
        break;
      case 'set_priority':
        patch.priority = action.value;
        break;
      case 'add_tags':
        tags = [...new Set([...tags, ...action.tags])];
        patch.tags = tags;
        break;
      case 'remove_tags': {
        const gone = new Set(action.tags.map((t) => t.toLowerCase()));
        tags = tags.filter((t) => !gone.has(t.toLowerCase()));
        patch.tags = tags;
        break;
      }
      case 'assign': {
        // Saved rules were checked; a user or group deleted since is skipped, not guessed.
        if (action.userId && (await s.users.get(action.userId))?.teamId !== team.id) {
          results.push({ type: action.type, done: false, reason: 'unknown_user' });
          continue;
        }
        if (action.groupId) {
          group = await s.groups.get(team.id, action.groupId);
          if (!group) {
            results.push({ type: action.type, done: false, reason: 'unknown_group' });
            continue;
          }
        }
        if (action.userId !== undefined) patch.assigneeId = action.userId;
        if (action.groupId !== undefined) patch.groupId = action.groupId;
        break;
      }
      case 'send_reply':
        results.push(await sendAutomated(acting, ticket, { type: 'send_reply', kind: action.kind }));
        continue;
      case 'notify':
        results.push(await notify(acting, ticket, rule, action));
        continue;
      case 'send_message':
        results.push(await sendAutomated(acting, ticket, { type: 'send_message', body: action.body }));
        continue;
    }
    results.push({ type: action.type, done: true });
  }
  if (Object.keys(patch).length === 0) return { ticket, results };
  const applied = await applyTicketPatch(s, team, ticket, patch, group, {
    actor: `rule:${rule.ruleId}`,
    now,
    causedBy,
  });
  return { ticket: applied.ticket, results };
}

/** Where an automated message to the ticket's customer goes out from, or null when it cannot. */
async function replyRoute(acting: Acting, ticket: Ticket) {
  const config = await loadTeamConfig(acting.s, acting.team.id);
  const teamNumber = config?.team.numbers[0];
  if (!config || !teamNumber || !acting.contact) return null;
  const channel: MessageChannel = ticket.channel === 'whatsapp' ? 'whatsapp' : 'sms';
  return { config, teamNumber, channel, contact: acting.contact };
}

/**
 * A catalogue reply (`send_reply`) or the rule's own text with placeholders (`send_message`):
 * both through the one reply ledger (planAutoReply), the rule's id in the decision log.
 */
async function sendAutomated(
  acting: Acting,
  ticket: Ticket,
  what: { type: 'send_reply'; kind: string } | { type: 'send_message'; body: string },
): Promise<ActionResult> {
  const { s, now } = acting;
  const route = await replyRoute(acting, ticket);
  if (!route) return { type: what.type, done: false, reason: 'no_team_number' };
  const reply = await planAutoReply(s, {
    ...route,
    claim: false,
    ...(what.type === 'send_reply'
      ? { kind: what.kind }
      : { kind: RULE_MESSAGE_DEFINITION.kind, customBody: what.body }),
    customer: ticket.customer,
    eventId: null,
    isKeyword: false,
    afterHoursOnly: false,
    customerName: null,
    ticket,
    variables: {},
    now,
    cause: acting.cause,
  });
  // A reply held for quiet hours is stored now and sent by the sweeper: only one to send now is queued.
  if (reply.message) acting.queued.messageIds.push(reply.message.id);
  await noteAutoReply(s, ticket, reply.decision, reply.messageId, route.channel, now);
  return { type: what.type, done: reply.decision.action === 'send', reason: reply.decision.reason };
}

/** Email through the team's notifications (once per rule and event), and/or a `rule.notified` team event for its webhooks. */
async function notify(
  acting: Acting,
  ticket: Ticket,
  rule: FiredRule,
  action: Extract<RuleAction, { type: 'notify' }>,
): Promise<ActionResult> {
  const { s, team, event, now } = acting;
  if (action.emails?.length) {
    const ids = await planTeamNotification(s, {
      teamId: team.id,
      event: 'rule.notified',
      subject: `${rule.name}: ticket #${ticket.number}`,
      text: `The rule "${rule.name}" matched on ticket #${ticket.number} (${ticket.customer}).`,
      payload: { ruleId: rule.ruleId, ticketId: ticket.id, eventId: event.id },
      dedupeKey: `rule:${rule.ruleId}:${event.id}`,
      settings: { emails: action.emails },
    });
    acting.queued.notificationIds.push(...ids);
  }
  if (action.webhook)
    await recordTeamEvent(s, {
      teamId: team.id,
      ticketId: ticket.id,
      type: 'rule.notified',
      actor: `rule:${rule.ruleId}`,
      data: { ruleId: rule.ruleId, name: rule.name, eventId: event.id },
      at: now,
    });
  return { type: 'notify', done: true };
}
