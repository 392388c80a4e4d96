import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createUser, PASSWORD, postSignIn, sessionCookieOf, setCookies, signIn } from '../../helpers/panel-session.js';

let emailSeq = 0;
const freshEmail = (): string => `member${emailSeq++}@example.com`;

const LOCKED = 'Too many failed sign-ins. Try again in 15 minutes.';

describe('Panel sign-in, sessions and CSRF', () => {
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
  async function newUser(role: 'manager' | 'agent' = 'manager', team = teamA): Promise<string> {
    const email = freshEmail();
    await createUser(gw, team, email, role);
    return email;
  }

  describe('the sign-in page', () => {
    it('is an accessible form: labelled email and password, posting to /manage/login', async () => {
      const res = await request(gw.app).get('/manage/login');
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toMatch(/<form method="post" action="\/manage\/login"/);
      expect(res.text).toMatch(
        /<label for="email">Email<\/label>\s*<input id="email" name="email" type="email" autocomplete="username"/,
      );
      expect(res.text).toMatch(
        /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password" autocomplete="current-password"/,
      );
      expect(res.text).not.toContain('role="alert"');
      expect(res.headers['x-frame-options']).toBe('DENY');
    });

    it('sends a signed-in user on to the panel', async () => {
      const session = await signIn(gw, await newUser());
      const res = await request(gw.app).get('/manage/login').set('Cookie', session.cookie);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/manage');
    });
  });

  describe('signing in', () => {
    it('sets an httpOnly, SameSite=Lax, Secure session cookie and redirects 303 to /manage', async () => {
      const email = await newUser();
      const res = await postSignIn(gw, email, PASSWORD);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/manage');
      const cookie = setCookies(res).find((c) => c.startsWith('sb_session='))!;
      expect(cookie).toBeDefined();
      const attributes = cookie.split(';').map((a) => a.trim());
      expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', 'Secure']));
      // The cookie holds a random token; the table keeps only its hash.
      const token = decodeURIComponent(sessionCookieOf(res).slice('sb_session='.length));
      expect(token.length).toBeGreaterThanOrEqual(40);
      expect(await gw.testDb.db('sessions').where({ id: token }).first()).toBeUndefined();
    });

    it('matches the email whatever its case', async () => {
      const email = await newUser();
      expect((await postSignIn(gw, email.toUpperCase(), PASSWORD)).status).toBe(303);
    });

    it('answers a wrong password with 401, the form again, a clear message and no cookie', async () => {
      const email = await newUser();
      const res = await postSignIn(gw, email, 'wrong password!');
      expect(res.status).toBe(401);
      expect(res.type).toBe('text/html');
      expect(res.text).toMatch(
        /<p id="sign-in-error" class="error" role="alert">The email or password is incorrect\.<\/p>/,
      );
      expect(res.text).toContain(`value="${email}"`);
      expect(setCookies(res).some((c) => c.startsWith('sb_session='))).toBe(false);
    });

    it('answers an unknown email exactly like a wrong password', async () => {
      const res = await postSignIn(gw, 'nobody@example.com', 'wrong password!');
      expect(res.status).toBe(401);
      expect(res.text).toContain('The email or password is incorrect.');
    });

    it('answers a form without a password with 400 and a message', async () => {
      const res = await request(gw.app).post('/manage/login').type('form').send({ email: 'a@example.com' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Enter your email and password.');
    });

    it('escapes what it echoes back', async () => {
      const res = await postSignIn(gw, '"><script>alert(1)</script>', 'wrong password!');
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('<script>');
      expect(res.text).toContain('&quot;&gt;&lt;script&gt;');
    });

    it('refuses a sign-in form posted from another site', async () => {
      const email = await newUser();
      const res = await postSignIn(gw, email, PASSWORD, { Origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect(setCookies(res).some((c) => c.startsWith('sb_session='))).toBe(false);
      expect((await postSignIn(gw, email, PASSWORD, { Origin: 'https://gateway.test' })).status).toBe(303);
    });
  });

  describe('lockout', () => {
    it('five wrong passwords lock the account for 15 minutes, even against the right password', async () => {
      const email = await newUser();
      for (let i = 1; i <= 4; i++) {
        const res = await postSignIn(gw, email, `wrong password ${i}`);
        expect(res.status).toBe(401);
        expect(res.text).toContain('The email or password is incorrect.');
      }
      const fifth = await postSignIn(gw, email, 'wrong password 5');
      expect(fifth.status).toBe(401);
      expect(fifth.text).toContain(LOCKED);

      const right = await postSignIn(gw, email, PASSWORD);
      expect(right.status).toBe(401);
      expect(right.text).toContain(LOCKED);
      expect(right.headers['retry-after']).toBe('900');
      expect(setCookies(right).some((c) => c.startsWith('sb_session='))).toBe(false);

      gw.clock.advance(10 * 60_000);
      const later = await postSignIn(gw, email, PASSWORD);
      expect(later.text).toContain('Too many failed sign-ins. Try again in 5 minutes.');

      gw.clock.advance(5 * 60_000 + 1_000);
      expect((await postSignIn(gw, email, PASSWORD)).status).toBe(303);
    });

    it('counts only consecutive failures: a successful sign-in resets the count', async () => {
      const email = await newUser();
      for (let i = 0; i < 4; i++) expect((await postSignIn(gw, email, 'wrong password!')).status).toBe(401);
      expect((await postSignIn(gw, email, PASSWORD)).status).toBe(303);
      for (let i = 0; i < 4; i++) {
        const res = await postSignIn(gw, email, 'wrong password!');
        expect(res.text).not.toContain('Too many');
      }
      expect((await postSignIn(gw, email, PASSWORD)).status).toBe(303);
    });
  });

  describe('logout', () => {
    it('needs the CSRF token, then ends the session, clears the cookie and goes to the sign-in page', async () => {
      const session = await signIn(gw, await newUser());
      const missing = await request(gw.app).post('/manage/logout').set('Cookie', session.cookie).type('form').send({});
      expect(missing.status).toBe(403);
      expect(missing.body.error.code).toBe('csrf_token_missing');
      const wrong = await request(gw.app)
        .post('/manage/logout')
        .set('Cookie', session.cookie)
        .type('form')
        .send({ _csrf: 'nope' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe('csrf_token_invalid');
      await session.api('get', '/api/me').expect(200);

      const res = await request(gw.app)
        .post('/manage/logout')
        .set('Cookie', session.cookie)
        .type('form')
        .send({ _csrf: session.csrfToken });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/manage/login');
      const cleared = setCookies(res).find((c) => c.startsWith('sb_session='))!;
      expect(cleared).toContain('Max-Age=0');

      const after = await session.api('get', '/api/me');
      expect(after.status).toBe(401);
      expect((await request(gw.app).get('/manage/login').set('Cookie', session.cookie)).status).toBe(200);
    });

    it('without a session simply goes to the sign-in page', async () => {
      const res = await request(gw.app).post('/manage/logout').type('form').send({});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/manage/login');
    });
  });

  describe('/api with the session cookie', () => {
    it('GET /api/me gives the user and the CSRF token; a bearer token gets its role', async () => {
      const email = await newUser('agent');
      const session = await signIn(gw, email);
      const me = await session.api('get', '/api/me', null);
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        user: { id: expect.any(String), email, name: email.split('@')[0], role: 'agent', teamId: teamA },
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
      });
      expect((await gw.api('get', '/api/me')).body).toEqual({ token: { role: 'admin', teamId: null } });
      const agentToken = (await gw.api('post', `/api/teams/${teamA}/tokens`).send({ role: 'agent' })).body
        .token as string;
      expect((await gw.api('get', '/api/me', agentToken)).body).toEqual({ token: { role: 'agent', teamId: teamA } });
    });

    it('reads without a CSRF token; every change needs the right one', async () => {
      const session = await signIn(gw, await newUser('manager'));
      const get = await session.api('get', `/api/teams/${teamA}/schedule`, null);
      expect(get.status).toBe(200);
      const schedule = { timezone: 'Europe/Warsaw', weekly: { mon: [['08:00', '16:00']] }, exceptions: [] };

      const missing = await session.api('put', `/api/teams/${teamA}/schedule`, null).send(schedule);
      expect(missing.status).toBe(403);
      expect(missing.body.error.code).toBe('csrf_token_missing');

      const wrong = await session.api('put', `/api/teams/${teamA}/schedule`, 'not-the-token').send(schedule);
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe('csrf_token_invalid');
      expect((await gw.api('get', `/api/teams/${teamA}/schedule`)).body.weekly.mon).not.toEqual([['08:00', '16:00']]);

      const right = await session.api('put', `/api/teams/${teamA}/schedule`).send(schedule);
      expect(right.status).toBe(200);
      expect((await gw.api('get', `/api/teams/${teamA}/schedule`)).body.weekly.mon).toEqual([['08:00', '16:00']]);

      for (const method of ['post', 'patch', 'delete'] as const) {
        const res = await session.api(method, `/api/teams/${teamA}`, null).send({});
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('csrf_token_missing');
      }
    });

    it('one session’s CSRF token does not work for another session', async () => {
      const email = await newUser('manager');
      const [first, second] = [await signIn(gw, email), await signIn(gw, email)];
      const res = await first.api('patch', `/api/teams/${teamA}`, second.csrfToken).send({ companyName: 'Acme' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf_token_invalid');
    });

    it('acts with the user’s role: an agent gets 403 on settings, and another team is 404', async () => {
      const session = await signIn(gw, await newUser('agent'));
      await session.api('get', `/api/teams/${teamA}`).expect(200);
      const patch = await session.api('patch', `/api/teams/${teamA}`).send({ name: 'Nope' });
      expect(patch.status).toBe(403);
      expect(patch.body.error.code).toBe('insufficient_role');
      expect((await session.api('get', `/api/teams/${teamB}`)).status).toBe(404);
      expect(((await session.api('get', '/api/teams')).body as Array<{ id: string }>).map((t) => t.id)).toEqual([
        teamA,
      ]);
    });

    it('a bearer token needs no CSRF token, and a bad bearer token is not rescued by a cookie', async () => {
      const session = await signIn(gw, await newUser('manager'));
      const res = await gw
        .api('patch', `/api/teams/${teamA}`)
        .set('Cookie', session.cookie)
        .send({ companyName: 'Acme' });
      expect(res.status).toBe(200);
      const bad = await request(gw.app)
        .get(`/api/teams/${teamA}`)
        .set('Cookie', session.cookie)
        .set('Authorization', 'Bearer sb_unknown');
      expect(bad.status).toBe(401);
    });

    it('answers 401 to an unknown cookie', async () => {
      const res = await request(gw.app)
        .get('/api/me')
        .set('Cookie', 'sb_session=not-a-real-session-token-at-all-0123456789');
      expect(res.status).toBe(401);
    });

    it('ends a session after 12 hours without activity, and activity keeps it alive', async () => {
      const session = await signIn(gw, await newUser('agent'));
      gw.clock.advance(11 * 60 * 60_000);
      await session.api('get', '/api/me').expect(200);
      gw.clock.advance(11 * 60 * 60_000);
      await session.api('get', '/api/me').expect(200);
      gw.clock.advance(12 * 60 * 60_000 + 60_000);
      expect((await session.api('get', '/api/me')).status).toBe(401);
    });
  });
});
