import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('Management API: customer requests', () => {
  let gw: TestGateway;
  let teamId: string;
  let agent: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()] });
    agent = await tokenFor(teamId, 'agent');
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  const send = (body: object, token = agent) => gw.api('post', `/api/teams/${teamId}/messages`, token).send(body);

  it('opens a payment request with the message that asks, linked to it, and reads it back', async () => {
    const to = freshCustomer();
    const res = await send({
      to,
      channel: 'sms',
      kind: 'payment_request',
      variables: { amount: '49.90', currency: 'EUR', payment_link: 'https://pay.example.com/x' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      kind: 'payment_request',
      to,
      request: { id: expect.any(String), status: 'pending' },
    });
    expect(res.body.body).toContain('49.90');

    const view = (await gw.api('get', `/api/teams/${teamId}/requests/${res.body.request.id}`, agent).expect(200))
      .body as { expiresAt: string; createdAt: string };
    expect(view).toMatchObject({
      id: res.body.request.id,
      kind: 'payment',
      customer: to,
      channel: 'sms',
      messageId: res.body.id,
      status: 'pending',
      answer: null,
      amount: '49.90',
      currency: 'EUR',
      providerReference: null,
    });
    expect(Date.parse(view.expiresAt) - Date.parse(view.createdAt)).toBe(7 * 24 * 3_600_000);
  });

  it('adds no request to plain messages and to kinds that ask nothing', async () => {
    const to = freshCustomer();
    const plain = await send({ to, channel: 'sms', body: 'Hello' }).expect(202);
    expect(plain.body).not.toHaveProperty('request');
    const page = await send({ to, channel: 'sms', kind: 'share_contact_page', variables: {} }).expect(202);
    expect(page.body).not.toHaveProperty('request');
    expect(
      (await gw.api('get', `/api/teams/${teamId}/requests?customer=${encodeURIComponent(to)}`, agent).expect(200)).body,
    ).toEqual([]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['no amount', { currency: 'EUR' }, 'variables.amount'],
    ['an amount that is not a decimal', { amount: '49,90', currency: 'EUR' }, 'variables.amount'],
    ['a negative amount', { amount: '-1', currency: 'EUR' }, 'variables.amount'],
    ['too many decimals for the currency', { amount: '100.5', currency: 'JPY' }, 'variables.amount'],
    ['no currency', { amount: '49.90' }, 'variables.currency'],
    ['a currency that is not ISO 4217', { amount: '49.90', currency: 'EURO' }, 'variables.currency'],
    ['a lower-case currency', { amount: '49.90', currency: 'eur' }, 'variables.currency'],
  ])('refuses a payment request with %s (422 naming %s), writing nothing', async (_name, variables, field) => {
    const to = freshCustomer();
    const res = await send({ to, channel: 'sms', kind: 'payment_request', variables });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ field, code: expect.any(String), message: expect.any(String) });
    expect(
      (await gw.api('get', `/api/teams/${teamId}/messages?to=${encodeURIComponent(to)}`, agent).expect(200)).body,
    ).toEqual([]);
  });

  it('lists requests filtered by customer, kind and status, newest first', async () => {
    const to = freshCustomer();
    const approval = (
      await send({ to, channel: 'sms', kind: 'approval_request', variables: { approval_subject: 'the quote' } }).expect(
        202,
      )
    ).body.request.id;
    gw.clock.advance(1_000);
    // Inside the customer's WhatsApp window: they wrote on WhatsApp just now.
    await gw.stores.contacts.recordInbound(teamId, to, { channel: 'whatsapp', profileName: null, at: gw.clock() });
    const rating = (await send({ to, channel: 'whatsapp', kind: 'advisor_rating', variables: {} }).expect(202)).body
      .request.id;
    const list = async (query: string) =>
      (
        (
          await gw
            .api('get', `/api/teams/${teamId}/requests?customer=${encodeURIComponent(to)}${query}`, agent)
            .expect(200)
        ).body as Array<{ id: string }>
      ).map((r) => r.id);
    expect(await list('')).toEqual([rating, approval]);
    expect(await list('&kind=approval')).toEqual([approval]);
    expect(await list('&status=pending')).toEqual([rating, approval]);
    expect(await list('&status=approved')).toEqual([]);
    const full = (await gw.api('get', `/api/teams/${teamId}/requests/${approval}`, agent).expect(200)).body;
    expect(full).toMatchObject({ subject: 'the quote', kind: 'approval' });

    // Eight days on, the approval reads as expired (the rating never expires).
    gw.clock.advance(8 * 24 * 3_600_000);
    expect(await list('&status=expired')).toEqual([approval]);
    expect(await list('&status=pending')).toEqual([rating]);
    expect((await gw.api('get', `/api/teams/${teamId}/requests/${approval}`, agent).expect(200)).body.status).toBe(
      'expired',
    );
  });

  it.each([
    ['an unknown status', '?status=done', 422],
    ['an unknown kind', '?kind=approval_request', 422],
    ['an unknown parameter', '?colour=red', 400],
  ])('answers %s with %i', async (_name, query, status) => {
    const res = await gw.api('get', `/api/teams/${teamId}/requests${query}`, agent);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBeTruthy();
  });

  it("answers 404 for another team's request and for an unknown id", async () => {
    const to = freshCustomer();
    const id = (await send({ to, channel: 'sms', kind: 'ask_resolved', variables: {} }).expect(202)).body.request.id;
    const otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const stranger = await tokenFor(otherTeam, 'manager');
    expect((await gw.api('get', `/api/teams/${teamId}/requests/${id}`, stranger)).status).toBe(404);
    expect((await gw.api('get', `/api/teams/${teamId}/requests`, stranger)).status).toBe(404);
    // Even the administrator does not find it under the wrong team.
    expect((await gw.api('get', `/api/teams/${otherTeam}/requests/${id}`)).status).toBe(404);
    expect((await gw.api('get', `/api/teams/${teamId}/requests/nope`, agent)).status).toBe(404);
    expect((await gw.api('get', `/api/teams/${teamId}/requests`, 'not-a-token')).status).toBe(401);
  });

  it('shows a payment secret once, to managers only, and audits the change without it', async () => {
    const manager = await tokenFor(teamId, 'manager');
    expect((await gw.api('post', `/api/teams/${teamId}/payment-secret`, agent)).status).toBe(403);
    const first = await gw.api('post', `/api/teams/${teamId}/payment-secret`, manager).expect(201);
    expect(first.body.secret).toMatch(/^pss_[0-9a-f]{64}$/);
    const second = await gw.api('post', `/api/teams/${teamId}/payment-secret`, manager).expect(201);
    expect(second.body.secret).not.toBe(first.body.secret);
    const audit = (await gw.api('get', `/api/teams/${teamId}/audit`, manager).expect(200)).body as Array<
      Record<string, unknown>
    >;
    const entries = audit.filter((e) => e.action === 'payment_secret.rotated');
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(first.body.secret);
    expect(JSON.stringify(audit)).not.toContain(second.body.secret);
  });
});
