import { z } from 'zod';
import { TASK_STATUSES } from './ticket-task.js';

const STATUS_FILTERS = [...TASK_STATUSES, 'all'] as const;

/** `GET /api/teams/:team/tasks`: the team's callback list. */
export const taskListQuerySchema = z.strictObject({
  /** open (the default), done, cancelled, or all. */
  status: z.enum(STATUS_FILTERS, { message: `must be one of ${STATUS_FILTERS.join(', ')}` }).default('open'),
  /** Only tasks due before this instant, e.g. 2026-12-01T12:00:00Z. */
  dueBefore: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date and time, e.g. 2026-12-01T12:00:00Z' })
    .transform((v) => new Date(v))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export type TaskListQuery = z.infer<typeof taskListQuerySchema>;
