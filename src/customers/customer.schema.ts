import { z } from 'zod';

const address = z.string().trim().min(1).max(200);

/** `POST /api/teams/:team/customers/merge`: the customer `from` becomes one with `into`. */
export const customerMergeSchema = z.strictObject({ from: address, into: address });
export type CustomerMergeInput = z.infer<typeof customerMergeSchema>;
