import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { User, UserRole } from '../users/user.js';

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastSeenAt: Date;
}

interface SessionUserRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Date | string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  team_id: string | null;
  email: string;
  name: string;
  role: UserRole;
  user_created_at: Date | string;
}

export class SessionsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async create(session: SessionRecord): Promise<void> {
    await this.db('sessions').insert({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      last_seen_at: session.lastSeenAt,
    });
  }

  async findWithUser(id: string): Promise<{ session: SessionRecord; user: User } | null> {
    const row = await this.db('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.id', id)
      .first<SessionUserRow | undefined>(
        's.id',
        's.user_id',
        's.csrf_token',
        's.created_at',
        's.expires_at',
        's.last_seen_at',
        'u.team_id',
        'u.email',
        'u.name',
        'u.role',
        'u.created_at as user_created_at',
      );
    if (!row) return null;
    return {
      session: {
        id: row.id,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        createdAt: new Date(row.created_at),
        expiresAt: new Date(row.expires_at),
        lastSeenAt: new Date(row.last_seen_at),
      },
      user: {
        id: row.user_id,
        teamId: row.team_id,
        email: row.email,
        name: row.name,
        role: row.role,
        createdAt: new Date(row.user_created_at),
      },
    };
  }

  async touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.db('sessions').where({ id }).update({ last_seen_at: lastSeenAt, expires_at: expiresAt });
  }

  /** Whether any user of the team has a live panel session: someone could answer a chat. */
  async anyLiveForTeam(teamId: string, now: Date): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.team_id = $1 AND s.expires_at > $2 LIMIT 1`,
      [teamId, now],
    );
    return rows.length > 0;
  }

  async delete(id: string): Promise<void> {
    await this.db('sessions').where({ id }).delete();
  }

  /** Drops a user's sessions that ran out; done at sign-in so the table does not grow forever. */
  async deleteExpiredForUser(userId: string, now: Date): Promise<void> {
    await this.db('sessions').where({ user_id: userId }).where('expires_at', '<=', now).delete();
  }
}
