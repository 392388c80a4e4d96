import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { SqlClient } from '../db/sql.js';
import type { MessageChannel } from '../../channels/contract.js';
import type { CustomerRequest, PendingRequest, RequestAnswer, RequestKind, RequestStatus } from './customer-request.js';

interface RequestRow {
  id: string;
  team_id: string;
  kind: RequestKind;
  customer: string;
  channel: MessageChannel;
  message_id: string | null;
  status: RequestStatus;
  answer: RequestAnswer | null;
  amount: string | number | null;
  currency: string | null;
  subject: string | null;
  provider_reference: string | null;
  expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export type NewCustomerRequest = Pick<
  CustomerRequest,
  | 'id'
  | 'teamId'
  | 'kind'
  | 'customer'
  | 'channel'
  | 'messageId'
  | 'amount'
  | 'currency'
  | 'subject'
  | 'expiresAt'
  | 'createdAt'
>;

export interface RequestFilter {
  readonly customer?: string;
  /** Matched as read: `expired` finds pending requests past their expiry, `pending` leaves them out. */
  readonly status?: RequestStatus;
  readonly kind?: RequestKind;
  readonly limit: number;
}

export interface SettledRequest {
  readonly id: string;
  readonly kind: RequestKind;
  readonly status: RequestStatus;
  readonly answer: RequestAnswer;
}

export class CustomerRequestsStore {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly sql: SqlClient,
  ) {}

  async insert(r: NewCustomerRequest): Promise<CustomerRequest> {
    const [row] = await this.sql.query<RequestRow>(
      `INSERT INTO customer_requests (id, team_id, kind, customer, channel, message_id, status, amount, currency, subject, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $11) RETURNING *`,
      [
        r.id,
        r.teamId,
        r.kind,
        r.customer,
        r.channel,
        r.messageId,
        r.amount,
        r.currency,
        r.subject,
        r.expiresAt,
        r.createdAt,
      ],
    );
    return toRequest(row!);
  }

  async get(teamId: string, id: string): Promise<CustomerRequest | null> {
    const [row] = await this.sql.query<RequestRow>('SELECT * FROM customer_requests WHERE team_id = $1 AND id = $2', [
      teamId,
      id,
    ]);
    return row ? toRequest(row) : null;
  }

  async getForUpdate(teamId: string, id: string): Promise<CustomerRequest | null> {
    const [row] = await this.sql.query<RequestRow>(
      'SELECT * FROM customer_requests WHERE team_id = $1 AND id = $2 FOR UPDATE',
      [teamId, id],
    );
    return row ? toRequest(row) : null;
  }

  /** The team's requests, newest first. */
  async list(teamId: string, filter: RequestFilter, now: Date): Promise<CustomerRequest[]> {
    const query = this.db('customer_requests').where({ team_id: teamId });
    if (filter.customer) query.where({ customer: filter.customer });
    if (filter.kind) query.where({ kind: filter.kind });
    if (filter.status === 'pending') {
      query.where({ status: 'pending' }).andWhere((q) => {
        q.whereNull('expires_at').orWhere('expires_at', '>', now);
      });
    } else if (filter.status === 'expired') {
      query.andWhere((q) => {
        q.where({ status: 'expired' }).orWhere((p) => {
          p.where({ status: 'pending' }).andWhere('expires_at', '<=', now);
        });
      });
    } else if (filter.status) {
      query.where({ status: filter.status });
    }
    const rows = (await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit)) as RequestRow[];
    return rows.map(toRequest);
  }

  /**
   * The customer's newest unexpired pending request of each of `kinds` on the channel, locked until
   * the transaction ends so two messages cannot both answer one request (the inbound hot path).
   */
  async newestPendingOfKinds(
    teamId: string,
    customer: string,
    channel: MessageChannel,
    kinds: readonly RequestKind[],
    now: Date,
  ): Promise<PendingRequest[]> {
    const rows = await this.sql.query<Pick<RequestRow, 'id' | 'kind' | 'status' | 'expires_at' | 'created_at'>>(
      `SELECT id, kind, status, expires_at, created_at FROM customer_requests
        WHERE status = 'pending' AND id IN (
          SELECT DISTINCT ON (kind) id FROM customer_requests
           WHERE team_id = $1 AND customer = $2 AND channel = $3 AND status = 'pending' AND kind = ANY($4::text[])
             AND (expires_at IS NULL OR expires_at > $5)
           ORDER BY kind, created_at DESC, id DESC)
        FOR UPDATE`,
      [teamId, customer, channel, kinds, now],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      expiresAt: row.expires_at ? new Date(row.expires_at) : null,
      createdAt: new Date(row.created_at),
    }));
  }

  /** Records the customer's answer to a request (the caller holds its lock from newestPendingOfKinds). */
  async settleAnswer(
    id: string,
    change: { status: RequestStatus; answer: RequestAnswer; at: Date },
  ): Promise<SettledRequest> {
    const [row] = await this.sql.query<Pick<RequestRow, 'id' | 'kind' | 'status' | 'answer'>>(
      `UPDATE customer_requests SET status = $2, answer = $3::jsonb, updated_at = $4 WHERE id = $1 RETURNING id, kind, status, answer`,
      [id, change.status, JSON.stringify(change.answer), change.at],
    );
    return { id: row!.id, kind: row!.kind, status: row!.status, answer: row!.answer! };
  }

  /** Applies the payment provider's verdict (the caller holds the row lock from getForUpdate). */
  async settlePayment(
    id: string,
    change: { status: RequestStatus; answer: RequestAnswer; providerReference: string; at: Date },
  ): Promise<CustomerRequest> {
    const [row] = await this.sql.query<RequestRow>(
      `UPDATE customer_requests SET status = $2, answer = $3::jsonb, provider_reference = $4, updated_at = $5 WHERE id = $1 RETURNING *`,
      [id, change.status, JSON.stringify(change.answer), change.providerReference, change.at],
    );
    return toRequest(row!);
  }
}

function toRequest(row: RequestRow): CustomerRequest {
  return {
    id: row.id,
    teamId: row.team_id,
    kind: row.kind,
    customer: row.customer,
    channel: row.channel,
    messageId: row.message_id,
    status: row.status,
    answer: row.answer,
    amount: row.amount === null ? null : String(row.amount),
    currency: row.currency,
    subject: row.subject,
    providerReference: row.provider_reference,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
