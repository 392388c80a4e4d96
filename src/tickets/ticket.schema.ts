import { z } from 'zod';
import { isPhoneNumber } from '../phone-number.js';
import { PRIORITIES } from '../rla/priority.js';
import { decodeTicketListCursor } from './ticket-list-cursor.js';
import { TICKET_CHANNELS, TICKET_CHATS, TICKET_STATUSES } from './ticket.js';

const status = z.enum(TICKET_STATUSES, { message: `must be one of ${TICKET_STATUSES.join(', ')}` });
const chat = z.enum(TICKET_CHATS, { message: `must be one of ${TICKET_CHATS.join(', ')}` });
const priority = z.enum(PRIORITIES, { message: `must be one of ${PRIORITIES.join(', ')}` });
export const tagSchema = z
  .string()
  .trim()
  .min(1, 'a tag must not be empty')
  .max(40, 'keep a tag to 40 characters')
  .regex(/^[\p{L}\p{N}_:.\- ]+$/u, 'use letters, digits, spaces, "-", "_", ":" and "." in tags');

export const TICKET_VIEWS = ['new', 'mine', 'all'] as const;

/** A user's or a group's id in a filter: its existence is the service's to check. */
const idFilter = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'is not an id: ids are at most 100 characters')
  .optional();

export const ticketListQuerySchema = z
  .strictObject({
    /** new: unassigned, chat active, not closed; mine: assigned to the signed-in user; all (the default). */
    view: z.enum(TICKET_VIEWS, { message: `must be one of ${TICKET_VIEWS.join(', ')}` }).default('all'),
    groupId: idFilter,
    assigneeId: idFilter,
    customer: z.string().optional(),
    status: status.optional(),
    channel: z.enum(TICKET_CHANNELS, { message: `must be one of ${TICKET_CHANNELS.join(', ')}` }).optional(),
    source: z
      .enum(['missed_call', 'voicemail', 'call', 'message', 'api'], {
        message: 'must be one of missed_call, voicemail, call, message, api',
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The next page: the X-Next-Cursor the previous page answered with. */
    cursor: z
      .string()
      .transform((v, ctx) => {
        const cursor = decodeTicketListCursor(v);
        if (!cursor) {
          ctx.addIssue({
            code: 'custom',
            message: 'is not a cursor of this list: pass the X-Next-Cursor of the previous page as it came',
          });
          return z.NEVER;
        }
        return cursor;
      })
      .optional(),
    /** Created before this instant. */
    before: z.iso.datetime({ offset: true }).optional(),
    /** The next page, as before cursors: pass the last listed ticket's number. */
    beforeNumber: z.coerce.number().int().min(1).optional(),
  })
  .refine((q) => q.cursor === undefined || q.beforeNumber === undefined, {
    message: 'send cursor or beforeNumber, not both: cursor alone pages on',
    path: ['beforeNumber'],
  });
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

export const ticketPatchSchema = z
  .strictObject({
    status: status.optional(),
    /** Completing a chat does not close the ticket. */
    chat: chat.optional(),
    priority: priority.optional(),
    /** A user of the team, or null to unassign. */
    assigneeId: z.string().min(1).nullable().optional(),
    tags: z.array(tagSchema).max(20, 'at most 20 tags').optional(),
    /** A group of the team, or null to clear it. */
    groupId: z.string().min(1).nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'send at least one of status, chat, priority, assigneeId, tags, groupId',
  });
export type TicketPatch = z.infer<typeof ticketPatchSchema>;

/** A ticket opened through the API: by the team's web or app form, or by an agent. */
export const ticketCreateSchema = z.strictObject({
  customer: z.string().refine(isPhoneNumber, { message: 'is not a phone number in E.164 form, like "+12125550123"' }),
  subject: z.string().trim().min(1, 'must not be empty').max(200, 'keep a subject to 200 characters'),
  channel: z
    .enum(['web', 'app', 'sms', 'whatsapp', 'voice'], { message: 'must be one of web, app, sms, whatsapp, voice' })
    .default('web'),
  priority: priority.default('normal'),
  tags: z.array(tagSchema).max(20, 'at most 20 tags').default([]),
  assigneeId: z.string().min(1).nullable().default(null),
});
export type TicketCreate = z.infer<typeof ticketCreateSchema>;

/** A page of a ticket's thread, oldest first: `after` is the last message seen, as "<createdAt>/<id>". */
export const ticketThreadQuerySchema = z.strictObject({
  after: z
    .string()
    .transform((v, ctx) => {
      const slash = v.indexOf('/');
      const createdAt = slash > 0 ? v.slice(0, slash) : '';
      const id = slash > 0 ? v.slice(slash + 1) : '';
      if (!z.iso.datetime({ offset: true }).safeParse(createdAt).success || id === '') {
        ctx.addIssue({ code: 'custom', message: 'must be "<createdAt>/<id>" of the last message seen' });
        return z.NEVER;
      }
      return { createdAt: new Date(createdAt), id };
    })
    .optional(),
  limit: z.coerce
    .number({ message: 'must be a whole number from 1 to 500' })
    .int('must be a whole number from 1 to 500')
    .min(1, 'must be a whole number from 1 to 500')
    .max(500, 'must be a whole number from 1 to 500')
    .default(200),
});
export type TicketThreadQuery = z.infer<typeof ticketThreadQuerySchema>;
