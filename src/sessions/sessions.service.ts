import crypto from 'node:crypto';
import { hashToken } from '../auth/api-token.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { SessionsStore } from './sessions.store.js';
import type { UsersStore } from '../users/users.store.js';
import { dummyPasswordHash, verifyPassword } from '../users/password-hash.js';
import type { SessionUser } from './session-user.js';
import { AccountLockedError, InvalidCredentialsError } from './sign-in.errors.js';

/** The stores this module reads and writes. */
export interface SessionsServiceStores {
  readonly sessions: SessionsStore;
  readonly users: UsersStore;
}

export const SIGN_IN_POLICY = {
  /** Consecutive failures that lock the account… */
  maxFailures: 5,
  /** …for this long. */
  lockMs: 15 * 60_000,
  /** A session ends after this long without a request (sliding). */
  idleMs: 12 * 60 * 60_000,
  /** Activity is written at most this often, not on every request. */
  touchEveryMs: 60_000,
} as const;

/** Sign-in, sign-out and resolving a session cookie to its user. */
export class SessionsService {
  constructor(
    private readonly transact: Transact<SessionsServiceStores>,
    private readonly clock: Clock,
  ) {}

  /** Checks the password and opens a session; the returned token goes in the cookie only. */
  async signIn(email: string, password: string): Promise<{ token: string; session: SessionUser }> {
    const credentials = await this.transact((s) => s.users.findCredentialsByEmail(email.trim()));
    if (!credentials) {
      // The same scrypt run as for a real account, so timing does not tell which emails exist.
      await verifyPassword(password, await dummyPasswordHash());
      throw new InvalidCredentialsError();
    }
    const now = this.clock();
    if (credentials.lockedUntil && credentials.lockedUntil > now) {
      throw new AccountLockedError(credentials.lockedUntil.getTime() - now.getTime());
    }
    if (!(await verifyPassword(password, credentials.passwordHash))) {
      const lockedUntil = await this.transact((s) =>
        s.users.recordFailedSignIn(
          credentials.user.id,
          SIGN_IN_POLICY.maxFailures,
          new Date(now.getTime() + SIGN_IN_POLICY.lockMs),
        ),
      );
      if (lockedUntil && lockedUntil > now) throw new AccountLockedError(lockedUntil.getTime() - now.getTime());
      throw new InvalidCredentialsError();
    }

    const token = crypto.randomBytes(32).toString('base64url');
    const session: SessionUser = {
      sessionId: hashToken(token),
      user: credentials.user,
      csrfToken: crypto.randomBytes(32).toString('base64url'),
      expiresAt: new Date(now.getTime() + SIGN_IN_POLICY.idleMs),
    };
    await this.transact(async (s) => {
      await s.users.clearFailedSignIns(credentials.user.id);
      await s.sessions.deleteExpiredForUser(credentials.user.id, now);
      await s.sessions.create({
        id: session.sessionId,
        userId: credentials.user.id,
        csrfToken: session.csrfToken,
        createdAt: now,
        expiresAt: session.expiresAt,
        lastSeenAt: now,
      });
    });
    return { token, session };
  }

  /** The user behind a cookie's token, or null when it is unknown, signed out or expired. */
  async resolve(token: string): Promise<SessionUser | null> {
    if (token.length < 20 || token.length > 200) return null;
    const id = hashToken(token);
    const now = this.clock();
    return this.transact(async (s) => {
      const found = await s.sessions.findWithUser(id);
      if (!found) return null;
      if (found.session.expiresAt <= now) {
        await s.sessions.delete(id);
        return null;
      }
      let expiresAt = found.session.expiresAt;
      if (now.getTime() - found.session.lastSeenAt.getTime() >= SIGN_IN_POLICY.touchEveryMs) {
        expiresAt = new Date(now.getTime() + SIGN_IN_POLICY.idleMs);
        await s.sessions.touch(id, now, expiresAt);
      }
      return { sessionId: id, user: found.user, csrfToken: found.session.csrfToken, expiresAt };
    });
  }

  async signOut(sessionId: string): Promise<void> {
    await this.transact((s) => s.sessions.delete(sessionId));
  }
}
