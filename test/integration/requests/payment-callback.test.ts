import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentSignature } from '../../../src/requests/payment-signature.js';
import { freshCustomer } from '../../helpers/customers.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('payment provider callback', () => {
  let gw: TestGateway;
  let teamId: string;
  let secret: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()] });
    secret = (await gw.api('post', `/api/teams/${teamId}/payment-secret`).expect(201)).body.secret as string;
  });
  afterAll(async () => {
    await gw.close();
  });

  async function paymentRequest(team = teamId): Promise<string> {
    const res = await gw
      .api('post', `/api/teams/${team}/messages`)
      .send({
        to: freshCustomer(),
        channel: 'sms',
        kind: 'payment_request',
        variables: { amount: '120.00', currency: 'PLN' },
      })
      .expect(202);
    return res.body.request.id as string;
  }
  const nowSeconds = () => String(Math.floor(gw.clock().getTime() / 1000));

  interface Signed {
    body: string;
    timestamp: string;
    signature: string;
  }
  function signed(payload: object, o: { secret?: string; timestamp?: string } = {}): Signed {
    const body = JSON.stringify(payload);
    const timestamp = o.timestamp ?? nowSeconds();
    return { body, timestamp, signature: paymentSignature(o.secret ?? secret, timestamp, body) };
  }
  function post(s: Signed, team = teamId, headers: Record<string, string | null> = {}) {
    const req = request(gw.app).post(`/payments/callback/${team}`).set('Content-Type', 'application/json');
    const all: Record<string, string | null> = {
      'X-Switchboard-Timestamp': s.timestamp,
      'X-Switchboard-Signature': s.signature,
      ...headers,
    };
    for (const [k, v] of Object.entries(all)) if (v !== null) req.set(k, v);
    return req.send(s.body);
  }
  const read = async (id: string) =>
    (await gw.api('get', `/api/teams/${teamId}/requests/${id}`).expect(200)).body as Record<string, unknown>;

  it('marks a payment request paid on a signed "paid" callback', async () => {
    const id = await paymentRequest();
    const res = await post(signed({ requestId: id, status: 'paid', providerReference: 'pay_001' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ requestId: id, status: 'paid', applied: true, reason: null });
    expect(await read(id)).toMatchObject({
      status: 'paid',
      providerReference: 'pay_001',
      answer: { value: 'paid', text: 'pay_001' },
    });
  });

  it('verifies the exact bytes sent, whitespace included', async () => {
    const id = await paymentRequest();
    const body = `{ "requestId": "${id}",\n  "status": "paid", "providerReference": "pay_ws" }`;
    const timestamp = nowSeconds();
    const res = await post({ body, timestamp, signature: paymentSignature(secret, timestamp, body) });
    expect(res.status).toBe(200);
    expect((await read(id)).status).toBe('paid');
  });

  it.each<[string, (id: string) => { s: Signed; headers?: Record<string, string | null> }, string]>([
    [
      'no signature header',
      (id) => ({
        s: signed({ requestId: id, status: 'paid', providerReference: 'p' }),
        headers: { 'X-Switchboard-Signature': null },
      }),
      'missing_signature',
    ],
    [
      'no timestamp header',
      (id) => ({
        s: signed({ requestId: id, status: 'paid', providerReference: 'p' }),
        headers: { 'X-Switchboard-Timestamp': null },
      }),
      'missing_signature',
    ],
    [
      'a signature by another secret',
      (id) => ({ s: signed({ requestId: id, status: 'paid', providerReference: 'p' }, { secret: 'pss_wrong' }) }),
      'invalid_signature',
    ],
    [
      'a tampered body',
      (id) => {
        const s = signed({ requestId: id, status: 'failed', providerReference: 'p' });
        return { s: { ...s, body: s.body.replace('failed', 'paid') } };
      },
      'invalid_signature',
    ],
    [
      'a timestamp changed after signing',
      (id) => {
        const s = signed({ requestId: id, status: 'paid', providerReference: 'p' });
        return { s: { ...s, timestamp: String(Number(s.timestamp) + 1) } };
      },
      'invalid_signature',
    ],
    [
      'a signature without the sha256= prefix',
      (id) => {
        const s = signed({ requestId: id, status: 'paid', providerReference: 'p' });
        return { s: { ...s, signature: s.signature.slice(7) } };
      },
      'invalid_signature',
    ],
    [
      'a timestamp 6 minutes old',
      (id) => ({
        s: signed(
          { requestId: id, status: 'paid', providerReference: 'p' },
          { timestamp: String(Number(nowSeconds()) - 360) },
        ),
      }),
      'stale_timestamp',
    ],
    [
      'a timestamp 6 minutes ahead',
      (id) => ({
        s: signed(
          { requestId: id, status: 'paid', providerReference: 'p' },
          { timestamp: String(Number(nowSeconds()) + 360) },
        ),
      }),
      'stale_timestamp',
    ],
  ])('refuses %s with 401 and changes nothing', async (_name, make, code) => {
    const id = await paymentRequest();
    const { s, headers } = make(id);
    const res = await post(s, teamId, headers);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe(code);
    expect((await read(id)).status).toBe('pending');
  });

  it('accepts a timestamp 4 minutes old', async () => {
    const id = await paymentRequest();
    const res = await post(
      signed(
        { requestId: id, status: 'paid', providerReference: 'p4' },
        { timestamp: String(Number(nowSeconds()) - 240) },
      ),
    );
    expect(res.status).toBe(200);
  });

  it('answers a replay of the same signed callback without effect', async () => {
    const id = await paymentRequest();
    const failed = signed({ requestId: id, status: 'failed', providerReference: 'pay_f1' });
    expect((await post(failed)).body).toMatchObject({ status: 'pending', applied: true });
    const paid = signed({ requestId: id, status: 'paid', providerReference: 'pay_p1' });
    gw.clock.advance(1_000);
    expect((await post(paid)).body).toMatchObject({ status: 'paid', applied: true });
    // The "failed" callback again, captured and replayed: it must not undo anything (nor would it).
    const replay = await post(failed);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ requestId: id, status: 'paid', applied: false, reason: 'replay' });
    expect(await read(id)).toMatchObject({ status: 'paid', providerReference: 'pay_p1' });
    const rows = await gw.testDb.db('payment_callbacks').where({ request_id: id });
    expect(rows).toHaveLength(2);
  });

  it('applies the same providerReference once, even re-signed at another time', async () => {
    const id = await paymentRequest();
    expect((await post(signed({ requestId: id, status: 'paid', providerReference: 'pay_same' }))).body.applied).toBe(
      true,
    );
    const updatedAt = (await read(id)).updatedAt;
    gw.clock.advance(5_000);
    const again = await post(signed({ requestId: id, status: 'paid', providerReference: 'pay_same' }));
    expect(again.body).toEqual({ requestId: id, status: 'paid', applied: false, reason: 'already_applied' });
    expect((await read(id)).updatedAt).toBe(updatedAt);
  });

  it('expires a payment the provider expired; a later "paid" wins, and nothing after it', async () => {
    const id = await paymentRequest();
    expect((await post(signed({ requestId: id, status: 'expired', providerReference: 'pay_e' }))).body.status).toBe(
      'expired',
    );
    expect((await post(signed({ requestId: id, status: 'paid', providerReference: 'pay_late' }))).body.status).toBe(
      'paid',
    );
    const after = await post(signed({ requestId: id, status: 'failed', providerReference: 'pay_x' }));
    expect(after.body).toMatchObject({ status: 'paid', applied: false, reason: 'already_paid' });
  });

  it("answers 404 for an unknown request, a request that is no payment, and another team's request", async () => {
    expect((await post(signed({ requestId: 'nope', status: 'paid', providerReference: 'p' }))).status).toBe(404);
    const approval = (
      await gw
        .api('post', `/api/teams/${teamId}/messages`)
        .send({ to: freshCustomer(), channel: 'sms', kind: 'approval_request', variables: {} })
        .expect(202)
    ).body.request.id as string;
    expect((await post(signed({ requestId: approval, status: 'paid', providerReference: 'p' }))).status).toBe(404);

    const otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const otherSecret = (await gw.api('post', `/api/teams/${otherTeam}/payment-secret`).expect(201)).body
      .secret as string;
    const ours = await paymentRequest();
    // Team B's provider, correctly signed for team B, cannot touch team A's request.
    expect(
      (
        await post(
          signed({ requestId: ours, status: 'paid', providerReference: 'p' }, { secret: otherSecret }),
          otherTeam,
        )
      ).status,
    ).toBe(404);
    // Nor can a callback for team A signed with team B's secret.
    expect(
      (await post(signed({ requestId: ours, status: 'paid', providerReference: 'p' }, { secret: otherSecret }))).status,
    ).toBe(401);
    expect((await read(ours)).status).toBe('pending');
  });

  it('answers 401 for a team without a secret and for an unknown team alike', async () => {
    const bare = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const s = signed({ requestId: 'x', status: 'paid', providerReference: 'p' }, { secret: 'anything' });
    const [noSecret, unknown] = [await post(s, bare), await post(s, 'no-such-team')];
    expect(noSecret.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(noSecret.body).toEqual(unknown.body);
  });

  it.each([
    ['not JSON', 'requestId=1', 400],
    ['an unknown status', JSON.stringify({ requestId: 'x', status: 'refunded', providerReference: 'p' }), 422],
    ['no providerReference', JSON.stringify({ requestId: 'x', status: 'paid' }), 400],
  ])('answers a signed body that is %s with %i', async (_name, body, status) => {
    const timestamp = nowSeconds();
    const res = await post({ body, timestamp, signature: paymentSignature(secret, timestamp, body) });
    expect(res.status).toBe(status);
  });
});
