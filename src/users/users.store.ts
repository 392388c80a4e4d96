import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { User, UserCredentials, UserRole } from './user.js';

interface UserRow {
  id: string;
  team_id: string | null;
  email: string;
  name: string;
  role: UserRole;
  password_hash: string;
  failed_attempts: number;
  locked_until: Date | string | null;
  created_at: Date | string;
}

export interface NewUser {
  readonly id: string;
  readonly teamId: string | null;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly passwordHash: string;
}

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super('email already belongs to a user');
  }
}

const PUBLIC_COLUMNS = ['id', 'team_id', 'email', 'name', 'role', 'created_at'] as const;

export class UsersStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async insert(user: NewUser): Promise<void> {
    try {
      await this.db('users').insert({
        id: user.id,
        team_id: user.teamId,
        email: user.email,
        name: user.name,
        role: user.role,
        password_hash: user.passwordHash,
      });
    } catch (err) {
      // The unique index on lower(email) settles races between two creations of one address.
      if ((err as { code?: string }).code === '23505') throw new EmailTakenError(user.email);
      throw err;
    }
  }

  async emailTaken(email: string): Promise<boolean> {
    const row = await this.db<UserRow>('users').whereRaw('lower(email) = lower(?)', [email]).first('id');
    return Boolean(row);
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    const row = (await this.db('users').whereRaw('lower(email) = lower(?)', [email]).first()) as UserRow | undefined;
    if (!row) return null;
    return {
      user: toUser(row),
      passwordHash: row.password_hash,
      failedAttempts: row.failed_attempts,
      lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
    };
  }

  async get(id: string): Promise<User | null> {
    const row = await this.db('users')
      .where({ id })
      .first<UserRow | undefined>(...PUBLIC_COLUMNS);
    return row ? toUser(row) : null;
  }

  async listByTeam(teamId: string): Promise<User[]> {
    const rows = await this.db('users')
      .where({ team_id: teamId })
      .orderBy([{ column: 'created_at' }, { column: 'email' }])
      .select<UserRow[]>(...PUBLIC_COLUMNS);
    return rows.map(toUser);
  }

  /**
   * Counts a failed sign-in in one statement (two concurrent failures both count). The
   * `maxFailures`-th consecutive failure locks the account until `lockUntil` and restarts the
   * count, so the next lock needs as many failures again. Returns the lock end, if any.
   */
  async recordFailedSignIn(id: string, maxFailures: number, lockUntil: Date): Promise<Date | null> {
    const [row] = await this.sql.query<{ locked_until: Date | string | null }>(
      `UPDATE users SET
         locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3::timestamptz ELSE locked_until END,
         failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END
       WHERE id = $1
       RETURNING locked_until`,
      [id, maxFailures, lockUntil.toISOString()],
    );
    return row?.locked_until ? new Date(row.locked_until) : null;
  }

  async clearFailedSignIns(id: string): Promise<void> {
    await this.db('users').where({ id }).update({ failed_attempts: 0, locked_until: null });
  }
}

function toUser(row: Pick<UserRow, (typeof PUBLIC_COLUMNS)[number]>): User {
  return {
    id: row.id,
    teamId: row.team_id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: new Date(row.created_at),
  };
}
