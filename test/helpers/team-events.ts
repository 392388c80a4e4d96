import type { NewTeamEvent } from '../../src/team-events/team-event.js';

/** An RLA event as the monitor records it, on no ticket: for tests of what its webhook gets. */
export function rlaEvent(teamId: string, type: 'rla.breach' | 'rla.warning', at: Date): NewTeamEvent {
  return {
    teamId,
    ticketId: null,
    type,
    actor: 'rla',
    data: {
      clock: 'first_response',
      mark: type === 'rla.breach' ? 'breach' : 'warning',
      dueAt: '2026-11-21T21:00:00.000Z',
      number: 1,
      priority: 'normal',
      customer: '+12125550123',
    },
    at,
  };
}
