import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import { isFaqLocale, type FaqEntry, type FaqLocale, type FaqMatch } from './faq-entry.js';
import {
  anyWordQuery,
  FALLBACK_SEARCH_CONFIG,
  PREFERRED_SEARCH_CONFIG,
  searchConfigFor,
  SIMPLE_STOP_WORDS,
} from './faq-search.js';

interface FaqRow {
  id: string;
  team_id: string;
  question: string;
  answer: string;
  keywords: string[] | string;
  locale: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = ['id', 'team_id', 'question', 'answer', 'keywords', 'locale', 'created_at', 'updated_at'] as const;

/** What an entry holds besides its identity and times. */
export interface FaqContent {
  readonly question: string;
  readonly answer: string;
  readonly keywords: readonly string[];
  readonly locale: FaqLocale;
}

/**
 * A team's FAQ entries and their full-text search. Each row carries the text search configuration
 * it was indexed with (`search_config`) and a vector a trigger keeps (migration 0027); a search
 * parses the customer's text with each entry's own configuration.
 */
export class FaqStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async list(teamId: string): Promise<FaqEntry[]> {
    const rows = await this.db('faq_entries')
      .where({ team_id: teamId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select<FaqRow[]>(COLUMNS);
    return rows.map(toEntry);
  }

  /** The entry, holding its row until the transaction ends: two edits of one entry take turns. */
  async lock(teamId: string, id: string): Promise<FaqEntry | null> {
    const row = await this.db('faq_entries')
      .where({ team_id: teamId, id })
      .forUpdate()
      .first<FaqRow | undefined>(COLUMNS);
    return row ? toEntry(row) : null;
  }

  /**
   * How many entries the team has, counted under a transaction-scoped advisory lock per team: two
   * creations racing for the last of the allowed entries count one after the other. Not a lock on
   * the team's row, which numbering a new ticket updates: FAQ edits never hold up inbound texts.
   */
  async lockAndCount(teamId: string): Promise<number> {
    await this.sql.query("SELECT pg_advisory_xact_lock(hashtextextended('faq_entries:' || $1, 0))", [teamId]);
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM faq_entries WHERE team_id = $1', [
      teamId,
    ]);
    return row?.n ?? 0;
  }

  async insert(entry: FaqEntry): Promise<void> {
    await this.db('faq_entries').insert({
      ...this.content(entry),
      id: entry.id,
      team_id: entry.teamId,
      search_config: await this.searchConfig(entry.locale),
      created_at: entry.createdAt,
      updated_at: entry.updatedAt,
    });
  }

  async update(teamId: string, id: string, content: FaqContent, at: Date): Promise<void> {
    await this.db('faq_entries')
      .where({ team_id: teamId, id })
      .update({ ...this.content(content), search_config: await this.searchConfig(content.locale), updated_at: at });
  }

  async delete(teamId: string, id: string): Promise<void> {
    await this.db('faq_entries').where({ team_id: teamId, id }).delete();
  }

  /**
   * The team's `limit` entries that best match a customer's text, best first: entries matching any
   * of its words, in each entry's language (stemmed for English and Russian), ranked with
   * `ts_rank` (question and keywords weigh more than the answer). Usable with a transaction's
   * stores, e.g. from the after-hours conversation. Empty when nothing matches. Entries indexed
   * with `simple` are queried without the common words it would match everywhere.
   */
  async search(teamId: string, text: string, limit: number): Promise<FaqMatch[]> {
    const query = anyWordQuery(text);
    const simpleQuery = anyWordQuery(text, SIMPLE_STOP_WORDS);
    if (query === null || limit < 1) return [];
    const rows = await this.sql.query<FaqRow & { rank: number | string }>(
      `SELECT id, team_id, question, answer, keywords, locale, created_at, updated_at, rank
         FROM (SELECT f.*, ts_rank(f.search_vector, q.query) AS rank
                 FROM faq_entries f
                 CROSS JOIN LATERAL (
                   SELECT websearch_to_tsquery(
                            f.search_config::regconfig,
                            CASE WHEN f.search_config = $4 THEN $5 ELSE $2 END) AS query) q
                WHERE f.team_id = $1 AND f.search_vector @@ q.query) ranked
        WHERE rank > 0
        ORDER BY rank DESC, created_at, id
        LIMIT $3`,
      [teamId, query, limit, FALLBACK_SEARCH_CONFIG, simpleQuery ?? ''],
    );
    return rows.map((row) => ({ ...toEntry(row), rank: Number(row.rank) }));
  }

  private content(c: FaqContent) {
    return { question: c.question, answer: c.answer, keywords: JSON.stringify(c.keywords), locale: c.locale };
  }

  /**
   * Checked at each write (writes are rare; a manager's edit): the configuration the locale
   * wants if this server has it, else `simple` (see `searchConfigFor`).
   */
  private async searchConfig(locale: FaqLocale): Promise<string> {
    const wanted = [...new Set(Object.values(PREFERRED_SEARCH_CONFIG))];
    const rows = await this.sql.query<{ cfgname: string }>(
      'SELECT cfgname FROM pg_ts_config WHERE cfgname = ANY($1::text[])',
      [wanted],
    );
    return searchConfigFor(locale, new Set(rows.map((r) => r.cfgname)));
  }
}

function toEntry(row: FaqRow): FaqEntry {
  const keywords = typeof row.keywords === 'string' ? (JSON.parse(row.keywords) as string[]) : row.keywords;
  return {
    id: row.id,
    teamId: row.team_id,
    question: row.question,
    answer: row.answer,
    keywords,
    // Only the schema writes locales; an unknown one (never expected) reads as English.
    locale: isFaqLocale(row.locale) ? row.locale : 'en',
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
