import { AuditStore } from './audit/audit.store.js';
import { ApiTokensStore } from './auth/api-tokens.store.js';
import { AutoRepliesStore } from './auto-replies/auto-replies.store.js';
import { ReplyDecisionsStore } from './auto-replies/reply-decisions.store.js';
import { ResponseTimesStore } from './auto-replies/response-times.store.js';
import { RulesStore } from './rules/rules.store.js';
import { FlowSessionsStore } from './after-hours/flow-sessions.store.js';
import { TicketTasksStore } from './callbacks/ticket-tasks.store.js';
import { GroupsStore } from './groups/groups.store.js';
import { FaqStore } from './faq/faq.store.js';
import { ContactsStore } from './contacts/contacts.store.js';
import type { Db } from './db/connect.js';
import { pooledStores, transactor, type StoreContext, type Transact } from './db/transactor.js';
import { MessagesStore } from './messages/messages.store.js';
import { NotificationsStore } from './notifications/notifications.store.js';
import { CustomerRequestsStore } from './requests/customer-requests.store.js';
import { PaymentsStore } from './requests/payments.store.js';
import { SchedulesStore } from './schedules/schedules.store.js';
import { TeamSecretsStore } from './secrets/team-secrets.store.js';
import { SessionsStore } from './sessions/sessions.store.js';
import { SystemSettingsStore } from './settings/system-settings.store.js';
import { TeamsStore } from './teams/teams.store.js';
import { TicketsStore } from './tickets/tickets.store.js';
import { UsersStore } from './users/users.store.js';
import { CallsStore } from './voice/calls.store.js';
import { WebhookEventsStore } from './events/webhook-events.store.js';
import { TeamEventsStore } from './team-events/team-events.store.js';
import { WebhookSubscriptionsStore } from './team-events/webhook-subscriptions.store.js';
import { UrgentPagesStore } from './urgent-paging/urgent-pages.store.js';
import { CustomersStore } from './customers/customers.store.js';
import { UnreadFallbacksStore } from './unread-fallback/unread-fallbacks.store.js';

/**
 * Every store, for the composition roots (main, app, worker, runtime) and tests only: a service
 * declares the narrow set it uses (e.g. `AutoReplyStores`), and this set satisfies each of them,
 * which the compiler checks where the roots wire services.
 */
export interface StoreSet {
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
  readonly decisions: ReplyDecisionsStore;
  readonly responseTimes: ResponseTimesStore;
  readonly groups: GroupsStore;
  readonly teamEvents: TeamEventsStore;
  readonly webhookSubscriptions: WebhookSubscriptionsStore;
  readonly rules: RulesStore;
  readonly flowSessions: FlowSessionsStore;
  readonly faq: FaqStore;
  readonly tasks: TicketTasksStore;
  readonly urgentPages: UrgentPagesStore;
  readonly customers: CustomersStore;
  readonly unreadFallbacks: UnreadFallbacksStore;
}

/** Binds the stores lazily: a transaction builds only the ones its work touches. */
export function bindStoreSet({ knex, sql }: StoreContext): StoreSet {
  const made = new Map<keyof StoreSet, unknown>();
  const once = <K extends keyof StoreSet>(key: K, make: () => StoreSet[K]): StoreSet[K] => {
    let store = made.get(key) as StoreSet[K] | undefined;
    if (!store) made.set(key, (store = make()));
    return store;
  };
  return {
    get teams() {
      return once('teams', () => new TeamsStore(knex, sql));
    },
    get schedules() {
      return once('schedules', () => new SchedulesStore(knex, sql));
    },
    get tokens() {
      return once('tokens', () => new ApiTokensStore(knex));
    },
    get autoReplies() {
      return once('autoReplies', () => new AutoRepliesStore(knex, sql));
    },
    get contacts() {
      return once('contacts', () => new ContactsStore(knex, sql));
    },
    get events() {
      return once('events', () => new WebhookEventsStore(knex, sql));
    },
    get messages() {
      return once('messages', () => new MessagesStore(knex, sql));
    },
    get settings() {
      return once('settings', () => new SystemSettingsStore(knex));
    },
    get users() {
      return once('users', () => new UsersStore(knex, sql));
    },
    get sessions() {
      return once('sessions', () => new SessionsStore(knex, sql));
    },
    get audit() {
      return once('audit', () => new AuditStore(knex, sql));
    },
    get requests() {
      return once('requests', () => new CustomerRequestsStore(knex, sql));
    },
    get payments() {
      return once('payments', () => new PaymentsStore(knex, sql));
    },
    get calls() {
      return once('calls', () => new CallsStore(knex, sql));
    },
    get tickets() {
      return once('tickets', () => new TicketsStore(knex, sql));
    },
    get notifications() {
      return once('notifications', () => new NotificationsStore(knex, sql));
    },
    get teamSecrets() {
      return once('teamSecrets', () => new TeamSecretsStore(knex, sql));
    },
    get decisions() {
      return once('decisions', () => new ReplyDecisionsStore(knex, sql));
    },
    get responseTimes() {
      return once('responseTimes', () => new ResponseTimesStore(sql));
    },
    get groups() {
      return once('groups', () => new GroupsStore(knex, sql));
    },
    get teamEvents() {
      return once('teamEvents', () => new TeamEventsStore(knex, sql));
    },
    get webhookSubscriptions() {
      return once('webhookSubscriptions', () => new WebhookSubscriptionsStore(knex, sql));
    },
    get rules() {
      return once('rules', () => new RulesStore(knex, sql));
    },
    get flowSessions() {
      return once('flowSessions', () => new FlowSessionsStore(knex, sql));
    },
    get faq() {
      return once('faq', () => new FaqStore(knex, sql));
    },
    get tasks() {
      return once('tasks', () => new TicketTasksStore(knex, sql));
    },
    get urgentPages() {
      return once('urgentPages', () => new UrgentPagesStore(knex, sql));
    },
    get customers() {
      return once('customers', () => new CustomersStore(knex, sql));
    },
    get unreadFallbacks() {
      return once('unreadFallbacks', () => new UnreadFallbacksStore(knex, sql));
    },
  };
}

export const storeSetFor = (db: Db): StoreSet => pooledStores(db, bindStoreSet);
export const storeSetTransactor = (db: Db): Transact<StoreSet> => transactor(db, bindStoreSet);
