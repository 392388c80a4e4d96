import type { Transact } from '../db/stores.js';
import type { InboundMessageService } from '../inbound/inbound-message.service.js';
import type { DeliveryStatusService } from '../messages/delivery-status.service.js';
import type { JobHandler } from '../queue/job-queue.js';
import type { CallEventsService } from '../voice/call-events.service.js';
import { carriedEvent, carriedParsed } from './event-job.js';

/** Runs a stored webhook event through its service; the last failed try marks it failed. */
export function eventProcessor(transact: Transact, inbound: InboundMessageService, statuses: DeliveryStatusService, calls: CallEventsService): JobHandler {
  return async (data, ctx) => {
    const eventId = String(data.eventId);
    try {
      // Jobs carry the event's type; an older job without it reads the event.
      const type = typeof data.type === 'string' ? data.type : (await transact((s) => s.events.get(eventId)))?.type;
      if (type === 'message.inbound') await inbound.process(eventId, carriedEvent(data));
      else if (type === 'message.status') await statuses.process(eventId);
      else if (type === 'call.status') await calls.processStatus(eventId, carriedParsed(data));
      else if (type === 'call.recording') await calls.processRecording(eventId, carriedParsed(data));
    } catch (err) {
      const final = ctx.attempt >= ctx.maxAttempts;
      await transact((s) => s.events.recordFailure(eventId, (err as Error).message, final)).catch(() => undefined);
      throw err;
    }
  };
}
