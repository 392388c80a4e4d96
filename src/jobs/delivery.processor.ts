import type { DeliveryService } from '../messages/delivery.service.js';
import type { JobHandler } from '../queue/job-queue.js';
import { idJobHandler } from './id-job.js';

export function deliveryProcessor(delivery: DeliveryService): JobHandler {
  return idJobHandler('deliveries', 'messageId', (id) => delivery.deliver(id));
}
