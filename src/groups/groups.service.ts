import crypto from 'node:crypto';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { AuditStore } from '../audit/audit.store.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import type { UsersStore } from '../users/users.store.js';
import type { Group } from './group.js';
import type { GroupCreate, GroupPatch } from './group.schema.js';
import { GroupNameTakenError, type GroupsStore } from './groups.store.js';

/** The stores this module reads and writes. */
export interface GroupsServiceStores {
  readonly audit: AuditStore;
  readonly groups: GroupsStore;
  readonly teams: { get(teamId: string): Promise<object | null> };
  readonly users: UsersStore;
}

/** Support lines: managers edit them, agents read them; every change is audited. */
export class GroupsService {
  constructor(
    private readonly transact: Transact<GroupsServiceStores>,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, teamId: string): Promise<Group[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      return s.groups.list(teamId);
    });
  }

  async create(principal: Principal, teamId: string, input: GroupCreate): Promise<Group> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      const memberIds = await teamMembers(s, teamId, input.memberIds);
      if (await s.groups.nameTaken(teamId, input.name, null)) throw nameTaken(input.name);
      const group: Group = { id: crypto.randomUUID(), teamId, name: input.name, memberIds };
      await s.groups.insert(group, this.clock()).catch(rethrowNameTaken(input.name));
      await audit(s, principal, 'group.created', group.id, null, group);
      return group;
    });
  }

  async update(principal: Principal, teamId: string, id: string, patch: GroupPatch): Promise<Group> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      const before = await s.groups.lock(teamId, id);
      if (!before) throw new NotFoundError('group');
      const memberIds = patch.memberIds ? await teamMembers(s, teamId, patch.memberIds) : undefined;
      if (patch.name !== undefined && (await s.groups.nameTaken(teamId, patch.name, id))) throw nameTaken(patch.name);
      await s.groups
        .update(id, { name: patch.name, memberIds }, this.clock())
        .catch(rethrowNameTaken(patch.name ?? before.name));
      const after = (await s.groups.get(teamId, id))!;
      await audit(s, principal, 'group.updated', id, before, after);
      return after;
    });
  }

  async delete(principal: Principal, teamId: string, id: string): Promise<void> {
    assertTeamAccess(principal, teamId, 'manager');
    await this.transact(async (s) => {
      await assertTeam(s, teamId);
      const before = await s.groups.lock(teamId, id);
      if (!before) throw new NotFoundError('group');
      // Its tickets keep their history and lose the group (ON DELETE SET NULL).
      await s.groups.delete(id);
      await audit(s, principal, 'group.deleted', id, before, null);
    });
  }
}

async function assertTeam(s: GroupsServiceStores, teamId: string): Promise<void> {
  if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
}

/** The given ids, each a user of this team (else a 422 naming its index), without repeats, sorted. */
async function teamMembers(s: GroupsServiceStores, teamId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const users = new Set((await s.users.listByTeam(teamId)).map((u) => u.id));
  const stranger = ids.findIndex((id) => !users.has(id));
  if (stranger >= 0)
    throw new UnprocessableError(
      `memberIds.${stranger}: no user "${ids[stranger]}" in this team; use ids from GET /api/teams/${teamId}/users`,
      'unknown_user',
      `memberIds.${stranger}`,
    );
  return [...new Set(ids)].sort();
}

const nameTaken = (name: string) =>
  new ConflictError(`a group named "${name}" already exists in this team`, 'group_name_taken', 'name');

function rethrowNameTaken(name: string) {
  return (err: unknown): never => {
    if (err instanceof GroupNameTakenError) throw nameTaken(name);
    throw err;
  };
}

async function audit(
  s: GroupsServiceStores,
  principal: Principal,
  action: string,
  subject: string,
  before: Group | null,
  after: Group | null,
): Promise<void> {
  const shape = (g: Group | null) => (g ? { id: g.id, name: g.name, memberIds: g.memberIds } : null);
  await s.audit.record({
    teamId: (after ?? before)!.teamId,
    actor: principalLabel(principal),
    action,
    subject,
    before: shape(before),
    after: shape(after),
  });
}
