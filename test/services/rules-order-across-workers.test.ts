import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeSetTransactor } from '../../src/store-set.js';
import type { TeamEvent } from '../../src/team-events/team-event.js';
import { freshCustomer } from '../helpers/customers.js';
import { startTestGateway, testClock, type TestGateway } from '../helpers/test-gateway.js';

// Two workers on one PostgreSQL: while one runs the rules on a ticket's event, the other must not
// take the next event of that ticket, or a ticket's rules would act out of order. (The embedded
// default has one process and one connection: there is no second worker to race.)
describe('rules take one ticket’s events in order, whatever the number of workers', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // The worker's own timer is held off: the test is the two workers.
    gw = await startTestGateway({
      clock: testClock('2026-11-30T10:00:00Z'),
      outbound: 'sandbox',
      webhookPoster: null,
      relayIntervalMs: 3_600_000,
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('leaves a ticket’s later events to wait while another worker holds its earlier one', async () => {
    const teamId = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    await gw
      .api('put', `/api/teams/${teamId}/rules`)
      .set('If-Match', '"0"')
      .send([{ name: 'Seen', trigger: 'changed', conditions: [], actions: [{ type: 'add_tags', tags: ['seen'] }] }])
      .expect(200);
    const open = (customer: string) =>
      gw
        .api('post', `/api/teams/${teamId}/tickets`)
        .send({ customer, subject: 'Help', channel: 'sms' })
        .expect(201)
        .then((res) => res.body as { id: string });
    const first = await open(freshCustomer());
    await gw.api('patch', `/api/teams/${teamId}/tickets/${first.id}`).send({ priority: 'high' }).expect(200);
    const other = await open(freshCustomer());

    const transact = storeSetTransactor(gw.testDb.db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimedByA!: (e: TeamEvent | null) => void;
    const claimA = new Promise<TeamEvent | null>((resolve) => (claimedByA = resolve));
    // Worker A claims the oldest pending event and keeps it (its transaction stays open).
    const workerA = transact(async (s) => {
      claimedByA(await s.teamEvents.claimForRules());
      await held;
    });
    const a = await claimA;
    expect(a).toMatchObject({ ticketId: first.id, type: 'ticket.created' });

    // Worker B: not the first ticket's update (it waits for A), but the other ticket's event.
    const b = await transact((s) => s.teamEvents.claimForRules());
    expect(b).toMatchObject({ ticketId: other.id, type: 'ticket.created' });

    release();
    await workerA;
    // A committed nothing: its event is pending again, first in line.
    expect(await transact((s) => s.teamEvents.claimForRules())).toMatchObject({ id: a!.id });
  });
});
