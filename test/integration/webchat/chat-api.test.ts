import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway } from '../../helpers/panel-browser.js';
import { createUser, signIn } from '../../helpers/panel-session.js';
import { eventually, startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

const SHOP = 'https://shop.example.com';

interface ChatMessage {
  id: string;
  direction: string;
  author: string;
  body: string;
  readAt: string | null;
}

describe('the web chat: /chat endpoints, tokens, origins and the stream', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let teamId: string;
  let otherTeam: string;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-30T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    served = await serveGateway(gw);
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    for (const team of [teamId, otherTeam])
      await gw
        .api('patch', `/api/teams/${team}`)
        .send({ webChat: { enabled: true, allowedOrigins: [SHOP] } })
        .expect(200);
  });
  afterAll(async () => {
    await served.close();
    await gw.close();
  });

  const chat = (method: 'get' | 'post' | 'options', path: string, origin: string | null = SHOP) => {
    // No API token: a browser on the customer's site sends none.
    const req = method === 'options' ? request(gw.app).options(path) : gw.api(method, path, '');
    return origin ? req.set('Origin', origin) : req;
  };
  async function visitor(team = teamId, token?: string) {
    return (
      await chat('post', `/chat/${team}/visitors`)
        .send(token ? { token } : {})
        .expect(200)
    ).body as {
      token: string;
      visitorId: string;
      agentsAvailable: boolean;
      locale: string;
      history: ChatMessage[];
    };
  }
  async function ticketOf(visitorId: string) {
    const customer = encodeURIComponent(`web:${visitorId}`);
    return eventually(async () => {
      const list = (await gw.api('get', `/api/teams/${teamId}/tickets?customer=${customer}`).expect(200))
        .body as Array<{
        id: string;
        channel: string;
        online: boolean;
      }>;
      return list[0];
    });
  }

  it('refuses an allowed origin that is not an origin, naming it', async () => {
    const res = await gw
      .api('patch', `/api/teams/${teamId}`)
      .send({ webChat: { allowedOrigins: [SHOP, 'https://shop.example.com/checkout'] } })
      .expect(422);
    expect(res.body.error.field).toBe('webChat.allowedOrigins.1');
    expect(res.body.error.message).toContain('no path');
  });

  it('answers only the origins the team allowed, and preflights for them', async () => {
    const pre = await chat('options', `/chat/${teamId}/messages`)
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);
    expect(pre.headers['access-control-allow-origin']).toBe(SHOP);
    expect(pre.headers['access-control-allow-headers']).toContain('Authorization');
    const refused = await chat('post', `/chat/${teamId}/visitors`, 'https://evil.example.com').send({}).expect(403);
    expect(refused.body.error.code).toBe('origin_not_allowed');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    await chat('post', `/chat/${teamId}/visitors`, null).send({}).expect(403);
    const off = await gw.createTeam({ numbers: [gw.freshNumber()] });
    expect((await chat('post', `/chat/${off}/visitors`).send({}).expect(403)).body.error.code).toBe('chat_not_enabled');
    expect((await gw.api('get', '/widget.js', '').expect(200)).text).toContain('SwitchboardWidget');
  });

  it('a visitor writes: stored once per clientId, threaded on a web ticket, in the history of the same token', async () => {
    const v = await visitor();
    expect(v).toMatchObject({ agentsAvailable: false, locale: 'en', history: [] });
    const sent = await chat('post', `/chat/${teamId}/messages`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ body: 'Hi <b>there</b>', clientId: 'c-1' })
      .expect(202);
    const again = await chat('post', `/chat/${teamId}/messages`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ body: 'Hi <b>there</b>', clientId: 'c-1' })
      .expect(202);
    expect(again.body.id).toBe(sent.body.id);
    const ticket = await ticketOf(v.visitorId);
    expect(ticket.channel).toBe('web');
    const back = await visitor(teamId, v.token);
    expect(back.token).toBe(v.token);
    expect(back.history).toEqual([
      expect.objectContaining({ id: sent.body.id, direction: 'inbound', author: 'customer', body: 'Hi <b>there</b>' }),
    ]);
  });

  it('refuses forged and other teams’ tokens, long and empty messages, and more than 20 a minute', async () => {
    const v = await visitor();
    const post = (token: string, body: string, clientId: string) =>
      chat('post', `/chat/${teamId}/messages`).set('Authorization', `Bearer ${token}`).send({ body, clientId });
    await post(`${v.token}x`, 'hi', 'f-1').expect(401);
    const theirs = await visitor(otherTeam);
    expect((await post(theirs.token, 'hi', 'f-2').expect(401)).body.error.code).toBe('unauthorized');
    // Another team's token opens a new visitor here, never theirs.
    expect((await visitor(teamId, theirs.token)).visitorId).not.toBe(theirs.visitorId);
    expect((await post(v.token, 'x'.repeat(4_001), 'f-3').expect(413)).body.error.code).toBe('message_too_long');
    expect((await post(v.token, '   ', 'f-4').expect(422)).body.error.code).toBe('empty_message');
    for (let i = 0; i < 20; i += 1) await post(v.token, `message ${i}`, `r-${i}`).expect(202);
    const limited = await post(v.token, 'one too many', 'r-20').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['access-control-expose-headers']).toContain('Retry-After');
    // A repeat of a stored message is answered, not counted again.
    await post(v.token, 'message 3', 'r-3').expect(202);
    const stored = await gw.testDb
      .db('webhook_events')
      .where({ provider: 'webchat', team_id: teamId })
      .whereRaw(`parsed->>'from' = ?`, [`web:${v.visitorId}`]);
    expect(stored).toHaveLength(20);
  });

  it('an agent’s reply reaches the widget’s stream live; shown on a visible page, it is read', async () => {
    const v = await visitor();
    await chat('post', `/chat/${teamId}/messages`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ body: 'Where is my order?', clientId: 'o-1' })
      .expect(202);
    const ticket = await ticketOf(v.visitorId);
    const controller = new AbortController();
    const res = await fetch(`${served.baseUrl}/chat/${teamId}/stream?token=${encodeURIComponent(v.token)}`, {
      headers: { Origin: SHOP },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let buffer = '';
    const nextEvent = async (type: string): Promise<unknown> => {
      for (;;) {
        const match = new RegExp(`event: ${type}\\ndata: (.*)\\n\\n`).exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return JSON.parse(match[1]!) as unknown;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += new TextDecoder().decode(value as Uint8Array);
      }
    };
    expect(await nextEvent('availability')).toEqual({ agentsAvailable: false });
    const email = `web-agent-${Math.random().toString(36).slice(2)}@example.com`;
    await createUser(gw, teamId, email, 'agent');
    const agent = await signIn(gw, email);
    await agent
      .api('post', `/api/teams/${teamId}/tickets/${ticket.id}/messages`)
      .send({ body: 'It ships today <script>x</script>' })
      .expect(202);
    const reply = (await nextEvent('message')) as ChatMessage;
    expect(reply).toMatchObject({ direction: 'outbound', author: 'agent', body: 'It ships today <script>x</script>' });
    controller.abort();
    await chat('post', `/chat/${teamId}/read`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ ids: [reply.id] })
      .expect(204);
    const thread = (await agent.api('get', `/api/teams/${teamId}/tickets/${ticket.id}/messages`).expect(200))
      .body as Array<{ id: string; readAt: string | null; channel: string }>;
    expect(thread.find((m) => m.id === reply.id)).toMatchObject({ channel: 'web', readAt: expect.any(String) });
    // Someone is signed in now, and the team is open: agents are available.
    expect((await visitor(teamId, v.token)).agentsAvailable).toBe(true);
  });

  it('presence: the ticket is online while the widget is open or hidden, not once closed', async () => {
    const v = await visitor();
    await chat('post', `/chat/${teamId}/messages`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ body: 'hello', clientId: 'p-1' })
      .expect(202);
    const ticket = await ticketOf(v.visitorId);
    const online = async () =>
      ((await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`).expect(200)).body as { online: boolean })
        .online;
    // sendBeacon's text/plain body
    await chat('post', `/chat/${teamId}/presence`)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ token: v.token, state: 'open' }))
      .expect(204);
    expect(await online()).toBe(true);
    await chat('post', `/chat/${teamId}/presence`).send({ token: v.token, state: 'hidden' }).expect(204);
    expect(await online()).toBe(true);
    await chat('post', `/chat/${teamId}/presence`).send({ token: v.token, state: 'closed' }).expect(204);
    expect(await online()).toBe(false);
    await chat('post', `/chat/${teamId}/presence`).send({ token: v.token, state: 'asleep' }).expect(422);
    await chat('post', `/chat/${teamId}/presence`).send({ token: 'forged', state: 'open' }).expect(401);
  });

  it('the offline form: a bad email names the field; a good one makes a lead and starts the chat', async () => {
    const v = await visitor();
    const bad = await chat('post', `/chat/${teamId}/offline`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ name: 'Ada', email: 'ada-at-example', message: 'Call me' })
      .expect(422);
    expect(bad.body.error.field).toBe('email');
    await chat('post', `/chat/${teamId}/offline`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ name: 'Ada', email: 'ada@example.com', message: 'Call me about the invoice' })
      .expect(202);
    const ticket = await ticketOf(v.visitorId);
    const view = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`).expect(200)).body as {
      contact: { name: string; email: string; leadSource: string };
    };
    expect(view.contact).toMatchObject({ name: 'Ada', email: 'ada@example.com', leadSource: 'web_chat:offline_form' });
    expect((await visitor(teamId, v.token)).history.map((m) => m.body)).toEqual(['Call me about the invoice']);
  });

  it('after hours, the after-hours conversation answers in the chat when it is on for web', async () => {
    const closed = await gw.createTeam({ numbers: [gw.freshNumber()] });
    await gw
      .api('patch', `/api/teams/${closed}`)
      .send({ webChat: { enabled: true, allowedOrigins: [SHOP] } })
      .expect(200);
    await gw
      .api('put', `/api/teams/${closed}/after-hours-flow`)
      .send({ enabled: true, channels: ['web'], paths: { message: true, callback: false, urgent: false, faq: false } })
      .expect(200);
    const v = await visitor(closed);
    await chat('post', `/chat/${closed}/messages`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ body: 'anyone there?', clientId: 'ah-1' })
      .expect(202);
    const history = await eventually(async () => {
      const h = (await visitor(closed, v.token)).history;
      return h.length >= 3 ? h : null;
    });
    // (The test's clock is not the wall clock the message's arrival is stamped with: compare as a set.)
    expect(history).toHaveLength(3);
    expect(history.map((m) => [m.author, m.body.split('\n')[0]])).toEqual(
      expect.arrayContaining([
        ['customer', 'anyone there?'],
        ['automation', expect.stringMatching(/^Thanks for writing to Acme/)],
        ['automation', 'How can we help?'],
      ]),
    );
  });
});
