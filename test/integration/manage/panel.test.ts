import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createUser, signIn, type PanelSession } from '../../helpers/panel-session.js';

describe('Manage > Chat panel page', () => {
  let gw: TestGateway;
  let session: PanelSession;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    const team = await gw.createTeam({ numbers: ['+14155559001'] });
    await createUser(gw, team, 'panel.manager@example.com', 'manager');
    session = await signIn(gw, 'panel.manager@example.com');
  });
  afterAll(async () => {
    await gw.close();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const res = await request(gw.app).get('/manage');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/manage/login');
  });

  it('sends a visitor with an unknown session cookie to the sign-in page', async () => {
    const res = await request(gw.app).get('/manage').set('Cookie', 'sb_session=not-a-session');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/manage/login');
  });

  it('serves the signed-in user the shell: CSRF meta, who they are, sign-out form, script and styles', async () => {
    const res = await request(gw.app).get('/manage').set('Cookie', session.cookie);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain(`<meta name="csrf-token" content="${session.csrfToken}">`);
    expect(res.text).toContain('<span class="account-name">panel.manager</span>');
    expect(res.text).toContain('Manager');
    expect(res.text).toMatch(
      /<form method="post" action="\/manage\/logout"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/,
    );
    expect(res.text).toMatch(/<script type="module" src="\/manage\/assets\/[0-9a-f]{10}\/panel\/main\.js"><\/script>/);
    expect(res.text).toMatch(/<link rel="stylesheet" href="\/manage\/assets\/panel\.css\?v=[0-9a-f]+">/);
    // No inline script or style anywhere: the CSP would block it.
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/<style|style="/);
  });

  it('sends a strict Content-Security-Policy and refuses framing', async () => {
    const res = await request(gw.app).get('/manage').set('Cookie', session.cookie);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('escapes the user name in the shell', async () => {
    const team = await gw.createTeam({ numbers: ['+14155559002'] });
    const res = await gw.api('post', `/api/teams/${team}/users`).send({
      email: 'xss@example.com',
      name: '<img src=x onerror=alert(1)>',
      role: 'agent',
      password: 'correct horse battery',
    });
    expect(res.status).toBe(201);
    const agent = await signIn(gw, 'xss@example.com');
    const page = await request(gw.app).get('/manage').set('Cookie', agent.cookie);
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('<meta name="user-role" content="agent">');
  });

  it('serves the script and stylesheet without a session', async () => {
    // The modules' versioned folder, as a signed-in user's page names it; the files need no session.
    const page = await request(gw.app).get('/manage').set('Cookie', session.cookie);
    const entry = /src="(\/manage\/assets\/[0-9a-f]+\/panel\/)main\.js"/.exec(page.text);
    expect(entry).not.toBeNull();
    const js = await request(gw.app).get(`${entry![1]}api.js`);
    expect(js.status).toBe(200);
    expect(js.type).toMatch(/javascript/);
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.text).toContain("'X-CSRF-Token': csrfToken");
    expect(js.text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|eval\(/);
    const css = await request(gw.app).get('/manage/assets/panel.css');
    expect(css.status).toBe(200);
    expect(css.type).toBe('text/css');
  });

  it('answers an unknown asset with 404 and never lists the folder', async () => {
    expect((await request(gw.app).get('/manage/assets/nope.js')).status).toBe(404);
    expect((await request(gw.app).get('/manage/assets/')).status).toBe(404);
    expect((await request(gw.app).get('/manage/assets/..%2f..%2fpackage.json')).status).toBe(404);
  });

  it('styles the sign-in page with the same stylesheet, under a CSP without inline styles', async () => {
    const res = await request(gw.app).get('/manage/login');
    expect(res.text).toContain('<link rel="stylesheet" href="/manage/assets/panel.css">');
    expect(String(res.headers['content-security-policy'])).toContain("style-src 'self'");
    expect(res.text).not.toContain('<style');
  });
});
