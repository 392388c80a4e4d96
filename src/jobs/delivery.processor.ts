import { z } from 'zod';
import { PermanentJobError } from '../job-errors.js';
import type { DeliveryService } from '../messages/delivery.service.js';
import type { JobHandler } from '../queue/job-queue.js';

const deliveryJobSchema = z.object({ messageId: z.string().min(1) });

export function deliveryProcessor(delivery: DeliveryService): JobHandler {
  return async (data) => {
    const job = deliveryJobSchema.safeParse(data);
    if (!job.success) throw new PermanentJobError('malformed deliveries job: messageId must be a non-empty string');
    await delivery.deliver(job.data.messageId);
  };
}
