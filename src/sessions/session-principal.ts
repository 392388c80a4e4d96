import type { Principal } from '../auth/principal.js';
import type { User } from '../users/user.js';

/** A panel user acts with their role: admins on every team, others on their own team only. */
export function principalForUser(user: User): Principal {
  const label = `user:${user.email}`;
  if (user.role === 'admin') return { kind: 'admin', tokenId: null, userId: user.id, label };
  // The users table forbids it; a member without a team must never fall through to more access.
  if (user.teamId === null) throw new Error(`user ${user.id} has role ${user.role} but no team`);
  return { kind: 'member', role: user.role, teamId: user.teamId, tokenId: `user:${user.id}`, userId: user.id, label };
}
