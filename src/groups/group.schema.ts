import { z } from 'zod';

const name = z.string().trim().min(1, 'must not be empty').max(80, 'keep a name to 80 characters');
const memberIds = z.array(z.string().min(1, 'must not be empty')).max(500, 'at most 500 members');

export const groupCreateSchema = z.strictObject({ name, memberIds: memberIds.default([]) });
export type GroupCreate = z.infer<typeof groupCreateSchema>;

export const groupPatchSchema = z
  .strictObject({ name: name.optional(), memberIds: memberIds.optional() })
  .refine((p) => p.name !== undefined || p.memberIds !== undefined, { message: 'send name, memberIds or both' });
export type GroupPatch = z.infer<typeof groupPatchSchema>;
