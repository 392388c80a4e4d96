import type { NewTeamEvent } from './team-event.js';
import type { TeamEventsStore } from './team-events.store.js';

/** The stores recording an event needs; a service's own stores interface extends it. */
export interface TeamEventStores {
  readonly teamEvents: TeamEventsStore;
}

/**
 * Records what changed, inside the caller's transaction: the event and its webhook deliveries
 * commit or roll back with the change. `null` (a `ticketUpdated` that found nothing changed)
 * records nothing. Delivery happens after the commit (src/jobs/delivery-relay.ts).
 */
export async function recordTeamEvent(stores: TeamEventStores, event: NewTeamEvent | null): Promise<void> {
  if (event) await stores.teamEvents.record(event);
}
