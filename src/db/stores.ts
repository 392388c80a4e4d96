import type { Knex } from 'knex';
import { AuditStore } from '../audit/audit.store.js';
import { ApiTokensStore } from '../auth/api-tokens.store.js';
import { AutoRepliesStore } from '../auto-replies/auto-replies.store.js';
import { CallsStore } from '../voice/calls.store.js';
import { TicketsStore } from '../tickets/tickets.store.js';
import { ContactsStore } from '../contacts/contacts.store.js';
import { MessagesStore } from '../messages/messages.store.js';
import { NotificationsStore } from '../notifications/notifications.store.js';
import { TeamSecretsStore } from '../secrets/team-secrets.store.js';
import { CustomerRequestsStore } from '../requests/customer-requests.store.js';
import { PaymentsStore } from '../requests/payments.store.js';
import { SchedulesStore } from '../schedules/schedules.store.js';
import { SessionsStore } from '../sessions/sessions.store.js';
import { SystemSettingsStore } from '../settings/system-settings.store.js';
import { TeamsStore } from '../teams/teams.store.js';
import { UsersStore } from '../users/users.store.js';
import { WebhookEventsStore } from '../webhooks/webhook-events.store.js';
import type { Db } from './connect.js';
import { clientOf, connectionSql, knexOnConnection, pooledSql, type SqlClient } from './sql.js';

/** Every store, bound to one connection or one transaction. */
export interface Stores {
  readonly teams: TeamsStore;
  readonly schedules: SchedulesStore;
  readonly tokens: ApiTokensStore;
  readonly autoReplies: AutoRepliesStore;
  readonly contacts: ContactsStore;
  readonly events: WebhookEventsStore;
  readonly messages: MessagesStore;
  readonly settings: SystemSettingsStore;
  readonly users: UsersStore;
  readonly sessions: SessionsStore;
  readonly audit: AuditStore;
  readonly requests: CustomerRequestsStore;
  readonly payments: PaymentsStore;
  readonly calls: CallsStore;
  readonly tickets: TicketsStore;
  readonly notifications: NotificationsStore;
  readonly teamSecrets: TeamSecretsStore;
}

export type Transact = <T>(work: (stores: Stores) => Promise<T>) => Promise<T>;

/** Stores on the pool: each statement commits on its own. */
export function storesFor(db: Db): Stores {
  return bindStores(db, pooledSql(db));
}

function bindStores(db: Db | Knex.Transaction, sql: SqlClient): Stores {
  return {
    teams: new TeamsStore(db, sql),
    schedules: new SchedulesStore(db, sql),
    tokens: new ApiTokensStore(db),
    autoReplies: new AutoRepliesStore(db, sql),
    contacts: new ContactsStore(db, sql),
    events: new WebhookEventsStore(db, sql),
    messages: new MessagesStore(db, sql),
    settings: new SystemSettingsStore(db),
    users: new UsersStore(db, sql),
    sessions: new SessionsStore(db, sql),
    audit: new AuditStore(db, sql),
    requests: new CustomerRequestsStore(db, sql),
    payments: new PaymentsStore(db, sql),
    calls: new CallsStore(db, sql),
    tickets: new TicketsStore(db, sql),
    notifications: new NotificationsStore(db, sql),
    teamSecrets: new TeamSecretsStore(db, sql),
  };
}

/**
 * Runs `work` in one transaction on one connection; services use this and never see knex. (Not
 * knex's own transaction: its per-query overhead is what the driver path avoids.)
 */
export function transactor(db: Db): Transact {
  const client = clientOf(db);
  return async (work) => {
    const connection = await client.acquireConnection();
    try {
      await connection.query('BEGIN');
      try {
        const result = await work(bindStores(knexOnConnection(db, connection), connectionSql(connection)));
        await connection.query('COMMIT');
        return result;
      } catch (err) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await client.releaseConnection(connection);
    }
  };
}
