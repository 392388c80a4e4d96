import type { MessagingAdapter } from '../channels/contract.js';
import type { Clock } from './clock.js';
import type { Db } from './db/connect.js';
import { storesFor, transactor } from './db/stores.js';
import { InboundMessageService } from './inbound/inbound-message.service.js';
import { deliveryProcessor } from './jobs/delivery.processor.js';
import { eventProcessor } from './jobs/event.processor.js';
import { Sweeper } from './jobs/sweeper.js';
import type { Logger } from './logger.js';
import { DeliveryService } from './messages/delivery.service.js';
import { DeliveryStatusService } from './messages/delivery-status.service.js';
import { OutboundDispatcher } from './messages/outbound-dispatcher.js';
import type { JobQueue } from './queue/job-queue.js';
import { TeamConfigCache } from './teams/team-config.js';
import { prioritizeRequests } from './jobs/request-priority.js';

export interface WorkerDeps {
  readonly db: Db;
  readonly queue: JobQueue;
  readonly log: Logger;
  readonly clock: Clock;
  readonly adapter: MessagingAdapter;
  readonly publicUrl: string;
  readonly concurrency: number;
  readonly deliveryMaxAttempts: number;
  /** Role `all`: the requests in flight in this process; jobs give way while they pile up. */
  readonly requestPressure?: { takePeak(): number };
  readonly sweepIntervalMs: number;
  readonly sweepAfterMs: number;
  /** How long team settings are cached by the worker; tests use 0. */
  readonly teamConfigTtlMs?: number;
}

export interface RunningWorker {
  readonly sweeper: Sweeper;
  stop(): Promise<void>;
}

/** Starts the processors and the sweeper. The first sweep runs at once: whatever a crash left. */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const transact = transactor(deps.db);
  const statusCallbackUrl = (messageId: string) => `${deps.publicUrl}/twilio/messages/status?mid=${encodeURIComponent(messageId)}`;
  const delivery = new DeliveryService(storesFor(deps.db), deps.adapter, statusCallbackUrl, deps.log, deps.deliveryMaxAttempts);
  const dispatcher = new OutboundDispatcher(deps.queue, deps.log, (message) => delivery.sendClaimed(message));
  const inbound = new InboundMessageService(transact, dispatcher, deps.clock, new TeamConfigCache(deps.teamConfigTtlMs ?? 5_000));
  const statuses = new DeliveryStatusService(transact, deps.clock);
  deps.queue.startWorkers(
    { events: eventProcessor(transact, inbound, statuses), deliveries: deliveryProcessor(delivery) },
    deps.concurrency,
  );
  const sweeper = new Sweeper(transact, deps.queue, deps.log);
  // In-process mode has no other holder of jobs: everything unfinished is ours to redo now.
  await sweeper.sweep(deps.queue.kind === 'in-process' ? 0 : deps.sweepAfterMs).catch((err) => {
    deps.log.warn({ err: (err as Error).message }, 'first sweep failed; the timer will retry');
  });
  sweeper.start(deps.sweepIntervalMs, deps.sweepAfterMs);
  const pressure = deps.requestPressure;
  const stopPrioritizing = pressure ? prioritizeRequests(() => pressure.takePeak(), (n) => deps.queue.setConcurrency(n), deps.concurrency) : () => undefined;
  return {
    sweeper,
    stop: async () => {
      stopPrioritizing();
      await sweeper.stop();
    },
  };
}
