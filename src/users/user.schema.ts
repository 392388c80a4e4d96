import { z } from 'zod';

/** Long passphrases are welcome; the cap only bounds the work one request can ask for. */
export const PASSWORD_MIN_LENGTH = 10;
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, 'must be at most 256 characters');
const email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'is not an email address' }));
const name = z.string().trim().min(1, 'must not be empty').max(120);

export const createTeamUserSchema = z.strictObject({
  email,
  name,
  role: z.enum(['manager', 'agent'], { message: 'must be "manager" or "agent"' }),
  password,
});
export type CreateTeamUserInput = z.infer<typeof createTeamUserSchema>;

export const createAdminUserSchema = z.strictObject({
  email,
  name,
  role: z.literal('admin', { message: 'must be "admin"; team members are created under /api/teams/:team/users' }),
  password,
});
export type CreateAdminUserInput = z.infer<typeof createAdminUserSchema>;
