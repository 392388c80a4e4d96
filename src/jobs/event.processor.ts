import type { Transact } from '../db/transactor.js';
import { isWebhookEventType, readEventJob, type ReadEventJob } from '../events/event-job.js';
import type { WebhookEventType } from '../events/webhook-event-type.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { InboundMessageService } from '../inbound/inbound-message.service.js';
import { PermanentJobError } from '../job-errors.js';
import type { DeliveryStatusService } from '../messages/delivery-status.service.js';
import type { JobHandler } from '../queue/job-queue.js';
import type { CallEventsService } from '../voice/call-events.service.js';

/** The stores this module reads and writes. */
export interface EventProcessorStores {
  readonly events: WebhookEventsStore;
}

export interface EventServices {
  readonly inbound: InboundMessageService;
  readonly statuses: DeliveryStatusService;
  readonly calls: CallEventsService;
}

type EventRoute = (job: ReadEventJob, services: EventServices) => Promise<unknown>;

/**
 * One entry per event type, so a new type does not compile until it is routed. Call steps are
 * answered on the request path and stored as processed: a job for one is a mistake, failed with
 * its reason rather than dropped in silence.
 */
const ROUTES: Readonly<Record<WebhookEventType, EventRoute>> = {
  'message.inbound': (job, s) => s.inbound.process(job.eventId, job.carried),
  'message.status': (job, s) => s.statuses.process(job.eventId),
  'call.status': (job, s) => s.calls.processStatus(job.eventId, job.parsed == null ? null : { parsed: job.parsed }),
  'call.recording': (job, s) =>
    s.calls.processRecording(job.eventId, job.parsed == null ? null : { parsed: job.parsed }),
  'call.incoming': notQueued,
  'call.step': notQueued,
};

async function notQueued(job: ReadEventJob): Promise<never> {
  throw new PermanentJobError(`${job.type ?? 'this'} event is answered on the request path and never queued`);
}

/** Runs a stored webhook event through its service; the last failed try marks it failed. */
export function eventProcessor(transact: Transact<EventProcessorStores>, services: EventServices): JobHandler {
  return async (data, ctx) => {
    const job = readEventJob(data);
    try {
      // Jobs carry the event's type; an older job without it reads the event.
      const type = job.type ?? (await transact((s) => s.events.get(job.eventId)))?.type ?? null;
      if (type === null) throw new PermanentJobError('no such event');
      if (!isWebhookEventType(type)) throw new PermanentJobError(`unknown event type "${type}"`);
      await ROUTES[type]({ ...job, type }, services);
    } catch (err) {
      const final = err instanceof PermanentJobError || ctx.attempt >= ctx.maxAttempts;
      await transact((s) => s.events.recordFailure(job.eventId, (err as Error).message, final)).catch(() => undefined);
      throw err;
    }
  };
}
