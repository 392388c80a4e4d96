import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { PASSWORD, signIn } from '../../helpers/panel-session.js';

let emailSeq = 0;
const freshEmail = (): string => `person${emailSeq++}@example.com`;

describe('Management API: users', () => {
  let gw: TestGateway;
  let teamA: string;
  let teamB: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamA = await newTeam();
    teamB = await newTeam();
  });
  afterAll(async () => {
    await gw.close();
  });

  const newTeam = (): Promise<string> => gw.newTeam();
  const tokenFor = async (id: string, role: 'manager' | 'agent'): Promise<string> =>
    (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  const userBody = (over: Record<string, unknown> = {}) => ({
    email: freshEmail(),
    name: 'Ann Agent',
    role: 'agent',
    password: PASSWORD,
    ...over,
  });

  it('admin creates a user: 201 {id, email, name, role}, and it is listed without any hash', async () => {
    const body = userBody({ email: 'ann@example.com', role: 'manager' });
    const res = await gw.api('post', `/api/teams/${teamA}/users`).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      email: 'ann@example.com',
      name: 'Ann Agent',
      role: 'manager',
      teamId: teamA,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/i);

    const list = await gw.api('get', `/api/teams/${teamA}/users`).expect(200);
    expect(list.body).toContainEqual(
      expect.objectContaining({ id: res.body.id, email: 'ann@example.com', role: 'manager' }),
    );
    expect(JSON.stringify(list.body)).not.toMatch(/password|scrypt|hash/i);
  });

  it('stores only a salted scrypt hash of the password', async () => {
    const res = await gw.api('post', `/api/teams/${teamA}/users`).send(userBody()).expect(201);
    const row = await gw.testDb.db('users').where({ id: res.body.id }).first();
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('answers 409 on field email for an address already in use, whatever its case', async () => {
    const email = freshEmail();
    await gw.api('post', `/api/teams/${teamA}/users`).send(userBody({ email })).expect(201);
    for (const [team, again] of [
      [teamA, email],
      [teamB, email.toUpperCase()],
    ] as const) {
      const res = await gw.api('post', `/api/teams/${team}/users`).send(userBody({ email: again }));
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'email_taken', field: 'email' });
    }
  });

  it.each<[string, Record<string, unknown>, number, string, string]>([
    ['a password under 10 characters', { password: 'short1234' }, 422, 'invalid_value', 'password'],
    ['an empty password', { password: '' }, 422, 'invalid_value', 'password'],
    ['an address that is not an email', { email: 'not-an-email' }, 422, 'invalid_value', 'email'],
    ['an empty name', { name: '   ' }, 422, 'invalid_value', 'name'],
    ['the admin role', { role: 'admin' }, 422, 'invalid_value', 'role'],
    ['an unknown role', { role: 'owner' }, 422, 'invalid_value', 'role'],
    ['no password', { password: undefined }, 400, 'missing_field', 'password'],
    ['a password that is not a string', { password: 1234567890 }, 400, 'invalid_type', 'password'],
    ['an unknown field', { admin: true }, 400, 'unknown_field', 'admin'],
  ])('refuses %s: %i on field %s', async (_name, over, status, code, field) => {
    const res = await gw.api('post', `/api/teams/${teamA}/users`).send(userBody(over));
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, field });
  });

  it('a manager creates agents and managers of their own team', async () => {
    const manager = await tokenFor(teamA, 'manager');
    for (const role of ['agent', 'manager']) {
      const res = await gw.api('post', `/api/teams/${teamA}/users`, manager).send(userBody({ role }));
      expect(res.status).toBe(201);
      expect(res.body.role).toBe(role);
    }
  });

  it('a manager of team A gets 404 on team B, the same as for no team at all', async () => {
    const manager = await tokenFor(teamA, 'manager');
    const post = await gw.api('post', `/api/teams/${teamB}/users`, manager).send(userBody());
    expect(post.status).toBe(404);
    const get = await gw.api('get', `/api/teams/${teamB}/users`, manager);
    expect(get.status).toBe(404);
    const missing = await gw.api('get', '/api/teams/no-such-team/users', manager);
    expect(get.body).toEqual(missing.body);
  });

  it('an agent may list but not create users: 403', async () => {
    const agent = await tokenFor(teamA, 'agent');
    const res = await gw.api('post', `/api/teams/${teamA}/users`, agent).send(userBody());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('insufficient_role');
    await gw.api('get', `/api/teams/${teamA}/users`, agent).expect(200);
  });

  it('a signed-in manager creates users from the panel session (with the CSRF token)', async () => {
    const email = freshEmail();
    await gw
      .api('post', `/api/teams/${teamA}/users`)
      .send(userBody({ email, role: 'manager' }))
      .expect(201);
    const session = await signIn(gw, email);
    const res = await session.api('post', `/api/teams/${teamA}/users`).send(userBody());
    expect(res.status).toBe(201);
    expect((await session.api('post', `/api/teams/${teamB}/users`).send(userBody())).status).toBe(404);
  });

  it('answers 404 for a team that does not exist (admin)', async () => {
    const res = await gw.api('post', '/api/teams/no-such-team/users').send(userBody());
    expect(res.status).toBe(404);
  });

  describe('administrators', () => {
    it('the admin token creates an admin user, who signs in and sees every team', async () => {
      const email = freshEmail();
      const res = await gw.api('post', '/api/users').send({ email, name: 'Root', role: 'admin', password: PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, role: 'admin', teamId: null });
      const session = await signIn(gw, email);
      await session.api('get', `/api/teams/${teamB}`).expect(200);
      const me = await session.api('get', '/api/me').expect(200);
      expect(me.body.user).toMatchObject({ email, role: 'admin', teamId: null });
    });

    it('only the admin may create admin users: a manager gets 403', async () => {
      const manager = await tokenFor(teamA, 'manager');
      const res = await gw
        .api('post', '/api/users', manager)
        .send({ email: freshEmail(), name: 'Sneaky', role: 'admin', password: PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('admin_only');
    });

    it('refuses a team role on /api/users (422 role) and a duplicate email (409)', async () => {
      const bad = await gw
        .api('post', '/api/users')
        .send({ email: freshEmail(), name: 'X', role: 'manager', password: PASSWORD });
      expect(bad.status).toBe(422);
      expect(bad.body.error.field).toBe('role');
      const email = freshEmail();
      await gw.api('post', '/api/users').send({ email, name: 'X', role: 'admin', password: PASSWORD }).expect(201);
      const dup = await gw.api('post', '/api/users').send({ email, name: 'X', role: 'admin', password: PASSWORD });
      expect(dup.status).toBe(409);
    });

    it('answers 401 without credentials', async () => {
      const res = await request(gw.app)
        .post('/api/users')
        .send({ email: freshEmail(), name: 'X', role: 'admin', password: PASSWORD });
      expect(res.status).toBe(401);
    });
  });
});
