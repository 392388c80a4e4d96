import type { DeliveryService } from '../messages/delivery.service.js';
import type { JobHandler } from '../queue/job-queue.js';

export function deliveryProcessor(delivery: DeliveryService): JobHandler {
  return async (data) => {
    await delivery.deliver(String(data.messageId));
  };
}
