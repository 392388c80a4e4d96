import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import type { AuditEntryView as Entry } from '../../helpers/audit-entry-view.js';
import { createUser, PASSWORD, signIn } from '../../helpers/panel-session.js';

describe('Audit log', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
  });
  afterAll(async () => {
    await gw.close();
  });

  const newTeam = (): Promise<string> => gw.newTeam();
  const audit = async (teamId: string, query = ''): Promise<Entry[]> =>
    (await gw.api('get', `/api/teams/${teamId}/audit${query}`).expect(200)).body as Entry[];

  it('records a schedule PUT with the schedule before and after', async () => {
    const team = await newTeam();
    const schedule = {
      timezone: 'Europe/Warsaw',
      weekly: { sat: [['10:00', '14:00']] },
      exceptions: [{ date: '2026-12-25', closed: true }],
    };
    await gw.api('put', `/api/teams/${team}/schedule`).send(schedule).expect(200);
    const [entry] = await audit(team);
    expect(entry).toMatchObject({ teamId: team, actor: 'admin', action: 'schedule.updated', subject: 'schedule' });
    expect(entry!.before).toMatchObject({ timezone: 'Europe/Warsaw', weekly: { mon: [['09:00', '17:00']] } });
    expect(entry!.after).toEqual(schedule);
    expect(Number.isNaN(Date.parse(entry!.at))).toBe(false);
  });

  it('records a team PATCH with the settings before and after', async () => {
    const team = await newTeam();
    await gw
      .api('patch', `/api/teams/${team}`)
      .send({ name: 'Night desk', missedCalls: { attachWindowHours: 24 } })
      .expect(200);
    const [entry] = await audit(team);
    expect(entry).toMatchObject({ action: 'team.updated', subject: 'team', actor: 'admin' });
    expect(entry!.before).toMatchObject({
      name: 'Support',
      missedCalls: { createTickets: true, attachWindowHours: 72 },
    });
    expect(entry!.after).toMatchObject({
      name: 'Night desk',
      missedCalls: { createTickets: true, attachWindowHours: 24 },
    });
    expect(entry!.after).not.toHaveProperty('updatedAt');
  });

  it('skips a PATCH that changes nothing, and leaves no entry for a refused change', async () => {
    const team = await newTeam();
    await gw.api('patch', `/api/teams/${team}`).send({ name: 'Support' }).expect(200);
    await gw
      .api('put', `/api/teams/${team}/schedule`)
      .send({ timezone: 'Nowhere/Land', weekly: {}, exceptions: [] })
      .expect(422);
    expect(await audit(team)).toEqual([]);
  });

  it('records user creation without the password, and names a panel user by email', async () => {
    const team = await newTeam();
    await createUser(gw, team, 'mia@example.com', 'manager');
    const session = await signIn(gw, 'mia@example.com', PASSWORD);
    await session.api('patch', `/api/teams/${team}`).send({ companyName: 'Globex' }).expect(200);

    const [patched, created] = await audit(team);
    expect(patched).toMatchObject({ action: 'team.updated', actor: 'user:mia@example.com' });
    expect(created).toMatchObject({
      action: 'user.created',
      actor: 'admin',
      before: null,
      after: { email: 'mia@example.com', role: 'manager', name: 'mia' },
    });
    expect(JSON.stringify(created)).not.toMatch(/password|scrypt/i);
  });

  it('lists newest first and honours limit', async () => {
    const team = await newTeam();
    for (const name of ['One', 'Two', 'Three']) await gw.api('patch', `/api/teams/${team}`).send({ name }).expect(200);
    const all = await audit(team);
    expect(all.map((e) => e.after?.name)).toEqual(['Three', 'Two', 'One']);
    const limited = await audit(team, '?limit=2');
    expect(limited.map((e) => e.after?.name)).toEqual(['Three', 'Two']);
  });

  it.each([
    ['0', 422],
    ['501', 422],
    ['ten', 400],
  ])('refuses limit=%s with %i', async (limit, status) => {
    const team = await newTeam();
    const res = await gw.api('get', `/api/teams/${team}/audit?limit=${limit}`);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe('limit');
  });

  it('agents read their own team’s log; another team’s manager gets 404', async () => {
    const [a, b] = [await newTeam(), await newTeam()];
    const agent = (await gw.api('post', `/api/teams/${a}/tokens`).send({ role: 'agent' })).body.token as string;
    const manager = (await gw.api('post', `/api/teams/${a}/tokens`).send({ role: 'manager' })).body.token as string;
    await gw.api('get', `/api/teams/${a}/audit`, agent).expect(200);
    const other = await gw.api('get', `/api/teams/${b}/audit`, manager);
    expect(other.status).toBe(404);
    expect((await gw.api('get', '/api/teams/nope/audit')).status).toBe(404);
  });

  it('a change by a bearer member token is attributed to the token', async () => {
    const team = await newTeam();
    const create = await gw.api('post', `/api/teams/${team}/tokens`).send({ role: 'manager' });
    await gw
      .api('patch', `/api/teams/${team}`, create.body.token as string)
      .send({ locale: 'pl' })
      .expect(200);
    const [entry] = await audit(team);
    expect(entry!.actor).toBe(`manager:${create.body.id}`);
  });
});
