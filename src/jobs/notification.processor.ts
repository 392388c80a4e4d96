import type { NotificationDeliveryService } from '../notifications/notification-delivery.service.js';
import type { JobHandler } from '../queue/job-queue.js';
import { idJobHandler } from './id-job.js';

export function notificationProcessor(delivery: NotificationDeliveryService): JobHandler {
  return idJobHandler('notifications', 'notificationId', (id) => delivery.deliver(id));
}
