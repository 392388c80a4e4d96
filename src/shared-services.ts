import { InProcessChatHub, type ChatHub } from './webchat/chat-hub.js';
import type { Db } from './db/connect.js';
import type { Transact } from './db/transactor.js';
import type { Logger } from './logger.js';
import { OutboundDispatcher } from './messages/outbound-dispatcher.js';
import type { JobQueue } from './queue/job-queue.js';
import { storeSetFor, storeSetTransactor, type StoreSet } from './store-set.js';
import { TeamConfigCache } from './auto-replies/team-config.js';

/**
 * What the web side and the worker of one process share, built once by the composition root
 * (main.ts, or a test's gateway) and handed to both createApp and startWorker.
 */
export interface SharedServices {
  readonly transact: Transact<StoreSet>;
  /** Stores on the pool, for single statements outside a transaction (webhook intake, delivery). */
  readonly stores: StoreSet;
  readonly teamConfigs: TeamConfigCache;
  /** One per process; a worker in the process attaches its inline sender (see startWorker). */
  readonly dispatcher: OutboundDispatcher;
  /** Carries web chat events to the widgets' streams, in this process or (Redis) any other. */
  readonly chatHub: ChatHub;
}

export function buildSharedServices(
  db: Db,
  queue: JobQueue,
  log: Logger,
  chatHub: ChatHub = new InProcessChatHub(),
): SharedServices {
  return {
    chatHub,
    transact: storeSetTransactor(db),
    stores: storeSetFor(db),
    teamConfigs: new TeamConfigCache(),
    dispatcher: new OutboundDispatcher(queue, log),
  };
}
