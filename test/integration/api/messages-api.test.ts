import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface MessageView {
  id: string;
  direction: string;
  channel: string;
  from: string;
  to: string;
  body: string;
  kind: string | null;
  status: string;
  providerMessageId: string | null;
  createdAt: string;
}

describe('Management API: messages', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let agent: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber] });
    agent = await tokenFor(teamId, 'agent');
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  const send = (body: unknown, token = agent, team = teamId) =>
    gw.api('post', `/api/teams/${team}/messages`, token).send(body as object);
  const log = async (query: Record<string, string>, token = agent, team = teamId): Promise<MessageView[]> => {
    const qs = new URLSearchParams(query).toString();
    const res = await gw.api('get', `/api/teams/${team}/messages?${qs}`, token);
    expect(res.status).toBe(200);
    return res.body as MessageView[];
  };

  it("accepts an agent's SMS with 202, logs it and sends it", async () => {
    const to = freshCustomer();
    const res = await send({ to, channel: 'sms', body: 'Your parcel is on its way.' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      direction: 'outbound',
      channel: 'sms',
      from: teamNumber,
      to,
      body: 'Your parcel is on its way.',
      kind: null,
    });
    expect(['queued', 'sending', 'sent']).toContain(res.body.status);

    const sent = await eventually(async () =>
      (await log({ to })).find((m) => m.id === res.body.id && m.status === 'sent'),
    );
    expect(sent.providerMessageId).toMatch(/^SB[0-9a-f]{32}$/);
    expect(sent).toMatchObject({ direction: 'outbound', from: teamNumber, to, body: 'Your parcel is on its way.' });
    expect(Number.isNaN(Date.parse(sent.createdAt))).toBe(false);
  });

  it('filters the log by recipient and sends exactly once', async () => {
    const [a, b] = [freshCustomer(), freshCustomer()];
    const first = await send({ to: a, channel: 'sms', body: 'to a' }).expect(202);
    // Inside b's WhatsApp window: they wrote on WhatsApp just now.
    await gw.stores.contacts.recordInbound(teamId, b, { channel: 'whatsapp', profileName: null, at: gw.clock() });
    await send({ to: b, channel: 'whatsapp', body: 'to b' }).expect(202);
    await eventually(async () => (await log({ to: a })).every((m) => m.status === 'sent'));
    const forA = await log({ to: a });
    expect(forA).toHaveLength(1);
    expect(forA[0]!.id).toBe(first.body.id);
    const forB = await eventually(async () => (await log({ to: b })).find((m) => m.status === 'sent'));
    expect(forB.channel).toBe('whatsapp');
    const row = await gw.testDb.db('messages').where({ id: first.body.id }).first();
    expect(row.attempts).toBe(1);
  });

  it("refuses a free-form WhatsApp message outside the customer's 24-hour window, naming what would work", async () => {
    const [never, lapsed] = [freshCustomer(), freshCustomer()];
    const noHistory = await send({ to: never, channel: 'whatsapp', body: 'hello' }).expect(422);
    expect(noHistory.body.error).toMatchObject({ code: 'no_whatsapp_history', field: 'channel' });
    const wroteAt = new Date(gw.clock().getTime() - 25 * 3_600_000);
    await gw.stores.contacts.recordInbound(teamId, lapsed, { channel: 'whatsapp', profileName: null, at: wroteAt });
    const closed = await send({ to: lapsed, channel: 'whatsapp', body: 'hello' }).expect(422);
    expect(closed.body.error).toMatchObject({ code: 'whatsapp_window_closed', field: 'channel' });
    expect(closed.body.error.message).toContain('SMS to the same number');
    expect(closed.body.error.message).toContain('WhatsApp template');
    // The same text as SMS to the same number goes.
    await send({ to: lapsed, channel: 'sms', body: 'hello' }).expect(202);
    expect((await log({ to: lapsed })).map((m) => m.channel)).toEqual(['sms']);
  });

  it('sends a catalogue reply on request and logs it under its kind', async () => {
    const to = freshCustomer();
    const res = await send({ to, channel: 'sms', kind: 'after_hours_text', variables: {} });
    expect(res.status).toBe(202);
    expect(res.body.kind).toBe('after_hours_text');
    expect(res.body.body).toMatch(/^Acme: Thanks for your message!/);
    expect(res.body.body).not.toContain('{{');
    const logged = await eventually(async () =>
      (await log({ to, kind: 'after_hours_text' })).find((m) => m.status === 'sent'),
    );
    expect(logged.id).toBe(res.body.id);
    expect(await log({ to, kind: 'no_such_kind' })).toEqual([]);

    // The repeat window applies to agent-triggered replies as well.
    const again = await send({ to, channel: 'sms', kind: 'after_hours_text' });
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({ code: 'already_sent_in_window', field: 'kind' });
  });

  it('answers 404 unknown_kind to a kind not in the catalogue', async () => {
    const res = await send({ to: freshCustomer(), channel: 'sms', kind: 'fax_blast' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('unknown_kind');
  });

  it('refuses an opted-out customer with 422 opted_out and sends nothing', async () => {
    const to = freshCustomer();
    await gw.stores.contacts.setOptedOut(teamId, to, true, new Date());
    const res = await send({ to, channel: 'sms', body: 'Are you there?' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'opted_out', field: 'to' });
    expect(res.body.error.message).toContain(to);
    const byKind = await send({ to, channel: 'sms', kind: 'after_hours_text' });
    expect(byKind.status).toBe(422);
    expect(byKind.body.error.code).toBe('opted_out');
    expect(await log({ to })).toEqual([]);

    await gw.stores.contacts.setOptedOut(teamId, to, false, new Date());
    await send({ to, channel: 'sms', body: 'Welcome back' }).expect(202);
  });

  it('refuses a from number that is not the team’s', async () => {
    const res = await send({ to: freshCustomer(), channel: 'sms', from: '+14155559999', body: 'hi' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'no_team_number', field: 'from' });
  });

  it.each([
    ['a to that is not a phone number', { to: 'bob', channel: 'sms', body: 'hi' }, 422, 'invalid_value', 'to'],
    ['a to without the +', { to: '12125550100', channel: 'sms', body: 'hi' }, 422, 'invalid_value', 'to'],
    ['channel fax', { to: '+12125550100', channel: 'fax', body: 'hi' }, 422, 'invalid_value', 'channel'],
    ['an empty body', { to: '+12125550100', channel: 'sms', body: '  ' }, 422, 'invalid_value', 'body'],
    [
      'a body over 1600 characters',
      { to: '+12125550100', channel: 'sms', body: 'x'.repeat(1601) },
      422,
      'invalid_value',
      'body',
    ],
    ['a missing body', { to: '+12125550100', channel: 'sms' }, 400, 'missing_field', 'body'],
    ['a missing to', { channel: 'sms', body: 'hi' }, 400, 'missing_field', 'to'],
    ['a body that is not a string', { to: '+12125550100', channel: 'sms', body: 42 }, 400, 'invalid_type', 'body'],
    [
      'an unknown field',
      { to: '+12125550100', channel: 'sms', body: 'hi', priority: 'high' },
      400,
      'unknown_field',
      'priority',
    ],
    [
      'both body and kind',
      { to: '+12125550100', channel: 'sms', body: 'hi', kind: 'after_hours_text' },
      400,
      'unknown_field',
      'body',
    ],
    [
      'variables that are not strings',
      { to: '+12125550100', channel: 'sms', kind: 'after_hours_text', variables: { amount: 5 } },
      400,
      'invalid_type',
      'variables.amount',
    ],
  ])('rejects %s', async (_name, body, status, code, field) => {
    const before = (await gw.testDb.db('messages').where({ team_id: teamId }).count<{ n: string }[]>('id as n'))[0]!.n;
    const res = await send(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, field });
    const after = (await gw.testDb.db('messages').where({ team_id: teamId }).count<{ n: string }[]>('id as n'))[0]!.n;
    expect(Number(after)).toBe(Number(before));
  });

  it('rejects bad log queries', async () => {
    const unknown = await gw.api('get', `/api/teams/${teamId}/messages?colour=red`, agent);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_field', field: 'colour' });
    const limit = await gw.api('get', `/api/teams/${teamId}/messages?limit=0`, agent);
    expect(limit.status).toBe(422);
    expect(limit.body.error.field).toBe('limit');
  });

  it('honours limit on the log, newest first', async () => {
    const to = freshCustomer();
    gw.clock.advance(1_000);
    const first = await send({ to, channel: 'sms', body: 'one' }).expect(202);
    gw.clock.advance(1_000);
    const second = await send({ to, channel: 'sms', body: 'two' }).expect(202);
    const all = await log({ to });
    expect(all.map((m) => m.id)).toEqual([second.body.id, first.body.id]);
    const one = await log({ to, limit: '1' });
    expect(one.map((m) => m.id)).toEqual([second.body.id]);
  });

  it("answers 404 to another team's token, for the log and for sending", async () => {
    const otherNumber = gw.freshNumber();
    const other = (
      await gw
        .api('post', '/api/teams')
        .send({ name: 'Other', companyName: 'Globex', timezone: 'UTC', numbers: [otherNumber] })
        .expect(201)
    ).body.id as string;
    const stranger = await tokenFor(other, 'manager');
    const list = await gw.api('get', `/api/teams/${teamId}/messages`, stranger);
    expect(list.status).toBe(404);
    const to = freshCustomer();
    const post = await send({ to, channel: 'sms', body: 'sneaky' }, stranger);
    expect(post.status).toBe(404);
    expect(post.body.error.code).toBe('not_found');
    expect(await log({ to })).toEqual([]);
    // The stranger still works on its own team.
    await send({ to, channel: 'sms', body: 'own team' }, stranger, other).expect(202);
    expect((await log({ to }, stranger, other)).map((m) => m.from)).toEqual([otherNumber]);
  });

  it('answers 401 without a token', async () => {
    await request(gw.app)
      .post(`/api/teams/${teamId}/messages`)
      .send({ to: freshCustomer(), channel: 'sms', body: 'hi' })
      .expect(401);
    await request(gw.app).get(`/api/teams/${teamId}/messages`).expect(401);
  });
});
