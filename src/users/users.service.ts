import crypto from 'node:crypto';
import { assertAdmin, assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/transactor.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { UsersStore } from './users.store.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { hashPassword } from './password-hash.js';
import type { User } from './user.js';
import type { CreateAdminUserInput, CreateTeamUserInput } from './user.schema.js';
import { EmailTakenError, type NewUser } from './users.store.js';

/** The stores this module reads and writes. */
export interface UsersServiceStores {
  readonly audit: AuditStore;
  readonly teams: TeamsStore;
  readonly users: UsersStore;
}

export class UsersService {
  constructor(private readonly transact: Transact<UsersServiceStores>) {}

  /** Admins, and managers of the team, create its managers and agents. */
  async create(principal: Principal, teamId: string, input: CreateTeamUserInput): Promise<User> {
    assertTeamAccess(principal, teamId, 'manager');
    // Hashed before the transaction: scrypt's ~50 ms should not hold a connection.
    const passwordHash = await hashPassword(input.password);
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return insertUser(s, principal, {
        id: crypto.randomUUID(),
        teamId,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
      });
    });
  }

  /** Another administrator: only an administrator may make one. */
  async createAdmin(principal: Principal, input: CreateAdminUserInput): Promise<User> {
    assertAdmin(principal);
    const passwordHash = await hashPassword(input.password);
    return this.transact((s) =>
      insertUser(s, principal, {
        id: crypto.randomUUID(),
        teamId: null,
        email: input.email,
        name: input.name,
        role: 'admin',
        passwordHash,
      }),
    );
  }

  async list(principal: Principal, teamId: string): Promise<User[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.users.listByTeam(teamId);
    });
  }
}

async function insertUser(s: UsersServiceStores, principal: Principal, user: NewUser): Promise<User> {
  const taken = () => new ConflictError('a user with this email already exists', 'email_taken', 'email');
  if (await s.users.emailTaken(user.email)) throw taken();
  try {
    await s.users.insert(user);
  } catch (err) {
    if (err instanceof EmailTakenError) throw taken();
    throw err;
  }
  const created = (await s.users.get(user.id))!;
  await s.audit.record({
    teamId: created.teamId,
    actor: principalLabel(principal),
    action: 'user.created',
    subject: created.id,
    before: null,
    after: { id: created.id, email: created.email, name: created.name, role: created.role },
  });
  return created;
}
