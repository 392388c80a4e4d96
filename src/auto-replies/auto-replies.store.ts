import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { AutoReplyOptions, LocaleBodies, LocaleTemplates, ReplyLocale, SavedAutoReply } from './auto-reply.js';

interface AutoReplyRow {
  kind: string;
  enabled: boolean;
  options: Partial<AutoReplyOptions> | null;
  repeat_window_hours: number | null;
  whatsapp_templates: LocaleTemplates | null;
  bodies: LocaleBodies | null;
}

/** The per-kind settings a team saved; its bodies by locale gathered onto each row. */
export interface KindSettings {
  readonly kind: string;
  readonly enabled: boolean;
  readonly options: Partial<AutoReplyOptions>;
  readonly repeatWindowHours: number | null;
  readonly whatsappTemplates: LocaleTemplates;
}

// One statement for the hot path (loading a team's config): bodies come back as {locale: body}.
const SELECT_SAVED = `
  SELECT a.kind, a.enabled, a.options, a.repeat_window_hours, a.whatsapp_templates, b.bodies
  FROM auto_replies a
  LEFT JOIN (
    SELECT kind, jsonb_object_agg(locale, body) AS bodies FROM auto_reply_bodies WHERE team_id = $1 GROUP BY kind
  ) b ON b.kind = a.kind
  WHERE a.team_id = $1`;

export class AutoRepliesStore {
  constructor(
    // Kept for the shape every store shares; this one runs plain SQL only.
    _db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async listSaved(teamId: string): Promise<SavedAutoReply[]> {
    const rows = await this.sql.query<AutoReplyRow>(SELECT_SAVED, [teamId]);
    return rows.map(toSaved);
  }

  async getSaved(teamId: string, kind: string): Promise<SavedAutoReply | null> {
    const rows = await this.sql.query<AutoReplyRow>(`${SELECT_SAVED} AND a.kind = $2`, [teamId, kind]);
    return rows[0] ? toSaved(rows[0]) : null;
  }

  async saveSettings(teamId: string, settings: KindSettings): Promise<void> {
    await this.sql.query(
      `INSERT INTO auto_replies (team_id, kind, enabled, options, repeat_window_hours, whatsapp_templates)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb)
       ON CONFLICT (team_id, kind) DO UPDATE
       SET enabled = EXCLUDED.enabled, options = EXCLUDED.options, repeat_window_hours = EXCLUDED.repeat_window_hours,
           whatsapp_templates = EXCLUDED.whatsapp_templates, updated_at = now()`,
      [
        teamId,
        settings.kind,
        settings.enabled,
        JSON.stringify(settings.options),
        settings.repeatWindowHours,
        Object.keys(settings.whatsappTemplates).length > 0 ? JSON.stringify(settings.whatsappTemplates) : null,
      ],
    );
  }

  /** Saves the body of one locale, or deletes it (null) so the default text applies again. The kind's row must exist. */
  async saveBody(teamId: string, kind: string, locale: ReplyLocale, body: string | null): Promise<void> {
    if (body === null) {
      await this.sql.query('DELETE FROM auto_reply_bodies WHERE team_id = $1 AND kind = $2 AND locale = $3', [
        teamId,
        kind,
        locale,
      ]);
      return;
    }
    await this.sql.query(
      `INSERT INTO auto_reply_bodies (team_id, kind, locale, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (team_id, kind, locale) DO UPDATE SET body = EXCLUDED.body, updated_at = now()`,
      [teamId, kind, locale, body],
    );
  }

  /** Forgets everything the team saved for a kind: the catalogue defaults apply again. */
  async reset(teamId: string, kind: string): Promise<void> {
    await this.sql.query('DELETE FROM auto_reply_bodies WHERE team_id = $1 AND kind = $2', [teamId, kind]);
    await this.sql.query('DELETE FROM auto_replies WHERE team_id = $1 AND kind = $2', [teamId, kind]);
  }
}

function toSaved(row: AutoReplyRow): SavedAutoReply {
  return {
    kind: row.kind,
    enabled: row.enabled,
    bodies: row.bodies ?? {},
    options: row.options ?? {},
    repeatWindowHours: row.repeat_window_hours,
    whatsappTemplates: row.whatsapp_templates ?? {},
  };
}
