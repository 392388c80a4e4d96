import { z } from 'zod';
import { PermanentJobError } from '../job-errors.js';
import type { NotificationDeliveryService } from '../notifications/notification-delivery.service.js';
import type { JobHandler } from '../queue/job-queue.js';

const notificationJobSchema = z.object({ notificationId: z.string().min(1) });

export function notificationProcessor(delivery: NotificationDeliveryService): JobHandler {
  return async (data) => {
    const job = notificationJobSchema.safeParse(data);
    if (!job.success)
      throw new PermanentJobError('malformed notifications job: notificationId must be a non-empty string');
    await delivery.deliver(job.data.notificationId);
  };
}
