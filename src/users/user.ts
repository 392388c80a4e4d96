import type { TeamRole } from '../auth/principal.js';

export type UserRole = 'admin' | TeamRole;

/** A person who signs in to the panel. The password hash never leaves the store and sign-in. */
export interface User {
  readonly id: string;
  /** Null for administrators, who see every team. */
  readonly teamId: string | null;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly createdAt: Date;
}

/** What sign-in reads: the user with its credential and lockout state. */
export interface UserCredentials {
  readonly user: User;
  readonly passwordHash: string;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teamId: user.teamId,
    createdAt: user.createdAt.toISOString(),
  };
}
