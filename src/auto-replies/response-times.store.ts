import type { SqlClient } from '../db/sql.js';
import type { FirstResponse } from './average-response-time.js';

/** What the team's average response time is measured on: its tickets' first responses. */
export class ResponseTimesStore {
  constructor(private readonly sql: SqlClient) {}

  /**
   * The newest first responses given since `since` (a ticket's opening and its first answer), at
   * most `limit`.
   */
  async firstResponses(teamId: string, since: Date, limit: number): Promise<FirstResponse[]> {
    const rows = await this.sql.query<{ created_at: Date | string; first_responded_at: Date | string }>(
      `SELECT created_at, first_responded_at FROM tickets
        WHERE team_id = $1 AND first_responded_at >= $2 AND first_responded_at >= created_at
        ORDER BY first_responded_at DESC LIMIT $3`,
      [teamId, since, limit],
    );
    return rows.map((r) => ({ openedAt: new Date(r.created_at), respondedAt: new Date(r.first_responded_at) }));
  }
}
