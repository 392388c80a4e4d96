import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/tickets/ticket.js';
import { urgentStatusOf } from '../../../src/tickets/urgent-status.js';

let seq = 0;
const event = (type: TicketEvent['type'], minute: number, data: Record<string, unknown> = {}): TicketEvent => ({
  id: String((seq += 1)),
  ticketId: 't',
  type,
  actor: 'paging',
  data,
  at: new Date(Date.UTC(2026, 10, 30, 22, minute)),
});

describe('urgentStatusOf', () => {
  it('is null for a ticket never paged', () => {
    expect(urgentStatusOf([event('created', 0), event('priority_changed', 1)])).toBeNull();
  });

  it('counts the pages and reads the acknowledgement', () => {
    const status = urgentStatusOf([
      event('urgent_paged', 5, { page: 1 }),
      event('urgent_paged', 10, { page: 2 }),
      event('urgent_acknowledged', 12, { by: 'Ewa', via: 'inbox' }),
    ]);
    expect(status).toEqual({
      pagedAt: new Date(Date.UTC(2026, 10, 30, 22, 5)),
      pages: 2,
      acknowledgedAt: new Date(Date.UTC(2026, 10, 30, 22, 12)),
      acknowledgedBy: 'Ewa',
      acknowledgedVia: 'inbox',
      stoppedAt: null,
    });
  });

  it('tells the latest paging only, and that it stopped unacknowledged', () => {
    const status = urgentStatusOf([
      event('urgent_paged', 1, { page: 1 }),
      event('urgent_acknowledged', 2, { by: 'Ewa', via: 'link' }),
      event('urgent_paged', 20, { page: 1 }),
      event('urgent_paged', 25, { page: 2 }),
      event('urgent_paging_stopped', 30, { pages: 2 }),
    ]);
    expect(status).toMatchObject({ pages: 2, acknowledgedAt: null, acknowledgedBy: null });
    expect(status?.stoppedAt).toEqual(new Date(Date.UTC(2026, 10, 30, 22, 30)));
  });
});
