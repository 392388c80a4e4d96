import crypto from 'node:crypto';
import { generateToken, hashToken } from '../auth/api-token.js';
import { assertAdmin, assertTeamAccess, principalLabel, type Principal, type TeamRole } from '../auth/principal.js';
import type { Transact } from '../db/transactor.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { SchedulesStore } from '../schedules/schedules.store.js';
import type { TeamsStore } from './teams.store.js';
import type { ApiTokensStore } from '../auth/api-tokens.store.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import { mergeReplyLedger } from './reply-ledger-policy.js';
import { mergeUnreadFallback } from './unread-fallback-settings.js';
import { mergeRlaPolicy } from '../rla/rla-policy.js';
import { validateMergedPolicy } from '../rla/rla-policy.schema.js';
import { mergeVoiceFlow } from '../voice-flow/voice-flow.schema.js';
import { defaultSchedule } from '../schedules/schedule.schema.js';
import { DEFAULT_TEAM_SETTINGS, type Team, type TeamSettings } from './team.js';
import type { CreateTeamInput, PatchTeamInput } from './team.schema.js';
import { NumberTakenError } from './teams.store.js';
import type { WebhookSubscriptionsStore } from '../team-events/webhook-subscriptions.store.js';

/** The stores this module reads and writes. */
export interface TeamsServiceStores {
  readonly audit: AuditStore;
  readonly schedules: SchedulesStore;
  readonly teams: TeamsStore;
  readonly tokens: ApiTokensStore;
  readonly webhookSubscriptions: WebhookSubscriptionsStore;
}

export class TeamsService {
  constructor(private readonly transact: Transact<TeamsServiceStores>) {}

  async create(principal: Principal, input: CreateTeamInput): Promise<Team> {
    assertAdmin(principal);
    const id = crypto.randomUUID();
    return this.transact(async (s) => {
      await withNumberCheck(() =>
        s.teams.insert(
          {
            id,
            name: input.name,
            companyName: input.companyName,
            timezone: input.timezone,
            locale: input.locale,
            contactPageUrl: input.contactPageUrl ?? null,
            settings: DEFAULT_TEAM_SETTINGS,
          },
          input.numbers,
        ),
      );
      await s.schedules.put(id, defaultSchedule(input.timezone));
      return (await s.teams.get(id))!;
    });
  }

  async get(principal: Principal, teamId: string): Promise<Team> {
    assertTeamAccess(principal, teamId, 'agent');
    const team = await this.transact((s) => s.teams.get(teamId));
    if (!team) throw new NotFoundError('team');
    return team;
  }

  async list(principal: Principal): Promise<Team[]> {
    return this.transact((s) => s.teams.list(principal.kind === 'admin' ? null : [principal.teamId]));
  }

  async update(principal: Principal, teamId: string, patch: PatchTeamInput): Promise<Team> {
    assertTeamAccess(principal, teamId, 'manager');
    if (patch.numbers !== undefined) assertAdmin(principal); // numbers are provisioned by the operator
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      await s.teams.update({
        id: team.id,
        name: patch.name ?? team.name,
        companyName: patch.companyName ?? team.companyName,
        timezone: patch.timezone ?? team.timezone,
        locale: patch.locale ?? team.locale,
        contactPageUrl: patch.contactPageUrl === undefined ? team.contactPageUrl : patch.contactPageUrl,
        settings: mergedSettings(team.settings, patch),
      });
      if (patch.numbers) await withNumberCheck(() => s.teams.replaceNumbers(team.id, patch.numbers!));
      const updated = (await s.teams.get(teamId))!;
      // The settings' webhookUrl is the one subscription they manage (to the RLA events).
      if (updated.settings.notifications.webhookUrl !== team.settings.notifications.webhookUrl)
        await s.webhookSubscriptions.setSettingsWebhook(teamId, updated.settings.notifications.webhookUrl);
      const [before, after] = [teamSettingsSnapshot(team), teamSettingsSnapshot(updated)];
      // A PATCH that changes nothing leaves no entry.
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await s.audit.record({
          teamId,
          actor: principalLabel(principal),
          action: 'team.updated',
          subject: 'team',
          before,
          after,
        });
      }
      return updated;
    });
  }

  async createToken(
    principal: Principal,
    teamId: string,
    role: TeamRole,
    label: string | null,
  ): Promise<{ id: string; token: string }> {
    assertAdmin(principal);
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      const token = generateToken();
      const id = await s.tokens.create({ teamId, role, tokenHash: hashToken(token), label });
      return { id, token };
    });
  }
}

function mergedSettings(current: TeamSettings, patch: PatchTeamInput): TeamSettings {
  const rla = patch.rla ? mergeRlaPolicy(current.rla, patch.rla) : current.rla;
  const problem = patch.rla ? validateMergedPolicy(rla) : null;
  if (problem) throw new UnprocessableError(`${problem.field}: ${problem.message}`, 'invalid_value', problem.field);
  return {
    ...current,
    missedCalls: { ...current.missedCalls, ...patch.missedCalls },
    voice: patch.voice ? mergeVoiceFlow(current.voice, patch.voice) : current.voice,
    rla,
    notifications: { ...current.notifications, ...patch.notifications },
    acknowledgements: { ...current.acknowledgements, ...patch.acknowledgements },
    replyLedger: patch.replyLedger ? mergeReplyLedger(current.replyLedger, patch.replyLedger) : current.replyLedger,
    webChat: { ...current.webChat, ...patch.webChat },
    unreadFallback: patch.unreadFallback
      ? mergeUnreadFallback(current.unreadFallback, patch.unreadFallback)
      : current.unreadFallback,
  };
}

async function withNumberCheck(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof NumberTakenError) {
      throw new ConflictError(
        `${err.number} already belongs to another team; remove it there first`,
        'number_taken',
        'numbers',
      );
    }
    throw err;
  }
}

/** What the audit log keeps of a team: its settings, without timestamps. */
function teamSettingsSnapshot(team: Team) {
  const { createdAt: _created, updatedAt: _updated, ...settings } = teamView(team);
  return settings;
}

export function teamView(team: Team) {
  return {
    id: team.id,
    name: team.name,
    companyName: team.companyName,
    timezone: team.timezone,
    locale: team.locale,
    contactPageUrl: team.contactPageUrl,
    numbers: team.numbers,
    missedCalls: team.settings.missedCalls,
    voice: team.settings.voice,
    rla: team.settings.rla,
    notifications: team.settings.notifications,
    acknowledgements: team.settings.acknowledgements,
    replyLedger: team.settings.replyLedger,
    webChat: team.settings.webChat,
    unreadFallback: team.settings.unreadFallback,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}
