import crypto from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, stopGently, waitReady } from '../helpers/gateway-process.js';
import { freePort } from '../helpers/redis-server.js';
import { copyTemplateDatabase, type CopiedDatabase } from '../helpers/test-db.js';
import { AUTH_TOKEN, eventually } from '../helpers/test-gateway.js';
import { fixture, sid, twilioSignature } from '../helpers/twilio-signing.js';

const ADMIN = 'settings-test-admin-token-0123456789';
const TEAM_NUMBER = '+14155550177';

// A manager's change, once saved and answered by one web process, is what the very next decision
// uses in every other process: here a second web process (TwiML) and a worker (replies), all on
// one PostgreSQL and Redis. Without the config version, the worker's and the web's caches kept
// the old settings for their TTL.
describe('settings saved in one process apply at once in the others', () => {
  let database: CopiedDatabase;
  let sql: pg.Client;
  const processes: ChildProcess[] = [];
  let webA: string;
  let webB: string;
  let teamId: string;
  const auth = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };

  beforeAll(async () => {
    database = await copyTemplateDatabase();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const env = {
      DATABASE_URL: database.url,
      QUEUE_PREFIX: `s${crypto.randomBytes(5).toString('hex')}`,
      ADMIN_TOKEN: ADMIN,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      OUTBOUND: 'sandbox',
      DEMO_TEAM: 'off',
      SHUTDOWN_TIMEOUT_MS: '3000',
    };
    const [portA, portB] = [await freePort(), await freePort()];
    webA = `http://127.0.0.1:${portA}`;
    webB = `http://127.0.0.1:${portB}`;
    processes.push(startGatewayProcess('web', { ...env, PORT: String(portA) }));
    processes.push(startGatewayProcess('web', { ...env, PORT: String(portB) }));
    processes.push(startGatewayProcess('worker', env));
    await Promise.all([waitReady(webA), waitReady(webB)]);
    const team = await api(webA, 'POST', '/api/teams', {
      name: 'Night',
      companyName: 'Acme',
      timezone: 'UTC',
      numbers: [TEAM_NUMBER],
    });
    teamId = (team as { id: string }).id;
    await api(webA, 'PUT', `/api/teams/${teamId}/schedule`, { timezone: 'UTC', weekly: {}, exceptions: [] }); // always closed
  }, 60_000);

  afterAll(async () => {
    const codes = await Promise.all(processes.map((p) => stopGently(p)));
    await sql?.end();
    await database?.drop();
    expect(codes).toEqual([0, 0, 0]);
  });

  async function api(base: string, method: string, path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${base}${path}`, { method, headers: auth, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async function post(base: string, path: string, params: Record<string, string>): Promise<Response> {
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${base}${path}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  /** Texts the team through web B and answers the worker's decision on after_hours_text. */
  async function textAndDecision(from: string): Promise<{ action: string; reason: string }> {
    expect(
      (await post(webB, '/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from, To: TEAM_NUMBER })))
        .status,
    ).toBe(200);
    const row = await eventually(async () => {
      const { rows } = await sql.query<{
        status: string;
        decision: { autoReplies: Array<{ action: string; reason: string }> };
      }>(`SELECT status, decision FROM webhook_events WHERE type = 'message.inbound' AND params->>'From' = $1`, [from]);
      return rows[0]?.status === 'processed' ? rows[0] : null;
    }, 20_000);
    const [reply] = row.decision.autoReplies;
    return { action: reply!.action, reason: reply!.reason };
  }

  it('switches the after-hours reply off and on again, each time for the very next text', async () => {
    // Warm every cache first: the worker has decided for this team once already.
    expect((await textAndDecision('+12125550500')).action).toBe('send');
    const seen: string[] = [];
    for (let i = 1; i <= 6; i += 1) {
      const enabled = i % 2 === 0;
      await api(webA, 'PUT', `/api/teams/${teamId}/auto-replies/after_hours_text`, { enabled });
      const decision = await textAndDecision(`+1212555050${i}`);
      seen.push(`${enabled ? 'on' : 'off'}→${decision.action}`);
    }
    expect(seen).toEqual(['off→skip', 'on→send', 'off→skip', 'on→send', 'off→skip', 'on→send']);
  }, 90_000);

  it('answers the next call on the other web process with the greeting just saved', async () => {
    const call = async (text: string) => {
      const res = await post(webB, '/twilio/voice', fixture('voice-incoming', { CallSid: sid('CA'), To: TEAM_NUMBER }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(text);
    };
    await api(webA, 'PATCH', `/api/teams/${teamId}`, {
      voice: { afterHoursGreeting: { text: 'We are closed, first version.' } },
    });
    await call('We are closed, first version.');
    await api(webA, 'PATCH', `/api/teams/${teamId}`, {
      voice: { afterHoursGreeting: { text: 'We are closed, second version.' } },
    });
    await call('We are closed, second version.');
  }, 60_000);
});
