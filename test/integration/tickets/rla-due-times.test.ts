import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { freshCustomer } from '../../helpers/customers.js';
import { missedCall, type TicketView } from '../../helpers/ticket-calls.js';

const OFFICE_HOURS = [['09:00', '17:00']];
const WEEKDAYS = {
  mon: OFFICE_HOURS,
  tue: OFFICE_HOURS,
  wed: OFFICE_HOURS,
  thu: OFFICE_HOURS,
  fri: OFFICE_HOURS,
  sat: [],
  sun: [],
};

// Europe/Warsaw is UTC+1 in November: Friday 2026-11-20 16:30 local is 15:30 UTC.
const FRIDAY_1630_LOCAL = '2026-11-20T15:30:00.000Z';

describe('RLA due times through the API', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock(FRIDAY_1630_LOCAL), outbound: 'sandbox', webhookPoster: null });
  });
  afterAll(async () => {
    await gw.close();
  });

  /** A Warsaw team open on weekdays 09:00–17:00, with `exceptions`. */
  async function officeTeam(exceptions: unknown[] = []): Promise<{ id: string; number: string }> {
    const number = gw.freshNumber();
    const id = await gw.createTeam({ numbers: [number], timezone: 'Europe/Warsaw' });
    await gw
      .api('put', `/api/teams/${id}/schedule`)
      .send({ timezone: 'Europe/Warsaw', weekly: WEEKDAYS, exceptions })
      .expect(200);
    return { id, number };
  }
  async function ticketFromCall(team: { id: string; number: string }): Promise<TicketView> {
    const call = await missedCall(gw, team.id, team.number, freshCustomer());
    expect(call.ticketId).toEqual(expect.any(String));
    return (await gw.api('get', `/api/teams/${team.id}/tickets/${call.ticketId}`).expect(200)).body as TicketView;
  }

  it('counts a normal ticket’s 240 minutes in business hours: Friday 16:30 is due Monday 12:30', async () => {
    gw.clock.set(FRIDAY_1630_LOCAL);
    const ticket = await ticketFromCall(await officeTeam());
    expect(ticket).toMatchObject({
      priority: 'normal',
      createdAt: FRIDAY_1630_LOCAL,
      // 30 minutes on Friday, 210 on Monday from 09:00.
      firstResponseDueAt: '2026-11-23T11:30:00.000Z',
      // 1440 minutes = three 8-hour days: 30 on Friday, Monday, Tuesday, 450 on Wednesday (16:30).
      resolutionDueAt: '2026-11-25T15:30:00.000Z',
    });
    expect(ticket.events.find((e) => e.type === 'call')).toMatchObject({ outcome: 'customer_hangup' });
  });

  it('skips a closed exception day: with Monday closed, it is due Tuesday 12:30', async () => {
    gw.clock.set(FRIDAY_1630_LOCAL);
    const ticket = await ticketFromCall(await officeTeam([{ date: '2026-11-23', closed: true }]));
    expect(ticket).toMatchObject({
      firstResponseDueAt: '2026-11-24T11:30:00.000Z',
      resolutionDueAt: '2026-11-26T15:30:00.000Z',
    });
  });

  it('counts special hours on an exception day', async () => {
    gw.clock.set(FRIDAY_1630_LOCAL);
    // Monday open only 10:00–11:00: 30 minutes Friday, 60 Monday, 150 on Tuesday from 09:00.
    const ticket = await ticketFromCall(await officeTeam([{ date: '2026-11-23', hours: [['10:00', '11:00']] }]));
    expect(ticket.firstResponseDueAt).toBe('2026-11-24T10:30:00.000Z');
  });

  it('starts counting at the next opening for a call after hours', async () => {
    gw.clock.set('2026-11-20T17:00:00.000Z'); // Friday 18:00 in Warsaw
    const team = await officeTeam();
    const call = await missedCall(gw, team.id, team.number, freshCustomer());
    expect(call.outcome).toBe('after_hours_call');
    const ticket = (await gw.api('get', `/api/teams/${team.id}/tickets/${call.ticketId}`).expect(200))
      .body as TicketView;
    // Monday 09:00 + 240 minutes = 13:00 local.
    expect(ticket.firstResponseDueAt).toBe('2026-11-23T12:00:00.000Z');
  });

  it('follows the team’s own targets, and a priority change counts in business hours too', async () => {
    gw.clock.set(FRIDAY_1630_LOCAL);
    const team = await officeTeam();
    const res = await gw
      .api('patch', `/api/teams/${team.id}`)
      .send({ rla: { targets: { normal: { firstResponseMinutes: 45 } } } });
    expect(res.status).toBe(200);
    expect(res.body.rla.targets.normal).toEqual({ firstResponseMinutes: 45, resolutionMinutes: 1440 });
    expect(res.body.rla.targets.high).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 480 });
    const ticket = await ticketFromCall(team);
    // 30 minutes on Friday, 15 on Monday.
    expect(ticket.firstResponseDueAt).toBe('2026-11-23T08:15:00.000Z');

    // Raised to urgent (30 / 240 minutes): the first answer is due at Friday's close.
    const urgent = await gw
      .api('patch', `/api/teams/${team.id}/tickets/${ticket.id}`)
      .send({ priority: 'urgent' })
      .expect(200);
    expect(urgent.body).toMatchObject({
      firstResponseDueAt: '2026-11-20T16:00:00.000Z',
      resolutionDueAt: '2026-11-23T11:30:00.000Z',
    });
  });

  describe('refuses a bad RLA policy, naming the field, and keeps the old one', () => {
    let teamId: string;
    let before: unknown;
    beforeAll(async () => {
      teamId = (await officeTeam()).id;
      before = (await gw.api('get', `/api/teams/${teamId}`).expect(200)).body.rla;
    });

    it.each<[string, unknown, number, string]>([
      [
        'negative minutes',
        { targets: { high: { firstResponseMinutes: -5 } } },
        422,
        'rla.targets.high.firstResponseMinutes',
      ],
      [
        'a fraction of a minute',
        { targets: { low: { resolutionMinutes: 90.5 } } },
        422,
        'rla.targets.low.resolutionMinutes',
      ],
      [
        'more than a year',
        { targets: { urgent: { resolutionMinutes: 365 * 24 * 60 + 1 } } },
        422,
        'rla.targets.urgent.resolutionMinutes',
      ],
      ['an unknown priority', { targets: { critical: { firstResponseMinutes: 10 } } }, 422, 'rla.targets.critical'],
      [
        'resolution due before the first response',
        { targets: { normal: { resolutionMinutes: 100 } } },
        422,
        'rla.targets.normal.resolutionMinutes',
      ],
      [
        'a first response after the resolution',
        { targets: { urgent: { firstResponseMinutes: 300 } } },
        422,
        'rla.targets.urgent.resolutionMinutes',
      ],
      ['a warning more than a day ahead', { warnBeforeMinutes: 1441 }, 422, 'rla.warnBeforeMinutes'],
      ['escalation after one call', { escalation: { missedCalls: 1 } }, 422, 'rla.escalation.missedCalls'],
      ['escalation to an unknown priority', { escalation: { raiseTo: 'critical' } }, 422, 'rla.escalation.raiseTo'],
      [
        'minutes as text',
        { targets: { high: { firstResponseMinutes: '60' } } },
        400,
        'rla.targets.high.firstResponseMinutes',
      ],
      ['an unknown field', { colour: 'red' }, 400, 'rla.colour'],
      ['an unknown target field', { targets: { high: { answerMinutes: 5 } } }, 400, 'rla.targets.high.answerMinutes'],
    ])('%s', async (_name, rla, status, field) => {
      const res = await gw.api('patch', `/api/teams/${teamId}`).send({ rla });
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ field, message: expect.stringContaining(field.split('.').at(-1)!) });
      expect((await gw.api('get', `/api/teams/${teamId}`).expect(200)).body.rla).toEqual(before);
    });
  });
});
