import request from 'supertest';
import type { TestGateway } from './test-gateway.js';

export const PASSWORD = 'correct horse battery';

/** Posts the sign-in form as a browser would. */
export function postSignIn(
  gw: TestGateway,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): request.Test {
  const req = request(gw.app).post('/manage/login').type('form');
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return req.send({ email, password });
}

export function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as string[] | string | undefined;
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** `sb_session=…` as a Cookie header value, taken from a sign-in answer. */
export function sessionCookieOf(res: request.Response): string {
  const cookie = setCookies(res).find((c) => c.startsWith('sb_session='));
  if (!cookie) throw new Error(`no session cookie: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** Creates a user through the API (admin token) and returns its id. */
export async function createUser(
  gw: TestGateway,
  teamId: string,
  email: string,
  role: 'manager' | 'agent',
  password = PASSWORD,
): Promise<string> {
  const res = await gw
    .api('post', `/api/teams/${teamId}/users`)
    .send({ email, name: email.split('@')[0], role, password });
  if (res.status !== 201) throw new Error(`user not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export interface PanelSession {
  readonly cookie: string;
  readonly csrfToken: string;
  api(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, csrf?: string | null): request.Test;
}

/** Signs in and fetches the CSRF token; `api` sends the cookie and, by default, the right token. */
export async function signIn(gw: TestGateway, email: string, password = PASSWORD): Promise<PanelSession> {
  const res = await postSignIn(gw, email, password);
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = sessionCookieOf(res);
  const me = await request(gw.app).get('/api/me').set('Cookie', cookie);
  const csrfToken = me.body.csrfToken as string;
  return {
    cookie,
    csrfToken,
    api(method, path, csrf = csrfToken) {
      const req = request(gw.app)[method](path).set('Cookie', cookie);
      return csrf === null ? req : req.set('X-CSRF-Token', csrf);
    },
  };
}
