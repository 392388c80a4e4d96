import type { User } from '../users/user.js';

/** A signed-in panel user, as resolved from the session cookie. */
export interface SessionUser {
  readonly sessionId: string;
  readonly user: User;
  /** Sent back in X-CSRF-Token (or the form field `_csrf`) with every change. */
  readonly csrfToken: string;
  readonly expiresAt: Date;
}
