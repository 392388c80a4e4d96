import type { Knex } from 'knex';
import crypto from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { Principal, TeamRole } from './principal.js';

interface TokenRow {
  id: string;
  team_id: string | null;
  role: 'admin' | TeamRole;
}

export class ApiTokensStore {
  constructor(private readonly db: Db | Knex.Transaction) {}

  async create(input: {
    teamId: string | null;
    role: 'admin' | TeamRole;
    tokenHash: string;
    label: string | null;
  }): Promise<string> {
    const id = crypto.randomUUID();
    await this.db('api_tokens').insert({
      id,
      team_id: input.teamId,
      role: input.role,
      token_hash: input.tokenHash,
      label: input.label,
    });
    return id;
  }

  async findPrincipal(tokenHash: string): Promise<Principal | null> {
    const row = (await this.db('api_tokens')
      .select('id', 'team_id', 'role')
      .where({ token_hash: tokenHash })
      .whereNull('revoked_at')
      .first()) as TokenRow | undefined;
    if (!row) return null;
    if (row.role === 'admin') return { kind: 'admin', tokenId: row.id };
    return { kind: 'member', role: row.role, teamId: row.team_id!, tokenId: row.id };
  }

  async hasAdminToken(): Promise<boolean> {
    const row = await this.db<TokenRow>('api_tokens').where({ role: 'admin' }).whereNull('revoked_at').first('id');
    return Boolean(row);
  }
}
