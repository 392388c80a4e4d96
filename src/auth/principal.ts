import { ForbiddenError, NotFoundError } from '../errors.js';

export type TeamRole = 'manager' | 'agent';
/** Who signed in, when the principal is a panel user rather than a bearer token. */
interface SignedInUser {
  readonly userId?: string;
  /** How the principal appears in logs and the audit log (`user:<email>`). */
  readonly label?: string;
}

export type Principal =
  | ({ readonly kind: 'admin'; readonly tokenId: string | null } & SignedInUser)
  | ({
      readonly kind: 'member';
      readonly role: TeamRole;
      readonly teamId: string;
      readonly tokenId: string;
    } & SignedInUser);

const RANK: Readonly<Record<TeamRole, number>> = { agent: 1, manager: 2 };

/**
 * Lets the principal act on a team's resources with at least `minRole`. Another team's resource
 * is "not found", so a token never learns that the team exists.
 */
export function assertTeamAccess(principal: Principal, teamId: string, minRole: TeamRole): void {
  if (principal.kind === 'admin') return;
  if (principal.teamId !== teamId) throw new NotFoundError('team');
  if (RANK[principal.role] < RANK[minRole]) {
    throw new ForbiddenError(
      `this needs the ${minRole} role; your token is an ${principal.role} token`,
      'insufficient_role',
    );
  }
}

export function assertAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') throw new ForbiddenError('this needs the administrator token', 'admin_only');
}

export function principalLabel(principal: Principal): string {
  if (principal.label) return principal.label;
  return principal.kind === 'admin' ? 'admin' : `${principal.role}:${principal.tokenId}`;
}

/**
 * The team member acting, when the principal is a user of the team (a panel session): the one a
 * ticket can be assigned to. An API token, or an administrator outside the team, is nobody's.
 */
export function actingTeamUserId(principal: Principal): string | null {
  return principal.kind === 'member' && principal.userId ? principal.userId : null;
}
