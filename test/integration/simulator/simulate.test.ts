import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopGently, waitReady } from '../../helpers/gateway-process.js';
import { freePort } from '../../helpers/redis-server.js';
import { copyTemplateDatabase, type CopiedDatabase } from '../../helpers/test-db.js';
import { eventually } from '../../helpers/test-gateway.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const ADMIN = 'simulator-test-admin-token-0123456789';
const CLOSED_NUMBER = '+15005550100';
const MENU_NUMBER = '+15005550101';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Nothing of the developer's Twilio or gateway settings leaks into the gateway or the simulator.
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'TWILIO_AUTH_TOKEN',
    'TWILIO_ACCOUNT_SID',
    'PUBLIC_URL',
    'ADMIN_TOKEN',
    'OUTBOUND',
    'PORT',
    'HOST',
  ]) {
    delete env[name];
  }
  return env;
}

/** `npx tsx tools/simulator/simulate.ts …` (through `npm run simulate` when `viaNpm`), as a user runs it. */
function simulate(args: readonly string[], env: NodeJS.ProcessEnv, input?: string, viaNpm = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = viaNpm
      ? ['npm', ['run', '--silent', 'simulate', '--', ...args]]
      : [process.execPath, ['--import', 'tsx', 'tools/simulator/simulate.ts', ...args]];
    const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('npm run simulate against a real gateway in sandbox mode', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-simulate-'));
  let database: CopiedDatabase | null = null;
  let gateway: ChildProcess | null = null;
  let banner = '';
  let base = '';
  let simEnv: NodeJS.ProcessEnv = {};
  const api = (pathname: string, method = 'GET', body?: unknown) =>
    fetch(`${base}${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    // On PostgreSQL the gateway gets a database of this file's own; REDIS_URL, when set, is inherited.
    if (process.env.DATABASE_URL) database = await copyTemplateDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The quick start's gateway: no Twilio credentials, so sandbox outbound and a local signing token.
    gateway = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'all'], {
      cwd: ROOT,
      env: {
        ...cleanEnv(),
        PORT: String(port),
        DATA_DIR: dataDir,
        ...(database ? { DATABASE_URL: database.url } : {}),
        QUEUE_PREFIX: `sim${crypto.randomBytes(6).toString('hex')}`,
        ADMIN_TOKEN: ADMIN,
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: '3000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    gateway.stdout!.on('data', (chunk: Buffer) => (banner += chunk.toString('utf8')));
    await waitReady(base);
    const signingToken = await eventually(
      async () => /Sandbox webhook signing token \(no TWILIO_AUTH_TOKEN set\): (\S+)/.exec(banner)?.[1],
    );
    // The simulator finds the gateway at its default PUBLIC_URL from PORT, as a shell that started it would.
    simEnv = { ...cleanEnv(), PORT: String(port), ADMIN_TOKEN: ADMIN, TWILIO_AUTH_TOKEN: signingToken };

    const closed = (await (
      await api('/api/teams', 'POST', {
        name: 'Night desk',
        companyName: 'Acme',
        timezone: 'Europe/Warsaw',
        locale: 'en',
        numbers: [CLOSED_NUMBER],
      })
    ).json()) as { id: string };
    expect(
      (await api(`/api/teams/${closed.id}/schedule`, 'PUT', { timezone: 'Europe/Warsaw', weekly: {}, exceptions: [] }))
        .status,
    ).toBe(200);

    const allDay = [['00:00', '24:00']];
    const open = (await (
      await api('/api/teams', 'POST', {
        name: 'Front desk',
        companyName: 'Acme',
        timezone: 'UTC',
        locale: 'en',
        numbers: [MENU_NUMBER],
      })
    ).json()) as { id: string };
    const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]));
    expect(
      (await api(`/api/teams/${open.id}/schedule`, 'PUT', { timezone: 'UTC', weekly, exceptions: [] })).status,
    ).toBe(200);
    const menu = {
      prompt: { text: null, audioUrl: null },
      timeoutSeconds: 5,
      options: [
        { digit: '1', label: 'sales', action: 'agents', agents: ['+12125550999'] },
        { digit: '2', label: 'a message', action: 'voicemail' },
      ],
    };
    expect((await api(`/api/teams/${open.id}`, 'PATCH', { voice: { menu } })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    if (gateway) expect(await stopGently(gateway)).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }, 30_000);

  it('an after-hours SMS: prints the TwiML, the decision and the sandbox reply', async () => {
    const run = await simulate(
      ['sms', '--from', '+12125550301', '--to', CLOSED_NUMBER, 'Hello, are you open?'],
      simEnv,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`SMS +12125550301 → ${CLOSED_NUMBER}: "Hello, are you open?"`);
    expect(run.stdout).toContain('team: Night desk');
    expect(run.stdout).toMatch(/POST \/twilio\/messages \(MessageSid=SM[0-9a-f]{32}\) → 200/);
    expect(run.stdout).toContain('TwiML: <?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(run.stdout).toMatch(/Decisions:\n {2}send {2}after_hours_text +sent/);
    expect(run.stdout).toContain(`sms ${CLOSED_NUMBER} → +12125550301  after_hours_text  [sent]`);
    expect(run.stdout).toMatch(/"Acme: Thanks for your message! We're closed right now/);

    // What it printed is what the gateway recorded: one reply, sent in the sandbox.
    const teams = (await (await api('/api/teams')).json()) as Array<{ id: string; numbers: string[] }>;
    const team = teams.find((t) => t.numbers.includes(CLOSED_NUMBER))!;
    const replies = (await (
      await api(`/api/teams/${team.id}/messages?direction=outbound&to=%2B12125550301`)
    ).json()) as Array<{
      kind: string;
      status: string;
    }>;
    expect(replies.map((m) => [m.kind, m.status])).toEqual([['after_hours_text', 'sent']]);
  }, 60_000);

  it('a WhatsApp text with --json: the whatsapp: addresses, the profile name, the reply on WhatsApp', async () => {
    const run = await simulate(
      ['whatsapp', '--json', '--name', 'Ola', '--from', '+12125550302', '--to', CLOSED_NUMBER, 'Hola'],
      simEnv,
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      webhooks: Array<{ path: string; status: number; params: Record<string, string>; twiml: string }>;
      decisions: Array<{ kind: string; action: string; reason: string }>;
      replies: Array<{ channel: string; kind: string; status: string; to: string }>;
    };
    expect(out.webhooks).toHaveLength(1);
    expect(out.webhooks[0]!.params).toMatchObject({
      From: 'whatsapp:+12125550302',
      To: `whatsapp:${CLOSED_NUMBER}`,
      Body: 'Hola',
      NumMedia: '0',
      ProfileName: 'Ola',
      WaId: '12125550302',
    });
    expect(out.webhooks[0]!.params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(out.webhooks[0]!.twiml).toContain('<Response/>');
    expect(out.decisions).toEqual([
      expect.objectContaining({ kind: 'after_hours_text', action: 'send', reason: 'sent' }),
    ]);
    expect(out.replies).toEqual([
      expect.objectContaining({ channel: 'whatsapp', kind: 'after_hours_text', status: 'sent', to: '+12125550302' }),
    ]);
  }, 60_000);

  it('a call after hours: the TwiML steps as Twilio follows them, the final status, and the after-hours reply', async () => {
    const run = await simulate(['call', '--from', '+12125550303', '--to', CLOSED_NUMBER], simEnv);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('POST /twilio/voice (CallStatus=ringing) → 200');
    expect(out).toMatch(
      /TwiML: .*<Say voice="alice" language="en-US">Thank you for calling Acme\. We are closed right now/,
    );
    expect(out).toMatch(/POST \/twilio\/voice\/next\?call=[0-9a-f-]+&s=1 \(CallStatus=in-progress\) → 200/);
    expect(out).toMatch(/TwiML: .*<Record /);
    expect(out).toMatch(
      /POST \/twilio\/voice\/record\?call=[0-9a-f-]+&s=\d \(CallStatus=completed, Digits=hangup\) → 200/,
    );
    expect(out).toMatch(/POST \/twilio\/voice\/recording\?call=[0-9a-f-]+&s=\d \(RecordingStatus=absent\) → 204/);
    expect(out).toContain('the caller hung up at the beep without leaving a message');
    expect(out).toContain('POST /twilio/voice/status (CallStatus=no-answer) → 204');
    expect(out).toMatch(/send {2}after_hours_call +sent/);
    expect(out).toContain(`sms ${CLOSED_NUMBER} → +12125550303  after_hours_call  [sent]`);
  }, 60_000);

  it('a call with --digits follows the <Gather> action with the key, and a missed call gets its reply', async () => {
    const run = await simulate(
      ['call', '--digits', '2', '--status', 'completed', '--from', '+12125550304', '--to', MENU_NUMBER],
      simEnv,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/<Gather [^>]*action="http:\/\/127\.0\.0\.1:\d+\/twilio\/voice\/menu\?call=/);
    expect(run.stdout).toMatch(
      /POST \/twilio\/voice\/menu\?call=[0-9a-f-]+&s=\d \(CallStatus=in-progress, Digits=2\) → 200/,
    );
    expect(run.stdout).toContain('Please leave a message after the tone.');
    expect(run.stdout).toContain('POST /twilio/voice/status (CallStatus=completed) → 204');
    expect(run.stdout).toMatch(/send {2}missed_call +sent/);

    // Without keys the caller leaves at the menu.
    const silent = await simulate(['call', '--from', '+12125550305', '--to', MENU_NUMBER], simEnv);
    expect(silent.code).toBe(0);
    expect(silent.stdout).toContain('the caller hung up at the menu (no --digits left)');
    expect(silent.stdout).toMatch(/send {2}missed_call +sent/);
  }, 60_000);

  it('--interactive holds a conversation: each line is the next text, replies print as they come, /quit ends', async () => {
    const run = await simulate(
      ['sms', '--interactive', '--from', '+12125550306', '--to', CLOSED_NUMBER],
      simEnv,
      'Hi\nStill there?\n/quit\nnot sent\n',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at('you> Hi')).toBeGreaterThan(-1);
    expect(at("← Acme: Thanks for your message! We're closed")).toBeGreaterThan(at('you> Hi'));
    expect(at('· skip after_hours_text: already_sent_in_window')).toBeGreaterThan(at('you> Still there?'));
    expect(run.stdout).not.toContain('not sent');
    const team = ((await (await api('/api/teams')).json()) as Array<{ id: string; numbers: string[] }>).find((t) =>
      t.numbers.includes(CLOSED_NUMBER),
    )!;
    const inbound = (await (await api(`/api/teams/${team.id}/decisions?customer=%2B12125550306`)).json()) as unknown[];
    expect(inbound).toHaveLength(2); // two texts before /quit, none after
  }, 60_000);

  it('--interactive shows what an agent sends while the customer is typing', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tools/simulator/simulate.ts',
        'sms',
        '--interactive',
        '--from',
        '+12125550309',
        '--to',
        CLOSED_NUMBER,
      ],
      { cwd: ROOT, env: simEnv, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      child.stdin.write('Hello?\n');
      await eventually(async () => stdout.includes('← Acme: Thanks for your message!'), 20_000);
      const team = ((await (await api('/api/teams')).json()) as Array<{ id: string; numbers: string[] }>).find((t) =>
        t.numbers.includes(CLOSED_NUMBER),
      )!;
      const sent = await api(`/api/teams/${team.id}/messages`, 'POST', {
        to: '+12125550309',
        channel: 'sms',
        body: 'Hi, this is Ana from Acme.',
      });
      expect(sent.status).toBe(202);
      await eventually(async () => stdout.includes('← Hi, this is Ana from Acme.  [message, sms, sent]'), 20_000);
      child.stdin.end('/quit\n');
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  }, 60_000);

  it('a wrong signing token: exit 1, saying the auth token differs from the gateway', async () => {
    const run = await simulate(
      ['sms', '--auth-token', 'not-the-token', '--from', '+12125550307', '--to', CLOSED_NUMBER, 'Hi'],
      simEnv,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "the gateway refused the signature (403 on /twilio/messages): the auth token differs from the gateway's",
    );
  }, 60_000);

  it('a number no team owns: exit 1, naming it, before anything is posted', async () => {
    const run = await simulate(['sms', '--from', '+12125550308', '--to', '+15005550199', 'Hi'], simEnv);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no team owns +15005550199');
  }, 60_000);
});

describe('npm run simulate without a gateway', () => {
  it.each([
    [[], 'name what to simulate'],
    [['fax', '--from', '+12125550123', '--to', '+15005550100'], 'unknown channel "fax"'],
    [['sms', '--to', '+15005550100', 'Hi'], '--from is required'],
    [['sms', '--from', '+12125550123', 'Hi'], '--to is required'],
    [['sms', '--from', '12125550123', '--to', '+15005550100', 'Hi'], 'is not a phone number in E.164 form'],
    [['sms', '--from', '+12125550123', '--to', '+15005550100'], 'sms needs the message text'],
    [['call', '--from', '+12125550123', '--to', '+15005550100', 'Hi'], 'a call takes no text'],
    [['call', '--status', 'ringing', '--from', '+12125550123', '--to', '+15005550100'], '--status must be one of'],
    [['sms', '--bogus', '--from', '+12125550123', '--to', '+15005550100', 'Hi'], "Unknown option '--bogus'"],
  ])(
    '%j: usage and exit 2',
    async (args, message) => {
      const run = await simulate(args, { ...cleanEnv(), TWILIO_AUTH_TOKEN: 'x' }, undefined, args.length === 0);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('Usage: npm run simulate -- <sms|whatsapp|call>');
      expect(run.stdout).toBe('');
    },
    30_000,
  );

  it('no signing token at all: exit 2, saying where to find one', async () => {
    const run = await simulate(['sms', '--from', '+12125550123', '--to', '+15005550100', 'Hi'], cleanEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Sandbox webhook signing token');
  }, 30_000);

  it('a gateway that is not running: exit 1 with a clear message', async () => {
    const port = await freePort();
    const run = await simulate(
      ['sms', '--url', `http://127.0.0.1:${port}`, '--from', '+12125550123', '--to', '+15005550100', 'Hi'],
      { ...cleanEnv(), TWILIO_AUTH_TOKEN: 'x', ADMIN_TOKEN: ADMIN },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach the gateway at http://127.0.0.1:${port}`);
    expect(run.stderr).toContain('is it running?');
  }, 30_000);

  it('--help prints the usage and exits 0', async () => {
    const run = await simulate(['--help'], cleanEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--interactive');
  }, 30_000);
});
