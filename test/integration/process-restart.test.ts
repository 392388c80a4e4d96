import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplateDatabase, type CopiedDatabase } from '../helpers/test-db.js';
import { AUTH_TOKEN, eventually } from '../helpers/test-gateway.js';
import { killHard, startGatewayProcess as startGateway, stopGently, waitReady } from '../helpers/gateway-process.js';
import { freePort } from '../helpers/redis-server.js';
import { fixture, sid, twilioSignature } from '../helpers/twilio-signing.js';

const ADMIN = 'restart-test-admin-token-0123456789';

describe('a gateway process killed right after answering 200', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-restart-'));
  const queuePrefix = `r${crypto.randomBytes(6).toString('hex')}`;
  // On PostgreSQL the processes get a database of this file's own (embedded: DATA_DIR).
  let database: CopiedDatabase | null = null;
  beforeAll(async () => {
    if (process.env.DATABASE_URL) database = await copyTemplateDatabase();
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('processes every accepted event after the restart, each exactly once', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      QUEUE_PREFIX: queuePrefix,
      ADMIN_TOKEN: ADMIN,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      OUTBOUND: 'sandbox',
      DEMO_TEAM: 'off',
      SHUTDOWN_TIMEOUT_MS: '3000',
    };
    const auth = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };

    // A web process only: it stores and answers, and nothing processes.
    const web = startGateway('web', env);
    await waitReady(base);
    const team = (await (
      await fetch(`${base}/api/teams`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'Night', companyName: 'Acme', timezone: 'UTC', numbers: ['+15005550006'] }),
      })
    ).json()) as { id: string };
    await fetch(`${base}/api/teams/${team.id}/schedule`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ timezone: 'UTC', weekly: {}, exceptions: [] }),
    });
    const froms = Array.from({ length: 10 }, (_, i) => `+1212555040${i}`);
    for (const From of froms) {
      const params = fixture('sms-inbound', { MessageSid: sid(), From });
      const res = await fetch(`${base}/twilio/messages`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${base}/twilio/messages`, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(200);
    }
    // Calls too: the web process answers their TwiML; their hang-ups wait for a worker.
    const callers = Array.from({ length: 5 }, (_, i) => `+1212555041${i}`);
    for (const From of callers) {
      const base_ = { CallSid: sid('CA'), From, Caller: From };
      for (const [path_, name] of [
        ['/twilio/voice', 'voice-incoming'],
        ['/twilio/voice/status', 'voice-status-completed-short'],
      ] as const) {
        const params = fixture(name, base_);
        const res = await fetch(`${base}${path_}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${base}${path_}`, params),
          },
          body: new URLSearchParams(params).toString(),
        });
        expect(res.status).toBe(path_ === '/twilio/voice' ? 200 : 204);
      }
    }
    await killHard(web);

    const all = startGateway('all', env);
    try {
      await waitReady(base);
      const replies = await eventually(async () => {
        const list = (await (
          await fetch(`${base}/api/teams/${team.id}/messages?direction=outbound`, { headers: auth })
        ).json()) as Array<{ to: string; kind: string; status: string }>;
        return list.length >= froms.length + callers.length && list.every((m) => m.status === 'sent') ? list : null;
      }, 30_000);
      expect(
        replies
          .filter((m) => m.kind === 'after_hours_text')
          .map((m) => m.to)
          .sort(),
      ).toEqual([...froms].sort());
      expect(
        replies
          .filter((m) => m.kind === 'after_hours_call')
          .map((m) => m.to)
          .sort(),
      ).toEqual([...callers].sort());
      expect(replies).toHaveLength(froms.length + callers.length);
    } finally {
      expect(await stopGently(all)).toBe(0);
    }
  }, 180_000);
});
