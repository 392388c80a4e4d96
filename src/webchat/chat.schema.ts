import { z } from 'zod';

export const openVisitorSchema = z.object({ token: z.string().max(512).optional() });

export const chatMessageSchema = z.strictObject({
  // Longer than the limit is refused by the service with 413, so it can say how long it was.
  body: z.string().max(100_000, 'far too long'),
  clientId: z.string().min(1, 'must not be empty').max(100, 'at most 100 characters'),
});

export const presenceSchema = z.strictObject({
  token: z.string().max(512),
  state: z.enum(['open', 'hidden', 'closed'], { message: 'must be one of open, hidden, closed' }),
});

export const readSchema = z.strictObject({ ids: z.array(z.string().max(100)).max(200, 'at most 200 ids') });

export const offlineFormSchema = z.strictObject({
  name: z.string().trim().min(1, 'your name, please').max(100, 'at most 100 characters'),
  email: z.email('must be an email address, e.g. name@example.com'),
  message: z.string().trim().min(1, 'write your message').max(4_000, 'at most 4,000 characters'),
  clientId: z.string().min(1).max(100).optional(),
});
