import { describe, expect, it } from 'vitest';
import { assertTeamAccess, principalLabel } from '../../../src/auth/principal.js';
import { principalForUser } from '../../../src/sessions/session-principal.js';
import type { User } from '../../../src/users/user.js';

const user = (over: Partial<User>): User => ({
  id: 'u1',
  teamId: 'team-a',
  email: 'ann@example.com',
  name: 'Ann',
  role: 'agent',
  createdAt: new Date(0),
  ...over,
});

describe('principal of a panel user', () => {
  it('an admin user acts as admin on every team', () => {
    const p = principalForUser(user({ role: 'admin', teamId: null }));
    expect(p).toMatchObject({ kind: 'admin', tokenId: null, userId: 'u1' });
    expect(() => assertTeamAccess(p, 'any-team', 'manager')).not.toThrow();
  });

  it('a manager or agent acts on their own team with their role, as user:<id>', () => {
    const p = principalForUser(user({ role: 'manager' }));
    expect(p).toEqual({
      kind: 'member',
      role: 'manager',
      teamId: 'team-a',
      tokenId: 'user:u1',
      userId: 'u1',
      label: 'user:ann@example.com',
    });
    /* eslint-disable @typescript-eslint/no-unsafe-argument -- vitest types asymmetric matchers (expect.objectContaining) as any */
    expect(() => assertTeamAccess(p, 'team-b', 'agent')).toThrow(expect.objectContaining({ statusCode: 404 }));
    expect(() => assertTeamAccess(principalForUser(user({})), 'team-a', 'manager')).toThrow(
      expect.objectContaining({ statusCode: 403 }),
    );
    /* eslint-enable @typescript-eslint/no-unsafe-argument */
  });

  it('labels users by email and tokens as before', () => {
    expect(principalLabel(principalForUser(user({})))).toBe('user:ann@example.com');
    expect(principalLabel({ kind: 'admin', tokenId: null })).toBe('admin');
    expect(principalLabel({ kind: 'member', role: 'agent', teamId: 't', tokenId: 'tok1' })).toBe('agent:tok1');
  });

  it('never turns a member without a team into an admin', () => {
    expect(() => principalForUser(user({ role: 'manager', teamId: null }))).toThrow();
  });
});
