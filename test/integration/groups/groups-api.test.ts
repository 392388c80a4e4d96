import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../helpers/audit-entry-view.js';
import { freshCustomer } from '../../helpers/customers.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import type { TicketView } from '../../helpers/ticket-calls.js';

const PASSWORD = 'correct horse battery staple';

interface GroupView {
  id: string;
  name: string;
  memberIds: string[];
}

describe('Management API: groups (support lines)', () => {
  let gw: TestGateway;
  let teamId: string;
  let manager: string;
  let agent: string;
  let otherTeam: string;
  let stranger: string;
  let ann: string;
  let bob: string;
  let cat: string;
  let outsider: string;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-18T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    manager = await tokenFor(teamId, 'manager');
    agent = await tokenFor(teamId, 'agent');
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    stranger = await tokenFor(otherTeam, 'manager');
    [ann, bob, cat] = await Promise.all([userIn(teamId), userIn(teamId), userIn(teamId)]);
    outsider = await userIn(otherTeam);
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  async function userIn(team: string): Promise<string> {
    const email = `user-${Math.random().toString(36).slice(2)}@example.com`;
    return (
      await gw
        .api('post', `/api/teams/${team}/users`)
        .send({ email, name: 'A User', role: 'agent', password: PASSWORD })
        .expect(201)
    ).body.id as string;
  }
  const create = (body: unknown, token = manager, team = teamId) =>
    gw.api('post', `/api/teams/${team}/groups`, token).send(body as object);
  const patch = (id: string, body: unknown, token = manager, team = teamId) =>
    gw.api('patch', `/api/teams/${team}/groups/${id}`, token).send(body as object);
  const list = async (token = agent): Promise<GroupView[]> =>
    (await gw.api('get', `/api/teams/${teamId}/groups`, token).expect(200)).body as GroupView[];
  const audit = async (): Promise<AuditEntryView[]> =>
    (await gw.api('get', `/api/teams/${teamId}/audit?limit=500`).expect(200)).body as AuditEntryView[];

  it('creates, lists, renames, changes members of and deletes a group, auditing each change', async () => {
    const res = await create({ name: 'Billing', memberIds: [bob, ann, ann] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const billing = res.body as GroupView;
    expect(billing).toEqual({ id: expect.any(String), name: 'Billing', memberIds: [ann, bob].sort() });
    // A user may be in several groups.
    const support = (await create({ name: 'Support', memberIds: [ann] }).expect(201)).body as GroupView;
    expect(await list()).toEqual([billing, support]);

    const renamed = await patch(billing.id, { name: 'Billing & refunds', memberIds: [cat] });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toEqual({ id: billing.id, name: 'Billing & refunds', memberIds: [cat] });
    expect((await patch(billing.id, { memberIds: [] }).expect(200)).body).toMatchObject({ memberIds: [] });

    await gw.api('delete', `/api/teams/${teamId}/groups/${support.id}`, manager).expect(204);
    expect((await list()).map((g) => g.id)).toEqual([billing.id]);

    const entries = (await audit()).filter((e) => e.action.startsWith('group.'));
    expect(entries.map((e) => [e.action, e.subject])).toEqual([
      ['group.deleted', support.id],
      ['group.updated', billing.id],
      ['group.updated', billing.id],
      ['group.created', support.id],
      ['group.created', billing.id],
    ]);
    expect(entries[2]).toMatchObject({
      before: { name: 'Billing', memberIds: [ann, bob].sort() },
      after: { name: 'Billing & refunds', memberIds: [cat] },
    });
    expect(entries[0]).toMatchObject({ before: { name: 'Support' }, after: null });
  });

  it('lets agents read but not edit', async () => {
    await list(agent);
    expect((await create({ name: 'Agents only' }, agent)).status).toBe(403);
    const group = (await create({ name: 'Read me' }).expect(201)).body as GroupView;
    expect((await patch(group.id, { name: 'x' }, agent)).status).toBe(403);
    expect((await gw.api('delete', `/api/teams/${teamId}/groups/${group.id}`, agent)).status).toBe(403);
  });

  it('answers 404 for another team and for an unknown group', async () => {
    const group = (await create({ name: 'Private' }).expect(201)).body as GroupView;
    expect((await gw.api('get', `/api/teams/${teamId}/groups`, stranger)).status).toBe(404);
    expect((await create({ name: 'Intruders' }, stranger)).status).toBe(404);
    expect((await patch(group.id, { name: 'Mine' }, stranger)).status).toBe(404);
    // Their own team does not see it either.
    expect((await patch(group.id, { name: 'Mine' }, stranger, otherTeam)).status).toBe(404);
    expect((await gw.api('delete', `/api/teams/${otherTeam}/groups/${group.id}`, stranger)).status).toBe(404);
    expect((await patch('no-such-group', { name: 'x' })).status).toBe(404);
  });

  it('refuses a duplicate name in the team with 409 (any case), and allows it in another team', async () => {
    await create({ name: 'Sales' }).expect(201);
    const res = await create({ name: 'sales' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'group_name_taken', field: 'name' });
    const other = (await create({ name: 'Sales desk' }).expect(201)).body as GroupView;
    expect((await patch(other.id, { name: 'SALES' })).status).toBe(409);
    await create({ name: 'Sales' }, stranger, otherTeam).expect(201);
  });

  it.each([
    ['an empty name', () => ({ name: '  ' }), 422, 'name'],
    ['no name', () => ({ memberIds: [] }), 400, 'name'],
    ['a member of another team', () => ({ name: 'Mixed', memberIds: [ann, bob, outsider] }), 422, 'memberIds.2'],
    ['an unknown member', () => ({ name: 'Ghosts', memberIds: ['nobody'] }), 422, 'memberIds.0'],
    ['a member id that is not a string', () => ({ name: 'Numbers', memberIds: [ann, 7] }), 400, 'memberIds.1'],
    ['an unknown field', () => ({ name: 'Extra', colour: 'red' }), 400, 'colour'],
  ])('refuses %s', async (_what, body, status, field) => {
    const res = await create(body());
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.field).toBe(field);
  });

  it('refuses bad PATCH bodies naming the field', async () => {
    const group = (await create({ name: 'Patch me' }).expect(201)).body as GroupView;
    const cases: Array<[unknown, number, string | null]> = [
      [{ name: '' }, 422, 'name'],
      [{ memberIds: [cat, outsider] }, 422, 'memberIds.1'],
      [{}, 422, null],
    ];
    for (const [body, status, field] of cases) {
      const res = await patch(group.id, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.field).toBe(field);
    }
  });

  describe('on tickets', () => {
    let group: GroupView;
    let ticket: TicketView;
    const patchTicket = (body: unknown, token = agent) =>
      gw.api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`, token).send(body as object);

    beforeAll(async () => {
      group = (await create({ name: 'Line one', memberIds: [ann] }).expect(201)).body as GroupView;
      ticket = (
        await gw
          .api('post', `/api/teams/${teamId}/tickets`, agent)
          .send({ customer: freshCustomer(), subject: 'Broken screen' })
          .expect(201)
      ).body as TicketView;
      expect(ticket).toMatchObject({ groupId: null });
    });

    it('sets a group with groupId and shows it in the ticket views', async () => {
      const res = await patchTicket({ groupId: group.id });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ groupId: group.id });
      const events = (res.body as TicketView).events;
      expect(events.at(-1)).toMatchObject({ type: 'group_changed', from: null, to: group.id });
      expect(events.at(-1)).not.toHaveProperty('outsideGroup');
      const listed = (await gw.api('get', `/api/teams/${teamId}/tickets`, agent).expect(200)).body as TicketView[];
      expect(listed.find((t) => t.id === ticket.id)).toMatchObject({ groupId: group.id });
    });

    it('assigns a member without a note, and notes an assignee outside the group', async () => {
      const inside = (await patchTicket({ assigneeId: ann }).expect(200)).body as TicketView;
      expect(inside.events.at(-1)).toMatchObject({ type: 'assigned', to: ann });
      expect(inside.events.at(-1)).not.toHaveProperty('outsideGroup');
      const outside = (await patchTicket({ assigneeId: bob }).expect(200)).body as TicketView;
      expect(outside.assigneeId).toBe(bob);
      expect(outside.events.at(-1)).toMatchObject({ type: 'assigned', from: ann, to: bob, outsideGroup: true });
    });

    it('refuses an unknown group or another team’s with 422 groupId', async () => {
      const theirs = (await create({ name: 'Theirs' }, stranger, otherTeam).expect(201)).body as GroupView;
      for (const groupId of ['no-such-group', theirs.id]) {
        const res = await patchTicket({ groupId });
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        expect(res.body.error).toMatchObject({ code: 'unknown_group', field: 'groupId' });
      }
    });

    it('clears the group when the group is deleted, keeping the ticket', async () => {
      await gw.api('delete', `/api/teams/${teamId}/groups/${group.id}`, manager).expect(204);
      const after = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`, agent).expect(200))
        .body as TicketView;
      expect(after).toMatchObject({ groupId: null, assigneeId: bob });
    });
  });
});
