import { z } from 'zod';
import { PermanentJobError } from '../job-errors.js';
import type { JobHandler } from '../queue/job-queue.js';

/**
 * A handler for a job that names one row by id (`{messageId}`, `{notificationId}`): the payload
 * is parsed, and a malformed one fails at once, since another try cannot mend it.
 */
export function idJobHandler(queue: string, field: string, run: (id: string) => Promise<unknown>): JobHandler {
  const schema = z.object({ [field]: z.string().min(1) });
  return async (data) => {
    const job = schema.safeParse(data);
    if (!job.success) throw new PermanentJobError(`malformed ${queue} job: ${field} must be a non-empty string`);
    await run(job.data[field] as string);
  };
}
