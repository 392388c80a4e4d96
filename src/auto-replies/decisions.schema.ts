import { z } from 'zod';
import { decisionKinds } from './catalogue.js';

export const decisionListQuerySchema = z.strictObject({
  customer: z.string().min(1, 'must not be empty').optional(),
  kind: z
    .string()
    .refine((kind) => decisionKinds().includes(kind), {
      message: `is not a reply kind; use one of ${decisionKinds().join(', ')}`,
    })
    .optional(),
  /** The next page: pass the last listed decision's `at`. */
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(50),
});
export type DecisionListQuery = z.infer<typeof decisionListQuerySchema>;
