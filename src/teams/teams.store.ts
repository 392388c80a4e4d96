import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import { replyLedgerOf } from './reply-ledger-policy.js';
import { unreadFallbackOf } from './unread-fallback-settings.js';
import { rlaPolicyOf } from '../rla/rla-policy.js';
import { voiceFlowOf } from '../voice-flow/voice-flow.schema.js';
import { afterHoursFlowOf } from '../after-hours-flow/after-hours-flow.js';
import { DEFAULT_TEAM_SETTINGS, type Team, type TeamSettings } from './team.js';

interface TeamRow {
  id: string;
  name: string;
  company_name: string;
  timezone: string;
  locale: string;
  contact_page_url: string | null;
  settings: Partial<TeamSettings>;
  created_at: Date;
  updated_at: Date;
}

interface TeamNumberRow {
  number: string;
  team_id: string;
}

export interface TeamRecord {
  readonly id: string;
  readonly name: string;
  readonly companyName: string;
  readonly timezone: string;
  readonly locale: string;
  readonly contactPageUrl: string | null;
  readonly settings: TeamSettings;
}

export class NumberTakenError extends Error {
  constructor(readonly number: string) {
    super(`number ${number} already belongs to a team`);
  }
}

export class TeamsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async insert(team: TeamRecord, numbers: readonly string[]): Promise<void> {
    await this.db('teams').insert({
      id: team.id,
      name: team.name,
      company_name: team.companyName,
      timezone: team.timezone,
      locale: team.locale,
      contact_page_url: team.contactPageUrl,
      settings: JSON.stringify(team.settings),
    });
    await this.replaceNumbers(team.id, numbers);
  }

  async update(team: TeamRecord): Promise<void> {
    await this.db('teams')
      .where({ id: team.id })
      .update({
        name: team.name,
        company_name: team.companyName,
        timezone: team.timezone,
        locale: team.locale,
        contact_page_url: team.contactPageUrl,
        settings: JSON.stringify(team.settings),
        updated_at: this.db.fn.now(),
      });
  }

  async replaceNumbers(teamId: string, numbers: readonly string[]): Promise<void> {
    const taken = numbers.length
      ? await this.db<TeamNumberRow>('team_numbers')
          .whereIn('number', numbers)
          .whereNot({ team_id: teamId })
          .first('number')
      : undefined;
    if (taken) throw new NumberTakenError(taken.number);
    await this.db('team_numbers').where({ team_id: teamId }).delete();
    if (numbers.length) await this.db('team_numbers').insert(numbers.map((number) => ({ number, team_id: teamId })));
  }

  /** Raised by triggers on every change to the team's settings (migration 0017); null for no such team. */
  async configVersion(id: string): Promise<number | null> {
    const [row] = await this.sql.query<{ config_version: string | number }>(
      'SELECT config_version FROM teams WHERE id = $1',
      [id],
    );
    return row ? Number(row.config_version) : null;
  }

  async get(id: string): Promise<Team | null> {
    const [row] = await this.sql.query<TeamRow & { numbers: string[] | null }>(
      `SELECT t.*, (SELECT array_agg(n.number ORDER BY n.number) FROM team_numbers n WHERE n.team_id = t.id) AS numbers
         FROM teams t WHERE t.id = $1`,
      [id],
    );
    return row ? toTeam(row, row.numbers ?? []) : null;
  }

  async list(ids: readonly string[] | null): Promise<Team[]> {
    const query = this.db<TeamRow>('teams').orderBy('created_at');
    if (ids) query.whereIn('id', ids);
    const rows = await query;
    const numbers = await this.db<TeamNumberRow>('team_numbers')
      .whereIn(
        'team_id',
        rows.map((r) => r.id),
      )
      .orderBy('number');
    return rows.map((row) =>
      toTeam(
        row,
        numbers.filter((n) => n.team_id === row.id).map((n) => n.number),
      ),
    );
  }

  async teamIdByNumber(number: string): Promise<string | null> {
    const [row] = await this.sql.query<{ team_id: string }>('SELECT team_id FROM team_numbers WHERE number = $1', [
      number,
    ]);
    return row?.team_id ?? null;
  }

  async count(): Promise<number> {
    const row = await this.db('teams').count<{ count: number | string }[]>('id as count');
    return Number(row[0]?.count ?? 0);
  }
}

function toTeam(row: TeamRow, numbers: string[]): Team {
  const settings = row.settings ?? {};
  return {
    id: row.id,
    name: row.name,
    companyName: row.company_name,
    timezone: row.timezone,
    locale: row.locale,
    contactPageUrl: row.contact_page_url,
    numbers,
    // Settings added later read back as their defaults.
    settings: {
      missedCalls: { ...DEFAULT_TEAM_SETTINGS.missedCalls, ...settings.missedCalls },
      voice: voiceFlowOf(settings.voice),
      rla: rlaPolicyOf(settings.rla),
      notifications: { ...DEFAULT_TEAM_SETTINGS.notifications, ...settings.notifications },
      acknowledgements: { ...DEFAULT_TEAM_SETTINGS.acknowledgements, ...settings.acknowledgements },
      replyLedger: replyLedgerOf(settings.replyLedger),
      afterHoursFlow: afterHoursFlowOf(settings.afterHoursFlow),
      webChat: { ...DEFAULT_TEAM_SETTINGS.webChat, ...settings.webChat },
      unreadFallback: unreadFallbackOf(settings.unreadFallback),
    },
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
