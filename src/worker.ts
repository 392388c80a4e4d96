import type { EmailSender, MessagingAdapter, WebhookPoster } from '../channels/contract.js';
import type { Clock } from './clock.js';
import { InboundMessageService } from './inbound/inbound-message.service.js';
import { deliveryProcessor } from './jobs/delivery.processor.js';
import { notificationProcessor } from './jobs/notification.processor.js';
import { eventProcessor } from './jobs/event.processor.js';
import { Sweeper } from './jobs/sweeper.js';
import { DeliveryRelay } from './jobs/delivery-relay.js';
import { RulesRunner } from './rules/rules-runner.js';
import { ChannelRoutingAdapter, WebChatMessagingAdapter } from '../channels/webchat/webchat-messaging.adapter.js';
import { pushToWidget } from './webchat/chat-messages.js';
import { FlowExpiry } from './after-hours/flow-expiry.service.js';
import type { Logger } from './logger.js';
import { DeliveryService } from './messages/delivery.service.js';
import { DeliveryStatusService } from './messages/delivery-status.service.js';
import { NotificationDeliveryService } from './notifications/notification-delivery.service.js';
import type { JobQueue } from './queue/job-queue.js';
import type { SharedServices } from './shared-services.js';
import { prioritizeRequests } from './jobs/request-priority.js';
import { Timers } from './jobs/timers.js';
import { NotificationDispatcher } from './notifications/notification-dispatcher.js';
import { RlaMonitor } from './tickets/rla-monitor.js';
import { CallEventsService } from './voice/call-events.service.js';
import { UrgentPager } from './urgent-paging/urgent-pager.js';
import { UnreadFallbackScanner } from './unread-fallback/unread-fallback-scanner.js';

export interface WorkerDeps {
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
  /** Stores, team settings and the outbound dispatcher, shared with the web side of this process. */
  readonly shared: SharedServices;
  /** Team notification email: SMTP, or recorded (sandbox, or no SMTP_URL). */
  readonly emailSender: EmailSender;
  /** Team webhooks; null records them instead of posting (sandbox). */
  readonly webhookPoster: WebhookPoster | null;
  /** How long an ended call waits for its voicemail's recording callback (default 60 s). */
  readonly recordingGraceMs?: number;
  /** A call with no status callback for this long is settled as it stands (default 4 h). */
  readonly abandonCallAfterMs?: number;
  /** How often calls are settled and RLA clocks checked (default 15 s). */
  readonly timersIntervalMs?: number;
  /** How often new webhook deliveries of team events are handed to the queue (default 1 s). */
  readonly relayIntervalMs?: number;
}

export interface RunningWorker {
  readonly sweeper: Sweeper;
  /** Hands new webhook deliveries to the queue; tests call relay() to skip the wait. */
  readonly relay: DeliveryRelay;
  /** Runs the teams' rules on new team events; tests call run() to skip the wait. */
  readonly rules: RulesRunner;
  /** Closes after-hours sessions nobody answered; tests call run() to skip the wait. */
  readonly flowExpiry: FlowExpiry;
  /** Settles overdue calls and marks RLA warnings and breaches; tests call runOnce(). */
  readonly timers: Timers;
  /** Sends due urgent pages again and notes failed page SMS; tests call run() to skip the wait. */
  readonly paging: UrgentPager;
  /** Sends agents' unread replies once more on another channel; tests call run() to skip the wait. */
  readonly unreadFallback: UnreadFallbackScanner;
  stop(): Promise<void>;
}

/** Starts the processors and the sweeper. The first sweep runs at once: whatever a crash left. */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const { transact, stores, teamConfigs, dispatcher } = deps.shared;
  const statusCallbackUrl = (messageId: string) =>
    `${deps.publicUrl}/twilio/messages/status?mid=${encodeURIComponent(messageId)}`;
  // `web` messages go to the widgets over the chat hub; the others to the provider.
  const adapter = new ChannelRoutingAdapter(
    deps.adapter,
    new WebChatMessagingAdapter((message) => pushToWidget(stores, deps.shared.chatHub, message)),
  );
  const delivery = new DeliveryService(
    stores,
    adapter,
    statusCallbackUrl,
    deps.log,
    deps.deliveryMaxAttempts,
    deps.clock,
  );
  dispatcher.attachSender((message) => delivery.sendClaimed(message));

  const calls = new CallEventsService(transact, dispatcher, deps.clock, teamConfigs, {
    recordingGraceMs: deps.recordingGraceMs ?? 60_000,
  });
  const notificationDispatcher = new NotificationDispatcher(deps.queue, deps.log);
  const inbound = new InboundMessageService(transact, dispatcher, deps.clock, teamConfigs, {
    notify: (ids) => notificationDispatcher.dispatch(ids),
    publicUrl: deps.publicUrl,
  });
  const rlaMonitor = new RlaMonitor(transact, deps.clock, deps.log, (ids) => notificationDispatcher.dispatch(ids));
  const abandonAfterMs = deps.abandonCallAfterMs ?? 4 * 3_600_000;
  const statuses = new DeliveryStatusService(transact, deps.clock);
  const notifications = new NotificationDeliveryService(
    stores,
    { email: deps.emailSender, webhook: deps.webhookPoster },
    deps.clock,
    deps.log,
    deps.deliveryMaxAttempts,
  );
  deps.queue.startWorkers(
    {
      events: eventProcessor(transact, { inbound, statuses, calls }),
      deliveries: deliveryProcessor(delivery),
      notifications: notificationProcessor(notifications),
    },
    deps.concurrency,
  );
  const sweeper = new Sweeper(transact, deps.queue, deps.log, deps.clock);
  // In-process mode has no other holder of jobs: everything unfinished is ours to redo now.
  await sweeper.sweep(deps.queue.kind === 'in-process' ? 0 : deps.sweepAfterMs).catch((err) => {
    deps.log.warn({ err: (err as Error).message }, 'first sweep failed; the timer will retry');
  });
  const relay = new DeliveryRelay(stores, deps.queue, deps.log);
  const rules = new RulesRunner(transact, deps.clock, deps.log, {
    messages: (ids) => dispatcher.dispatch(ids),
    notifications: (ids) => notificationDispatcher.dispatch(ids),
  });
  const flowExpiry = new FlowExpiry(transact, (messages) => dispatcher.sendClaimed(messages), deps.clock);
  const paging = new UrgentPager(transact, teamConfigs, deps.clock, deps.log, deps.publicUrl, {
    messages: (claimed) => dispatcher.sendClaimed(claimed),
    notifications: (ids) => notificationDispatcher.dispatch(ids),
  });
  const unreadFallback = new UnreadFallbackScanner(transact, teamConfigs, deps.clock, deps.log, {
    messages: (claimed) => dispatcher.sendClaimed(claimed),
    notifications: (ids) => notificationDispatcher.dispatch(ids),
  });
  const timersIntervalMs = deps.timersIntervalMs ?? 15_000;
  const timers = new Timers(
    [
      { name: 'sweep', intervalMs: deps.sweepIntervalMs, run: () => sweeper.sweep(deps.sweepAfterMs) },
      { name: 'settle-calls', intervalMs: timersIntervalMs, run: () => calls.settleOverdue(abandonAfterMs) },
      { name: 'rla-monitor', intervalMs: timersIntervalMs, run: () => rlaMonitor.scan() },
      { name: 'flow-expiry', intervalMs: timersIntervalMs, run: () => flowExpiry.run() },
      // Repages are due in minutes at the least (repageMinutes ≥ 0.5): a pass every timers interval keeps them on time.
      { name: 'urgent-paging', intervalMs: timersIntervalMs, run: () => paging.run() },
      // afterSeconds is 30 s at the least: a pass every timers interval sends within it.
      { name: 'unread-fallback', intervalMs: timersIntervalMs, run: () => unreadFallback.run() },
      // The outbox's one loop: rules first, so the deliveries of what they record go out in the same pass.
      {
        name: 'relay-deliveries',
        intervalMs: deps.relayIntervalMs ?? 1_000,
        run: async () => {
          try {
            await rules.run();
          } finally {
            await relay.relay();
          }
        },
      },
    ],
    deps.log,
  );
  timers.start();
  const pressure = deps.requestPressure;
  const stopPrioritizing = pressure
    ? prioritizeRequests(
        () => pressure.takePeak(),
        (n) => deps.queue.setConcurrency(n),
        deps.concurrency,
      )
    : () => undefined;
  return {
    sweeper,
    relay,
    rules,
    flowExpiry,
    timers,
    paging,
    unreadFallback,
    stop: async () => {
      stopPrioritizing();
      await timers.stop();
    },
  };
}
