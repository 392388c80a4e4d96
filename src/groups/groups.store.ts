import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { Group } from './group.js';

interface GroupRow {
  id: string;
  team_id: string;
  name: string;
}

/** The unique (team, lower(name)) index refused the name. */
export class GroupNameTakenError extends Error {}

const UNIQUE_VIOLATION = '23505';

export class GroupsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    // Kept for the common store shape; groups are off the hot path.
    private readonly sql: SqlClient,
  ) {}

  async list(teamId: string): Promise<Group[]> {
    const rows = (await this.db('groups')
      .where({ team_id: teamId })
      .orderBy([{ column: 'name' }, { column: 'id' }])) as GroupRow[];
    return this.withMembers(rows);
  }

  async get(teamId: string, id: string): Promise<Group | null> {
    const row = (await this.db('groups').where({ team_id: teamId, id }).first()) as GroupRow | undefined;
    return row ? ((await this.withMembers([row]))[0] ?? null) : null;
  }

  /** The same, holding the row until the transaction ends: two edits of one group take turns. */
  async lock(teamId: string, id: string): Promise<Group | null> {
    const row = (await this.db('groups').where({ team_id: teamId, id }).forUpdate().first()) as GroupRow | undefined;
    return row ? ((await this.withMembers([row]))[0] ?? null) : null;
  }

  async nameTaken(teamId: string, name: string, exceptId: string | null): Promise<boolean> {
    const row: unknown = await this.db('groups')
      .where({ team_id: teamId })
      .whereRaw('lower(name) = lower(?)', [name])
      .modify((q) => {
        if (exceptId) void q.whereNot({ id: exceptId });
      })
      .first('id');
    return row !== undefined;
  }

  async insert(group: Group, at: Date): Promise<void> {
    await this.unlessNameTaken(() =>
      this.db('groups').insert({
        id: group.id,
        team_id: group.teamId,
        name: group.name,
        created_at: at,
        updated_at: at,
      }),
    );
    await this.insertMembers(group.id, group.memberIds);
  }

  async update(id: string, changes: { name?: string; memberIds?: readonly string[] }, at: Date): Promise<void> {
    await this.unlessNameTaken(() =>
      this.db('groups')
        .where({ id })
        .update({ updated_at: at, ...(changes.name !== undefined ? { name: changes.name } : {}) }),
    );
    if (changes.memberIds) {
      await this.db('group_members').where({ group_id: id }).delete();
      await this.insertMembers(id, changes.memberIds);
    }
  }

  async delete(id: string): Promise<void> {
    await this.db('groups').where({ id }).delete();
  }

  private async insertMembers(groupId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.db('group_members').insert(memberIds.map((userId) => ({ group_id: groupId, user_id: userId })));
  }

  private async unlessNameTaken(statement: () => Promise<unknown>): Promise<void> {
    try {
      await statement();
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new GroupNameTakenError();
      throw err;
    }
  }

  private async withMembers(rows: readonly GroupRow[]): Promise<Group[]> {
    if (rows.length === 0) return [];
    const members = (await this.db('group_members')
      .whereIn(
        'group_id',
        rows.map((r) => r.id),
      )
      .orderBy([{ column: 'group_id' }, { column: 'user_id' }])) as Array<{ group_id: string; user_id: string }>;
    const byGroup = new Map<string, string[]>();
    for (const m of members) byGroup.set(m.group_id, [...(byGroup.get(m.group_id) ?? []), m.user_id]);
    return rows.map((r) => ({ id: r.id, teamId: r.team_id, name: r.name, memberIds: byGroup.get(r.id) ?? [] }));
  }
}
