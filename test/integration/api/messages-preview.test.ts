import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

// The reply box's meter: what the agent has typed, measured as SMS by the server's one count.
describe('POST /api/teams/:team/messages/preview', () => {
  let gw: TestGateway;
  let teamId: string;
  let agent: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamId = await gw.newTeam();
    agent = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'agent' }).expect(201)).body
      .token as string;
  });
  afterAll(async () => {
    await gw.close();
  });

  const preview = (body: unknown, token = agent, team = teamId) =>
    gw.api('post', `/api/teams/${team}/messages/preview`, token).send(body as object);

  it.each([
    ['an empty text', '', { encoding: 'GSM-7', segments: 0, characters: 0 }],
    ['a short GSM-7 text', 'Hello, your order is on its way.', { encoding: 'GSM-7', segments: 1, characters: 32 }],
    ['160 GSM-7 characters in one part', 'a'.repeat(160), { encoding: 'GSM-7', segments: 1, characters: 160 }],
    ['161 GSM-7 characters in two parts', 'a'.repeat(161), { encoding: 'GSM-7', segments: 2, characters: 161 }],
    ['an extension character costing two septets', '€'.repeat(81), { encoding: 'GSM-7', segments: 2, characters: 81 }],
    [
      'Polish letters in UCS-2',
      'Dzień dobry, zamówienie już jest w drodze.',
      { encoding: 'UCS-2', segments: 1, characters: 42 },
    ],
    ['71 UCS-2 characters in two parts', 'ż'.repeat(71), { encoding: 'UCS-2', segments: 2, characters: 71 }],
    ['an emoji counted as one character', 'Thanks 👍', { encoding: 'UCS-2', segments: 1, characters: 8 }],
  ])('measures %s', async (_name, body, expected) => {
    const res = await preview({ body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
  });

  it('takes 1,600 characters, the most one send takes', async () => {
    const res = await preview({ body: 'a'.repeat(1600) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ encoding: 'GSM-7', segments: 11, characters: 1600 });
  });

  it.each([
    ['no body', {}, 400, 'missing_field', 'body'],
    ['a body that is not text', { body: 42 }, 400, 'invalid_type', 'body'],
    ['an unknown field', { body: 'hi', channel: 'sms' }, 400, 'unknown_field', 'channel'],
    ['a body over 1,600 characters', { body: 'a'.repeat(1601) }, 422, 'invalid_value', 'body'],
  ])('refuses %s, naming the field', async (_name, body, status, code, field) => {
    const res = await preview(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, field });
    expect(res.body.error.message).toMatch(new RegExp(field));
  });

  it("answers 404 for another team's member, and for a team that does not exist", async () => {
    const other = await gw.newTeam();
    expect((await preview({ body: 'hi' }, agent, other)).status).toBe(404);
    expect((await gw.api('post', '/api/teams/nope/messages/preview').send({ body: 'hi' })).status).toBe(404);
  });

  it('needs a token', async () => {
    const res = await request(gw.app).post(`/api/teams/${teamId}/messages/preview`).send({ body: 'hi' });
    expect(res.status).toBe(401);
  });
});
