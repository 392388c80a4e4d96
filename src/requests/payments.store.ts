import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';

export interface SeenCallback {
  readonly teamId: string;
  readonly signature: string;
  /** The signed timestamp, unix seconds. */
  readonly signedAt: number;
  readonly requestId: string;
  readonly status: string;
  readonly providerReference: string;
  readonly receivedAt: Date;
}

/** The payment callbacks already accepted (the secret is in team_secrets). */
export class PaymentsStore {
  constructor(
    // Kept for the common store shape; every statement here is plain SQL.
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  /** Returns false when this signature was seen before: a replay. */
  async recordCallback(c: SeenCallback): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO payment_callbacks (team_id, signature, signed_at, request_id, status, provider_reference, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING team_id`,
      [c.teamId, c.signature, c.signedAt, c.requestId, c.status, c.providerReference, c.receivedAt],
    );
    return rows.length > 0;
  }
}
