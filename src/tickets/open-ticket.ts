import crypto from 'node:crypto';
import type { TeamConfig } from '../auto-replies/team-config.js';
import { ticketDueTimes } from '../rla/due-times.js';
import type { TicketChannel, TicketSource } from './ticket.js';
import type { NewTicket } from './tickets.store.js';

/**
 * A ticket the customer's contact opens (a missed call, a voicemail, a text): open, normal
 * priority, unassigned, with RLA due times counted from `now` on the team's schedule. The store
 * numbers it when it inserts it.
 */
export function openingTicket(
  config: Pick<TeamConfig, 'team' | 'schedule'>,
  t: {
    readonly channel: TicketChannel;
    readonly source: TicketSource;
    readonly customer: string;
    readonly subject: string;
  },
  now: Date,
): NewTicket {
  const priority = 'normal';
  return {
    id: crypto.randomUUID(),
    teamId: config.team.id,
    status: 'open',
    priority,
    assigneeId: null,
    tags: [],
    subject: t.subject,
    channel: t.channel,
    source: t.source,
    customer: t.customer,
    ...ticketDueTimes(config.team.settings.rla, config.schedule, priority, now),
    createdAt: now,
  };
}
