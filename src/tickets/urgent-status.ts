import type { TicketEvent } from './ticket.js';

/** The ticket's latest urgent paging as its timeline tells it (src/urgent-paging writes the entries). */
export interface UrgentStatus {
  readonly pagedAt: Date;
  readonly pages: number;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedVia: string | null;
  /** Paging gave up unacknowledged (it may still be acknowledged). */
  readonly stoppedAt: Date | null;
}

/** Null when the ticket was never paged; else its latest paging, from its page 1 on. */
export function urgentStatusOf(events: readonly TicketEvent[]): UrgentStatus | null {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const start = sorted.findLastIndex((e) => e.type === 'urgent_paged' && e.data.page === 1);
  if (start < 0) return null;
  const since = sorted.slice(start);
  const ack = since.find((e) => e.type === 'urgent_acknowledged');
  const stopped = since.find((e) => e.type === 'urgent_paging_stopped');
  return {
    pagedAt: sorted[start]!.at,
    pages: since.filter((e) => e.type === 'urgent_paged').length,
    acknowledgedAt: ack?.at ?? null,
    acknowledgedBy: typeof ack?.data.by === 'string' ? ack.data.by : null,
    acknowledgedVia: typeof ack?.data.via === 'string' ? ack.data.via : null,
    stoppedAt: stopped?.at ?? null,
  };
}
