import type { SavedAutoReply } from './auto-reply.js';
import type { AutoRepliesStore } from './auto-replies.store.js';
import type { SchedulesStore } from '../schedules/schedules.store.js';
import { defaultSchedule, type Schedule } from '../schedules/schedule.schema.js';
import type { Team } from '../teams/team.js';
import type { TeamsStore } from '../teams/teams.store.js';

/** What a reply decision reads about a team: the team, its schedule and its saved replies. */
export interface TeamConfig {
  readonly team: Team;
  readonly schedule: Schedule;
  readonly savedAutoReplies: ReadonlyMap<string, SavedAutoReply>;
}

/** The stores a team's configuration is read from. */
export interface TeamConfigStores {
  readonly teams: TeamsStore;
  readonly schedules: SchedulesStore;
  readonly autoReplies: AutoRepliesStore;
}

export async function loadTeamConfig(stores: TeamConfigStores, teamId: string): Promise<TeamConfig | null> {
  const team = await stores.teams.get(teamId);
  if (!team) return null;
  const [schedule, saved] = [await stores.schedules.get(teamId), await stores.autoReplies.listSaved(teamId)];
  return {
    team,
    schedule: schedule ?? defaultSchedule(team.timezone),
    savedAutoReplies: new Map(saved.map((s) => [s.kind, s])),
  };
}

/**
 * Team settings change rarely and are read for every message: a worker keeps them for `ttlMs`
 * (a manager's change reaches every process within that time; this process's own changes at once).
 */
export class TeamConfigCache {
  private readonly entries = new Map<string, { config: TeamConfig; expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  async get(stores: TeamConfigStores, teamId: string): Promise<TeamConfig | null> {
    const cached = this.entries.get(teamId);
    if (cached && cached.expiresAt > Date.now()) return cached.config;
    const config = await loadTeamConfig(stores, teamId);
    if (config && this.ttlMs > 0) {
      if (this.entries.size > 5_000) this.entries.clear();
      this.entries.set(teamId, { config, expiresAt: Date.now() + this.ttlMs });
    }
    return config;
  }

  invalidate(teamId: string): void {
    this.entries.delete(teamId);
  }
}
