import type { Knex } from 'knex';
import { ApiTokensStore } from '../auth/api-tokens.store.js';
import { AutoRepliesStore } from '../auto-replies/auto-replies.store.js';
import { ContactsStore } from '../contacts/contacts.store.js';
import { MessagesStore } from '../messages/messages.store.js';
import { SchedulesStore } from '../schedules/schedules.store.js';
import { SystemSettingsStore } from '../settings/system-settings.store.js';
import { TeamsStore } from '../teams/teams.store.js';
import { WebhookEventsStore } from '../webhooks/webhook-events.store.js';
import type { Db } from './connect.js';

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
}

export type Transact = <T>(work: (stores: Stores) => Promise<T>) => Promise<T>;

export function storesFor(db: Db | Knex.Transaction): Stores {
  return {
    teams: new TeamsStore(db),
    schedules: new SchedulesStore(db),
    tokens: new ApiTokensStore(db),
    autoReplies: new AutoRepliesStore(db),
    contacts: new ContactsStore(db),
    events: new WebhookEventsStore(db),
    messages: new MessagesStore(db),
    settings: new SystemSettingsStore(db),
  };
}

/** Runs `work` in one transaction; services use this and never see knex. */
export function transactor(db: Db): Transact {
  return (work) => db.transaction((trx) => work(storesFor(trx)));
}
