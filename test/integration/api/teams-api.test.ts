import { DEFAULT_UNREAD_FALLBACK } from '../../../src/teams/unread-fallback-settings.js';
import { DEFAULT_RLA_POLICY } from '../../../src/rla/rla-policy.js';
import { DEFAULT_REPLY_LEDGER } from '../../../src/teams/reply-ledger-policy.js';
import { DEFAULT_VOICE_FLOW } from '../../../src/voice-flow/voice-flow.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

let numberSeq = 100;
/** A fresh, possible US number for each team, so teams never collide on numbers by accident. */
const freshNumber = (): string => `+1415555${String(numberSeq++).padStart(4, '0')}`;

const teamBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Support',
  companyName: 'Acme',
  timezone: 'Europe/Warsaw',
  locale: 'en',
  numbers: [freshNumber()],
  ...overrides,
});

describe('Management API: teams', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
  });
  afterAll(async () => {
    await gw.close();
  });

  const createTeam = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const res = await gw.api('post', '/api/teams').send(teamBody(overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const tokenFor = async (teamId: string, role: 'manager' | 'agent'): Promise<string> => {
    const res = await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role });
    expect(res.status).toBe(201);
    return res.body.token as string;
  };

  describe('create, read, update, list', () => {
    it('creates a team: 201 with its settings and defaults', async () => {
      const number = freshNumber();
      const res = await gw.api('post', '/api/teams').send({
        name: 'Night desk',
        companyName: 'Acme Ltd',
        timezone: 'America/New_York',
        locale: 'pl',
        numbers: [number],
      });
      expect(res.status).toBe(201);
      expect(res.type).toBe('application/json');
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Night desk',
        companyName: 'Acme Ltd',
        timezone: 'America/New_York',
        locale: 'pl',
        contactPageUrl: null,
        numbers: [number],
        missedCalls: { createTickets: true, attachWindowHours: 72 },
        voice: DEFAULT_VOICE_FLOW,
        rla: DEFAULT_RLA_POLICY,
        notifications: { emails: [], webhookUrl: null },
        acknowledgements: { averageResponseFallback: null },
        replyLedger: DEFAULT_REPLY_LEDGER,
        webChat: { enabled: false, allowedOrigins: [] },
        unreadFallback: DEFAULT_UNREAD_FALLBACK,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body.id).not.toBe('');
      expect(Number.isNaN(Date.parse(res.body.createdAt as string))).toBe(false);
    });

    it('defaults locale to en and numbers to none', async () => {
      const res = await gw.api('post', '/api/teams').send({ name: 'Bare', companyName: 'Acme', timezone: 'UTC' });
      expect(res.status).toBe(201);
      expect(res.body.locale).toBe('en');
      expect(res.body.numbers).toEqual([]);
    });

    it('trims names', async () => {
      const res = await gw.api('post', '/api/teams').send(teamBody({ name: '  Padded  ' }));
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('Padded');
    });

    it('GET returns what POST created', async () => {
      const created = await gw.api('post', '/api/teams').send(teamBody({ companyName: 'Globex' }));
      expect(created.status).toBe(201);
      const res = await gw.api('get', `/api/teams/${created.body.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created.body);
    });

    it('PATCH changes only the given settings and GET shows them', async () => {
      const id = await createTeam({ name: 'Before', companyName: 'Initech' });
      const res = await gw
        .api('patch', `/api/teams/${id}`)
        .send({ name: 'After', contactPageUrl: 'https://example.com/contact', missedCalls: { attachWindowHours: 24 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        name: 'After',
        companyName: 'Initech',
        timezone: 'Europe/Warsaw',
        contactPageUrl: 'https://example.com/contact',
        missedCalls: { createTickets: true, attachWindowHours: 24 },
      });
      const again = await gw.api('get', `/api/teams/${id}`).expect(200);
      expect(again.body).toMatchObject({
        name: 'After',
        companyName: 'Initech',
        missedCalls: { createTickets: true, attachWindowHours: 24 },
      });

      const second = await gw
        .api('patch', `/api/teams/${id}`)
        .send({ missedCalls: { createTickets: false }, contactPageUrl: null });
      expect(second.status).toBe(200);
      expect(second.body.missedCalls).toEqual({ createTickets: false, attachWindowHours: 24 });
      expect(second.body.contactPageUrl).toBeNull();
    });

    it('admin PATCH replaces the numbers', async () => {
      const id = await createTeam();
      const [a, b] = [freshNumber(), freshNumber()];
      const res = await gw.api('patch', `/api/teams/${id}`).send({ numbers: [b, a] });
      expect(res.status).toBe(200);
      expect([...res.body.numbers].sort()).toEqual([a, b].sort());
    });

    it('admin lists every team; a member token lists only its own', async () => {
      const a = await createTeam({ name: 'List A' });
      const b = await createTeam({ name: 'List B' });
      const all = await gw.api('get', '/api/teams').expect(200);
      const ids = (all.body as Array<{ id: string }>).map((t) => t.id);
      expect(ids).toEqual(expect.arrayContaining([a, b]));

      const agent = await tokenFor(a, 'agent');
      const own = await gw.api('get', '/api/teams', agent).expect(200);
      expect((own.body as Array<{ id: string; name: string }>).map((t) => t.id)).toEqual([a]);
      expect(own.body[0].name).toBe('List A');
    });

    it('answers 404 for a team that does not exist', async () => {
      const res = await gw.api('get', '/api/teams/no-such-team');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('authentication', () => {
    it('answers 401 without a token', async () => {
      const res = await request(gw.app).get('/api/teams');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    });

    it('answers 401 to an unknown token', async () => {
      const res = await gw.api('get', '/api/teams', 'sb_not-a-real-token');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    });

    it('answers 401 to a header that is not a bearer token', async () => {
      const res = await request(gw.app).get('/api/teams').set('Authorization', 'Basic YWRtaW46YWRtaW4=');
      expect(res.status).toBe(401);
    });

    it('answers 401 on POST without a token and creates nothing', async () => {
      const before = (await gw.api('get', '/api/teams').expect(200)).body.length;
      const res = await request(gw.app).post('/api/teams').send(teamBody());
      expect(res.status).toBe(401);
      const after = (await gw.api('get', '/api/teams').expect(200)).body.length;
      expect(after).toBe(before);
    });
  });

  describe('tokens and roles', () => {
    it('admin creates manager and agent tokens, shown once, that authenticate', async () => {
      const id = await createTeam();
      for (const role of ['manager', 'agent'] as const) {
        const res = await gw.api('post', `/api/teams/${id}/tokens`).send({ role });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ token: expect.stringMatching(/^sb_[A-Za-z0-9_-]{40,}$/), role, teamId: id });
        const me = await gw.api('get', `/api/teams/${id}`, res.body.token as string);
        expect(me.status).toBe(200);
        expect(me.body.id).toBe(id);
      }
    });

    it('stores only a hash of the token', async () => {
      const id = await createTeam();
      const token = await tokenFor(id, 'agent');
      const rows = await gw.testDb.db('api_tokens').where({ team_id: id });
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('rejects a token role other than manager or agent with 422', async () => {
      const id = await createTeam();
      const res = await gw.api('post', `/api/teams/${id}/tokens`).send({ role: 'admin' });
      expect(res.status).toBe(422);
      expect(res.body.error.field).toBe('role');
    });

    it('answers 404 when creating a token for a team that does not exist', async () => {
      const res = await gw.api('post', '/api/teams/no-such-team/tokens').send({ role: 'agent' });
      expect(res.status).toBe(404);
    });

    it('a manager of team A gets 404 (never 403) on team B', async () => {
      const a = await createTeam();
      const b = await createTeam();
      const managerA = await tokenFor(a, 'manager');
      const get = await gw.api('get', `/api/teams/${b}`, managerA);
      expect(get.status).toBe(404);
      expect(get.body.error.code).toBe('not_found');
      const patch = await gw.api('patch', `/api/teams/${b}`, managerA).send({ name: 'Hijacked' });
      expect(patch.status).toBe(404);
      // The same answer as for a team that does not exist at all.
      const missing = await gw.api('get', '/api/teams/does-not-exist', managerA);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(get.body);
      expect((await gw.api('get', `/api/teams/${b}`).expect(200)).body.name).toBe('Support');
    });

    it('a manager may PATCH its own team but not its numbers', async () => {
      const id = await createTeam();
      const manager = await tokenFor(id, 'manager');
      const ok = await gw.api('patch', `/api/teams/${id}`, manager).send({ companyName: 'Managed' });
      expect(ok.status).toBe(200);
      expect(ok.body.companyName).toBe('Managed');
      const numbers = await gw.api('patch', `/api/teams/${id}`, manager).send({ numbers: [freshNumber()] });
      expect(numbers.status).toBe(403);
      expect(numbers.body.error.code).toBe('admin_only');
    });

    it('an agent may read its team but PATCH answers 403', async () => {
      const id = await createTeam();
      const agent = await tokenFor(id, 'agent');
      await gw.api('get', `/api/teams/${id}`, agent).expect(200);
      const res = await gw.api('patch', `/api/teams/${id}`, agent).send({ name: 'Agent was here' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('insufficient_role');
      expect((await gw.api('get', `/api/teams/${id}`).expect(200)).body.name).toBe('Support');
    });

    it('a manager cannot create teams or tokens: 403', async () => {
      const id = await createTeam();
      const manager = await tokenFor(id, 'manager');
      const create = await gw.api('post', '/api/teams', manager).send(teamBody());
      expect(create.status).toBe(403);
      expect(create.body.error.code).toBe('admin_only');
      const token = await gw.api('post', `/api/teams/${id}/tokens`, manager).send({ role: 'agent' });
      expect(token.status).toBe(403);
    });
  });

  describe('numbers', () => {
    it('answers 409 on field numbers when a number belongs to another team, on create and on PATCH', async () => {
      const shared = freshNumber();
      const owner = await createTeam({ numbers: [shared] });
      const create = await gw.api('post', '/api/teams').send(teamBody({ numbers: [shared] }));
      expect(create.status).toBe(409);
      expect(create.body.error).toMatchObject({ code: 'number_taken', field: 'numbers' });
      expect(create.body.error.message).toContain(shared);

      const other = await createTeam();
      const patch = await gw.api('patch', `/api/teams/${other}`).send({ numbers: [freshNumber(), shared] });
      expect(patch.status).toBe(409);
      expect(patch.body.error.field).toBe('numbers');
      expect((await gw.api('get', `/api/teams/${owner}`).expect(200)).body.numbers).toEqual([shared]);
    });

    it('leaves nothing behind when create fails on a taken number', async () => {
      const shared = freshNumber();
      await createTeam({ numbers: [shared] });
      const before = ((await gw.api('get', '/api/teams').expect(200)).body as unknown[]).length;
      await gw
        .api('post', '/api/teams')
        .send(teamBody({ name: 'Ghost', numbers: [shared] }))
        .expect(409);
      const after = (await gw.api('get', '/api/teams').expect(200)).body as Array<{ name: string }>;
      expect(after).toHaveLength(before);
      expect(after.some((t) => t.name === 'Ghost')).toBe(false);
    });

    it('a team may keep its own number on PATCH', async () => {
      const mine = freshNumber();
      const id = await createTeam({ numbers: [mine] });
      const res = await gw.api('patch', `/api/teams/${id}`).send({ numbers: [mine] });
      expect(res.status).toBe(200);
      expect(res.body.numbers).toEqual([mine]);
    });
  });

  describe('invalid input', () => {
    type Case = [
      name: string,
      method: 'post' | 'patch',
      body: unknown,
      status: 400 | 422,
      code: string,
      field: string | null,
    ];
    const cases: Case[] = [
      ['name of the wrong type', 'post', teamBody({ name: 5 }), 400, 'invalid_type', 'name'],
      ['a missing name', 'post', { companyName: 'Acme', timezone: 'UTC' }, 400, 'missing_field', 'name'],
      ['a missing timezone', 'post', { name: 'X', companyName: 'Acme' }, 400, 'missing_field', 'timezone'],
      ['an unknown field', 'post', teamBody({ colour: 'blue' }), 400, 'unknown_field', 'colour'],
      ['numbers that is not a list', 'post', teamBody({ numbers: '+14155550100' }), 400, 'invalid_type', 'numbers'],
      ['an empty name', 'post', teamBody({ name: '   ' }), 422, 'invalid_value', 'name'],
      ['an unknown time zone', 'post', teamBody({ timezone: 'Mars/Base' }), 422, 'invalid_value', 'timezone'],
      ['a number not in E.164', 'post', teamBody({ numbers: ['12345'] }), 422, 'invalid_value', 'numbers.0'],
      [
        'the same number twice',
        'post',
        teamBody({ numbers: ['+14155559990', '+14155559990'] }),
        422,
        'invalid_value',
        'numbers',
      ],
      ['an unsupported locale', 'post', teamBody({ locale: 'xx' }), 422, 'invalid_value', 'locale'],
      [
        'a contact page that is not a URL',
        'post',
        teamBody({ contactPageUrl: 'not a url' }),
        422,
        'invalid_value',
        'contactPageUrl',
      ],
      ['an unknown field on PATCH', 'patch', { nickname: 'x' }, 400, 'unknown_field', 'nickname'],
      [
        'an unknown nested field on PATCH',
        'patch',
        { missedCalls: { sendEmail: true } },
        400,
        'unknown_field',
        'missedCalls.sendEmail',
      ],
      [
        'attachWindowHours of the wrong type',
        'patch',
        { missedCalls: { attachWindowHours: '24' } },
        400,
        'invalid_type',
        'missedCalls.attachWindowHours',
      ],
      [
        'a negative attachWindowHours',
        'patch',
        { missedCalls: { attachWindowHours: -1 } },
        422,
        'invalid_value',
        'missedCalls.attachWindowHours',
      ],
      ['an unknown time zone on PATCH', 'patch', { timezone: 'Mars/Base' }, 422, 'invalid_value', 'timezone'],
      ...(
        [
          ['a fallback of the wrong type', 5, 400, 'invalid_type'],
          ['an empty fallback', '  ', 422, 'invalid_value'],
          ['a fallback over 80 characters', 'x'.repeat(81), 422, 'invalid_value'],
          ['a fallback with a placeholder', 'in {{ next_open }}', 422, 'invalid_value'],
        ] as const
      ).map(([name, value, status, code]): Case => [
        name,
        'patch',
        { acknowledgements: { averageResponseFallback: value } },
        status,
        code,
        'acknowledgements.averageResponseFallback',
      ]),
      [
        'an unknown acknowledgements field',
        'patch',
        { acknowledgements: { greeting: true } },
        400,
        'unknown_field',
        'acknowledgements.greeting',
      ],
      ['an unsupported locale on PATCH', 'patch', { locale: 'xx' }, 422, 'invalid_value', 'locale'],
      ['a JSON array instead of an object', 'post', [teamBody()], 400, 'invalid_type', null],
    ];

    it.each(cases)('rejects %s', async (_name, method, body, status, code, field) => {
      const path = method === 'post' ? '/api/teams' : `/api/teams/${await createTeam()}`;
      const before = method === 'patch' ? (await gw.api('get', path).expect(200)).body : null;
      const res = await gw.api(method, path).send(body as object);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.field).toBe(field);
      expect(typeof res.body.error.message).toBe('string');
      expect(res.body.error.message.length).toBeGreaterThan(0);
      if (before) expect((await gw.api('get', path).expect(200)).body).toEqual(before);
    });

    it('names the field and the fix in the message', async () => {
      const res = await gw.api('post', '/api/teams').send(teamBody({ timezone: 'Mars/Base' }));
      expect(res.body.error.message).toMatch(/^timezone: .*IANA time zone/);
      const missing = await gw.api('post', '/api/teams').send({ companyName: 'Acme', timezone: 'UTC' });
      expect(missing.body.error.message).toBe('name is required');
      const wrongType = await gw.api('post', '/api/teams').send(teamBody({ name: 5 }));
      expect(wrongType.body.error.message).toBe('name must be a string, not a number');
    });

    it('answers 400 malformed_json to a body that is not JSON', async () => {
      const res = await gw
        .api('post', '/api/teams')
        .set('Content-Type', 'application/json')
        .send('{"name": "Support",');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'malformed_json', field: null });
    });

    it('answers 400 malformed_json to a bare JSON string (strict parser)', async () => {
      const res = await gw.api('post', '/api/teams').set('Content-Type', 'application/json').send('"Support"');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('malformed_json');
    });

    it('answers 413 to a JSON body over 64 KiB', async () => {
      const res = await gw.api('post', '/api/teams').send(teamBody({ name: 'x'.repeat(65 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    it('accepts a body just under the limit as far as the parser goes (then validates it)', async () => {
      const res = await gw.api('post', '/api/teams').send(teamBody({ name: 'x'.repeat(60 * 1024) }));
      expect(res.status).toBe(422);
      expect(res.body.error.field).toBe('name');
    });
  });
});
