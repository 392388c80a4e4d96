import type { SavedAutoReply } from './auto-reply.js';
import type { AutoRepliesStore } from './auto-replies.store.js';
import type { SchedulesStore } from '../schedules/schedules.store.js';
import { defaultSchedule, type Schedule } from '../schedules/schedule.schema.js';
import type { Team } from '../teams/team.js';
import type { TeamsStore } from '../teams/teams.store.js';

/** What a reply decision reads about a team: the team, its schedule and its saved replies. */
export interface TeamConfig {
  /** The team's config version these settings were read at (see TeamConfigCache). */
  readonly version: number;
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

export async function loadTeamConfig(
  stores: TeamConfigStores,
  teamId: string,
  version?: number,
): Promise<TeamConfig | null> {
  const readVersion = version ?? (await stores.teams.configVersion(teamId));
  const team = await stores.teams.get(teamId);
  if (!team) return null;
  const [schedule, saved] = [await stores.schedules.get(teamId), await stores.autoReplies.listSaved(teamId)];
  return {
    version: readVersion ?? 0,
    team,
    schedule: schedule ?? defaultSchedule(team.timezone),
    savedAutoReplies: new Map(saved.map((s) => [s.kind, s])),
  };
}

/**
 * Team settings change rarely and are read for every decision. Each process keeps them, and every
 * read asks the database for one number, the team's config version, which triggers raise in the
 * same transaction as any change to the team, its numbers, schedule or replies (migration 0017).
 * So a change a manager saved applies to the very next decision in every web and worker process,
 * on the embedded database and on PostgreSQL alike, for one primary-key lookup: no TTL to wait
 * out, and no notification channel that could drop a message and leave a stale copy behind.
 */
export class TeamConfigCache {
  private readonly entries = new Map<string, TeamConfig>();

  async get(stores: TeamConfigStores, teamId: string): Promise<TeamConfig | null> {
    const cached = this.entries.get(teamId);
    const version = await stores.teams.configVersion(teamId);
    if (version === null) {
      this.entries.delete(teamId);
      return null;
    }
    if (cached && cached.version === version) return cached;
    // Read after the version: the settings are at least that new, and a later change raises it again.
    const config = await loadTeamConfig(stores, teamId, version);
    if (config) {
      if (this.entries.size > 5_000) this.entries.clear();
      this.entries.set(teamId, config);
    }
    return config;
  }
}
