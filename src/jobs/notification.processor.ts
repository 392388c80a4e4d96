import type { NotificationDeliveryService } from '../notifications/notification-delivery.service.js';
import type { JobHandler } from '../queue/job-queue.js';

export function notificationProcessor(delivery: NotificationDeliveryService): JobHandler {
  return async (data) => {
    await delivery.deliver(String(data.notificationId));
  };
}
