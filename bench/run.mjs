#!/usr/bin/env node
// Switchboard benchmark harness — `npm run bench` (builds first) or `node bench/run.mjs`.
//
// Processes (all on 127.0.0.1):
//   harness (this file)   orchestrates, samples the gateway's memory/CPU, correlates latencies
//   bench/twilio-stub.mjs the Twilio REST API stub; records each Messages.json POST (To, arrival time)
//   bench/baseline-server.mjs a bare Express 5 app with the same form parser (throughput reference)
//   dist/src/main.js all  the gateway under test (web + worker), fresh Postgres schema + queue prefix
//   bench/load.mjs        the load generator (autocannon, a paced open-loop sender, or open-loop
//                         voice calls that follow the TwiML), one per run
//
// Options: --quick (shorter phases, for trying the harness), --phases=id,id or env BENCH_PHASES=id,id
// (run a subset, e.g. `BENCH_PHASES=call-lifecycle npm run bench`; the `smoke` and `warmup` phases
// always run). Env: DATABASE_URL, REDIS_URL (defaults below), BENCH_WORKER_CONCURRENCY,
// BENCH_GATEWAY_NODE_ARGS (extra node flags for the gateway, e.g. --cpu-prof), BENCH_CALL_RATE
// (calls/s of the call-lifecycle phase, default 40).
// Exit status: non-zero only when the harness itself fails; missed targets print MISS.
import { fork, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { BENCH_DIR, ROOT_DIR, nowMs, summarize } from './lib.mjs';

// ───────────────────────────── configuration ─────────────────────────────
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick') || process.env.BENCH_QUICK === '1';
const phasesOption = [...args].find((a) => a.startsWith('--phases='))?.slice('--phases='.length) ?? process.env.BENCH_PHASES ?? null;
const onlyPhases = phasesOption ? phasesOption.split(',').map((id) => id.trim()).filter(Boolean) : null;
const scale = QUICK ? 0.3 : 1;
const secs = (s) => Math.max(2, Math.round(s * scale));

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const STAMP = new Date().toISOString().replace(/\D/g, '').slice(0, 14) + crypto.randomBytes(2).toString('hex');
const SCHEMA = `bench_${STAMP}`;
const QUEUE_PREFIX = `bench${STAMP}`;
const ADMIN_TOKEN = 'bench-admin-' + crypto.randomBytes(16).toString('hex');
const ACCOUNT_SID = 'AC' + crypto.randomBytes(16).toString('hex');
const AUTH_TOKEN = crypto.randomBytes(16).toString('hex');
const TEAM_NUMBER = '+15005550006';
const VOICE_NUMBER = '+15005550009'; // the call-lifecycle phase's own team: open 24/7, unlike TEAM_NUMBER's
const CALL_RATE = Number(process.env.BENCH_CALL_RATE || 40);
// What Twilio waits between a call's requests while it plays the TwiML: the greeting, then about
// 2 s of the voicemail prompt before the caller hangs up (CallDuration=4).
const CALL_GAPS_MS = [2000, 2000];
const WEBHOOK_PATH = '/twilio/messages';
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY || '16';
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const GATEWAY_LOG = path.join(RESULTS_DIR, 'gateway-latest.log');
const GATEWAY_MAIN = path.join(ROOT_DIR, 'dist/src/main.js');
// The heap cap of package.json's start script (`--max-old-space-size=${SWITCHBOARD_HEAP_MB:-160}`),
// so the benchmark runs the gateway as users run it.
const START_HEAP_MB = process.env.SWITCHBOARD_HEAP_MB
  ?? JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')).scripts.start.match(/max-old-space-size=\$\{\w+:-(\d+)\}/)?.[1];
const START_NODE_ARGS = START_HEAP_MB ? [`--max-old-space-size=${START_HEAP_MB}`] : [];

const TARGETS = {
  throughputRatio: 0.3, // gateway accepted req/s ÷ bare Express req/s, at least
  webhookP99Ms: 100, // fixed-rate phase, webhook answer p99, below
  restP99Ms: 100, // fixed-rate phase, webhook sent → REST call received p99, below
  peakRssMb: 250, // gateway VmHWM, below
  callTwimlP99Ms: 100, // call-lifecycle phase, TwiML answer p99 (incoming call and its redirect), below
  callSmsP99Ms: 500, // call-lifecycle phase, status callback sent → SMS REST call received p99, below
};

// ───────────────────────────── process bookkeeping ─────────────────────────────
const children = new Map(); // name → ChildProcess
let cleaningUp = null;
let dependenciesChecked = false;
let interrupted = null; // the signal that stopped the run, if any

function log(...parts) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${parts.join(' ')}\n`);
}

function track(name, child) {
  children.set(name, child);
  child.on('exit', () => {
    if (children.get(name) === child) children.delete(name);
  });
  return child;
}

function alive(child) {
  return child.exitCode === null && child.signalCode === null;
}

async function stopChild(name, child, graceMs) {
  if (!alive(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    child.kill('SIGTERM');
  } catch {}
  const timer = new Promise((r) => setTimeout(r, graceMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout' && alive(child)) {
    log(`${name} (pid ${child.pid}) did not stop within ${graceMs} ms; SIGKILL`);
    try {
      child.kill('SIGKILL');
    } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }
}

async function cleanup() {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    // The load generator first, then the gateway (graceful: it closes its pool and queue), then stubs.
    const order = ['load', 'gateway', 'baseline', 'stub'];
    for (const name of order) {
      const child = children.get(name);
      if (child) await stopChild(name, child, name === 'gateway' ? 8000 : 3000);
    }
    for (const [name, child] of children) await stopChild(name, child, 3000);
    if (!dependenciesChecked) return; // nothing was created
    await dropSchema().catch((err) => log(`could not drop schema ${SCHEMA}: ${err.message}`));
    await dropQueueKeys().catch((err) => log(`could not delete Redis keys ${QUEUE_PREFIX}:*: ${err.message}`));
  })();
  return cleaningUp;
}

// Last resort: never leave a child behind, even on an uncaught exit path.
process.on('exit', () => {
  for (const child of children.values()) {
    if (alive(child)) {
      try {
        child.kill('SIGKILL');
      } catch {}
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = signal;
    log(`${signal}: stopping children and cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

// ───────────────────────────── helpers ─────────────────────────────
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Forks a bench helper with IPC and waits for its `{ready, port}` message. */
async function forkHelper(name, file, env = {}) {
  const child = track(name, fork(path.join(BENCH_DIR, file), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 10 s`)), 10_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      m?.ready ? resolve(m.port) : reject(new Error(`${name}: unexpected first message ${JSON.stringify(m)}`));
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited during start-up (code ${code}, signal ${sig})`));
    });
  });
  return { child, port };
}

/** Request/response over the stub's IPC channel. */
function stubClient(child) {
  let seq = 0;
  const pending = new Map();
  child.on('message', (m) => {
    if (m && pending.has(m.id)) {
      pending.get(m.id)(m.result);
      pending.delete(m.id);
    }
  });
  const call = (cmd, extra = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`stub did not answer ${cmd}`));
      }, 10_000);
      pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      child.send({ id, cmd, ...extra });
    });
  return {
    stats: () => call('stats'),
    count: (prefix) => call('count', { prefix }),
    arrivals: (prefix) => call('arrivals', { prefix }),
    /** Per To starting with prefix: [to, first arrival ms, POST count, first From, first Body]. */
    deliveries: (prefix) => call('deliveries', { prefix }),
  };
}

async function httpJson(method, url, body, token = ADMIN_TOKEN) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  if (!res.ok) throw new Error(`${method} ${new URL(url).pathname} → ${res.status} ${text.slice(0, 500)}`);
  return json;
}

/** Runs bench/load.mjs with a config; resolves with its JSON result. */
function runLoad(config) {
  return new Promise((resolve, reject) => {
    const child = track('load', spawn(process.execPath, [path.join(BENCH_DIR, 'load.mjs')], {
      env: { ...process.env, BENCH_LOAD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const stderr = Buffer.concat(err).toString();
      if (code !== 0) return reject(new Error(`load generator exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
      try {
        const lines = Buffer.concat(out).toString().trim().split('\n');
        resolve(JSON.parse(lines[lines.length - 1]));
      } catch (e) {
        reject(new Error(`load generator printed no JSON result: ${e.message}; stderr: ${stderr.slice(-2000)}`));
      }
    });
  });
}

// ───────────────────────────── gateway process sampling ─────────────────────────────
const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat times are in these ticks

function readProcStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

function readCpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

class ProcSampler {
  constructor(pid, intervalMs = 100) {
    this.pid = pid;
    this.maxRssKb = 0;
    this.hwmKb = 0;
    this.windowMaxRssKb = 0;
    this.samples = 0;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }
  sample() {
    const s = readProcStatus(this.pid);
    if (!s) return;
    this.samples++;
    if (s.rssKb > this.maxRssKb) this.maxRssKb = s.rssKb;
    if (s.rssKb > this.windowMaxRssKb) this.windowMaxRssKb = s.rssKb;
    if (s.hwmKb > this.hwmKb) this.hwmKb = s.hwmKb;
  }
  /** Starts a measurement window; `end()` returns its CPU use and peak RSS. */
  window() {
    this.sample();
    this.windowMaxRssKb = readProcStatus(this.pid)?.rssKb ?? 0;
    const t0 = nowMs();
    const c0 = readCpuTicks(this.pid);
    return {
      end: () => {
        this.sample();
        const seconds = (nowMs() - t0) / 1000;
        const c1 = readCpuTicks(this.pid);
        return {
          cpuPercent: c0 === null || c1 === null ? null : Math.round(((c1 - c0) / CLK_TCK / seconds) * 1000) / 10,
          peakRssMb: mb(this.windowMaxRssKb),
        };
      },
    };
  }
  stop() {
    clearInterval(this.timer);
    this.sample();
  }
}

function readSystemCpu() {
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const v = fields.map(Number);
  const idle = v[3] + (v[4] || 0); // idle + iowait
  return { idle, total: v.reduce((a, b) => a + b, 0) };
}

/** Share of all CPUs busy over `ms` milliseconds, in percent. */
async function systemCpuBusy(ms) {
  try {
    const a = readSystemCpu();
    await sleep(ms);
    const b = readSystemCpu();
    return Math.round((1 - (b.idle - a.idle) / (b.total - a.total)) * 1000) / 10;
  } catch {
    return null;
  }
}

const mb = (kb) => Math.round((kb / 1024) * 10) / 10;

// ───────────────────────────── database / redis ─────────────────────────────
async function checkDependencies() {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query('select version()');
    log(`postgres: ${rows[0].version.split(',')[0]}`);
  } catch (err) {
    throw new Error(`cannot reach Postgres at ${DATABASE_URL}: ${err.message}`);
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  let lastError = null;
  redis.on('error', (err) => (lastError = err));
  try {
    await redis.connect();
    await redis.ping();
    const info = await redis.info('server');
    log(`redis: ${info.match(/redis_version:(\S+)/)?.[1] ?? '?'}`);
  } catch (err) {
    throw new Error(`cannot reach Redis at ${REDIS_URL}: ${lastError?.message ?? err.message}`);
  } finally {
    redis.disconnect();
  }
}

async function dropSchema() {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    log(`dropped schema ${SCHEMA}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropQueueKeys() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => {}); // surfaced by the failing command below
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    log(`deleted ${deleted} Redis keys ${QUEUE_PREFIX}:*`);
  } finally {
    redis.disconnect();
  }
}

/** How the gateway settled the calls from numbers starting with `prefix` (read after the phase). */
async function callOutcomes(teamId, prefix) {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const like = prefix + '%';
    const { rows: outcomes } = await client.query(`SELECT coalesce(outcome, 'unsettled') AS outcome, count(*)::int AS n, count(ticket_id)::int AS with_ticket FROM "${SCHEMA}".calls WHERE team_id = $1 AND customer LIKE $2 GROUP BY 1`, [teamId, like]);
    const { rows: [tickets] } = await client.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".tickets WHERE team_id = $1 AND customer LIKE $2 AND source = 'missed_call'`, [teamId, like]);
    return {
      outcomes: Object.fromEntries(outcomes.map((r) => [r.outcome, r.n])),
      withTicket: outcomes.reduce((a, r) => a + r.with_ticket, 0),
      missedCallTickets: tickets.n,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

// ───────────────────────────── gateway ─────────────────────────────
async function startGateway(stubPort) {
  if (!fs.existsSync(GATEWAY_MAIN)) throw new Error(`${GATEWAY_MAIN} is missing: run \`npm run build\` first (npm run bench does)`);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    DATABASE_URL,
    DATABASE_SCHEMA: SCHEMA,
    ...(process.env.DATABASE_POOL_MAX ? { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX } : {}),
    REDIS_URL,
    QUEUE_PREFIX,
    ADMIN_TOKEN,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_URL: `http://127.0.0.1:${stubPort}`,
    OUTBOUND: 'twilio',
    LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL || 'warn',
    DEMO_TEAM: 'off',
    WORKER_CONCURRENCY,
    SHUTDOWN_TIMEOUT_MS: '3000',
  };
  const logStream = fs.createWriteStream(GATEWAY_LOG);
  // BENCH_GATEWAY_NODE_ARGS: extra node flags for the gateway, e.g. "--cpu-prof --cpu-prof-dir=bench/results/prof".
  // The gateway runs as `npm start` runs it (heap cap included); BENCH_GATEWAY_NODE_ARGS adds flags.
  const nodeArgs = [...START_NODE_ARGS, ...(process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  // BENCH_TOPOLOGY=split runs the production shape: one web and one worker process.
  const split = process.env.BENCH_TOPOLOGY === 'split';
  const child = track('gateway', spawn(process.execPath, [...nodeArgs, GATEWAY_MAIN, split ? 'web' : 'all'], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  if (split) {
    const worker = track('gateway-worker', spawn(process.execPath, [...nodeArgs, GATEWAY_MAIN, 'worker'], { cwd: ROOT_DIR, env, stdio: ['ignore', 'inherit', 'inherit'] }));
    child.workerPid = worker.pid;
  }
  const tail = [];
  const counts = { warn: 0, error: 0, fatal: 0, other: 0 };
  const levelName = { 40: 'warn', 50: 'error', 60: 'fatal' };
  const firstLines = { warn: [], error: [], fatal: [] };
  const onLine = (line) => {
    if (!line) return;
    tail.push(line);
    if (tail.length > 50) tail.shift();
    const level = line.match(/"level":(\d+)/)?.[1];
    const name = levelName[level];
    if (name) {
      counts[name]++;
      if (firstLines[name].length < 5) firstLines[name].push(line.slice(0, 1000));
    } else if (!/^\s*$/.test(line)) counts.other++;
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      logStream.write(chunk);
      buf += chunk.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
  }
  let exitInfo = null;
  child.on('exit', (code, signal) => {
    exitInfo = { code, signal };
    logStream.end();
  });

  const deadline = Date.now() + 30_000;
  let last = '';
  for (;;) {
    if (exitInfo) throw new Error(`gateway exited during start-up (${JSON.stringify(exitInfo)}); last output:\n${tail.join('\n')}`);
    try {
      const res = await fetch(`${publicUrl}/ready`);
      last = `${res.status} ${await res.text()}`;
      if (res.status === 200) break;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    if (Date.now() > deadline) throw new Error(`gateway not ready after 30 s (last /ready: ${last}); output:\n${tail.join('\n')}`);
    await sleep(100);
  }
  return {
    child,
    pid: child.pid,
    port,
    publicUrl,
    webhookUrl: publicUrl + WEBHOOK_PATH,
    logSummary: () => ({ counts: { ...counts }, first: firstLines, file: path.relative(ROOT_DIR, GATEWAY_LOG) }),
    tail: () => tail.join('\n'),
    exited: () => exitInfo,
  };
}

async function createTeam(gw) {
  const team = await httpJson('POST', `${gw.publicUrl}/api/teams`, {
    name: 'Bench support',
    companyName: 'Bench Inc',
    timezone: 'UTC',
    locale: 'en',
    numbers: [TEAM_NUMBER],
  });
  // No opening hours at all: every inbound SMS is after hours and gets `after_hours_text`.
  await httpJson('PUT', `${gw.publicUrl}/api/teams/${team.id}/schedule`, { timezone: 'UTC', weekly: {}, exceptions: [] });
  // Window 0: every message gets its own reply, not one per customer per 12 h.
  const entry = await httpJson('PUT', `${gw.publicUrl}/api/teams/${team.id}/auto-replies/after_hours_text`, { enabled: true, repeatWindowHours: 0 });
  if (!entry?.enabled || entry.repeatWindowHours !== 0) throw new Error(`after_hours_text not configured as asked: ${JSON.stringify(entry)}`);
  return team;
}

/**
 * The call-lifecycle phase's team, on its own number so the SMS phases keep their always-closed
 * team: open 24/7, no agents and no menu (the defaults), so a call gets the greeting, then the
 * voicemail prompt, and a hang-up there is `missed_call`. Returns the team and a RegExp that the
 * missed_call SMS body must end with (its template, placeholders as wildcards).
 */
async function createVoiceTeam(gw) {
  const team = await httpJson('POST', `${gw.publicUrl}/api/teams`, {
    name: 'Bench voice',
    companyName: 'Bench Inc',
    timezone: 'UTC',
    locale: 'en',
    numbers: [VOICE_NUMBER],
  });
  const always = [['00:00', '24:00']];
  const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, always]));
  await httpJson('PUT', `${gw.publicUrl}/api/teams/${team.id}/schedule`, { timezone: 'UTC', weekly, exceptions: [] });
  // On by default; said explicitly so a changed default cannot silently turn the phase into a no-op.
  // The repeat window (1 h per customer) stays: every call comes from a fresh number.
  const entry = await httpJson('PUT', `${gw.publicUrl}/api/teams/${team.id}/auto-replies/missed_call`, { enabled: true });
  if (!entry?.enabled || typeof entry.body !== 'string' || !entry.body) throw new Error(`missed_call not enabled as asked: ${JSON.stringify(entry)}`);
  const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Unanchored at the start: the SMS may carry a sender prefix ("Bench Inc: …").
  const bodyPattern = new RegExp(entry.body.split(/\{\{\s*\w+\s*\}\}/).map(escape).join('[^]*?') + '$');
  return { team, bodyTemplate: entry.body, bodyPattern };
}

// ───────────────────────────── phases ─────────────────────────────
// Phases run in this order; `always` ones run even when --phases= selects others. Every phase gets
// the shared context and returns a plain object that lands in results.phases[id].
// It may call ctx.target(...) to add a PASS/MISS line and ctx.note(...) for anomalies.
// To add a scenario, add { id, title, run } before `throughput` (which leaves a backlog behind).

/**
 * Waits until the stub has received `expected` Messages.json POSTs: to distinct numbers starting
 * with `prefix` when given (exact: one unique From per webhook), else in total. In total mode it
 * then also waits until 1 s passes without a new call, because a closed-loop run stops with
 * requests in flight that the gateway accepted but the load generator never counted.
 */
async function waitForRest(ctx, expected, timeoutMs, prefix = null) {
  const t0 = nowMs();
  const current = async () => (prefix ? ctx.stub.count(prefix) : (await ctx.stub.stats()).created);
  let n = await current();
  while (n < expected && nowMs() - t0 < timeoutMs && !ctx.gateway.exited()) {
    await sleep(100);
    n = await current();
  }
  const reached = n >= expected;
  if (reached && !prefix) {
    let lastChange = nowMs();
    while (nowMs() - lastChange < 1000 && nowMs() - t0 < timeoutMs) {
      await sleep(200);
      const m = await current();
      if (m !== n) {
        n = m;
        lastChange = nowMs();
      }
    }
  }
  return { reached, waitedMs: Math.round(nowMs() - t0), received: n, stats: await ctx.stub.stats() };
}

/**
 * Pairs each paced sample [from, sentAt, latency, status] with the stub's first REST call to that
 * number (one unique From per request, so the pairing is exact).
 */
async function correlate(ctx, load, prefix) {
  const arrivals = new Map(await ctx.stub.arrivals(prefix));
  const answerMs = [];
  const restMs = [];
  const missingSample = [];
  let missing = 0;
  let firstAt = Infinity;
  let lastAt = -Infinity;
  for (const [from, sentAt, latency, status] of load.samples) {
    if (!(status >= 200 && status < 300)) continue;
    answerMs.push(latency);
    const at = arrivals.get(from);
    if (at === undefined) {
      missing++;
      if (missingSample.length < 5) missingSample.push(from);
    } else {
      restMs.push(at - sentAt);
      if (at < firstAt) firstAt = at;
      if (at > lastAt) lastAt = at;
    }
  }
  // How fast the worker turned accepted webhooks into REST calls over the phase.
  const restRate = restMs.length > 1 ? (restMs.length - 1) / ((lastAt - firstAt) / 1000) : null;
  return { answer: summarize(answerMs), rest: summarize(restMs), arrived: restMs.length, missing, missingSample, restRate: round(restRate, 1) };
}

const PHASES = [
  {
    id: 'smoke',
    always: true,
    title: 'End-to-end check and unloaded latency: 40 webhooks at 20 req/s, every reply reaches the stub',
    async run(ctx) {
      const prefix = '+1415';
      const load = await ctx.load({ mode: 'paced', url: ctx.gateway.webhookUrl, rate: 20, duration: 2, connections: 4, bodies: ctx.bodies('smoke', 'unique', prefix) });
      ctx.expectRest(load.status2xx);
      const wait = await waitForRest(ctx, load.status2xx, 15_000, prefix);
      const c = await correlate(ctx, load, prefix);
      if (load.status2xx !== load.planned) ctx.note(`smoke: ${load.planned - load.status2xx} webhook(s) not answered 2xx: ${JSON.stringify(load.statusCounts)}`);
      if (c.missing) ctx.note(`smoke: ${c.missing} of ${load.status2xx} accepted webhooks got no REST call within 15 s (e.g. ${c.missingSample.join(', ')})`);
      return { rate: 20, sent: load.planned, status2xx: load.status2xx, statusCounts: load.statusCounts, restArrived: c.arrived, restMissing: c.missing, waitForRestMs: wait.waitedMs, webhookAnswerMs: c.answer, webhookToRestMs: c.rest };
    },
  },
  {
    id: 'warmup',
    always: true,
    title: 'Gateway warm-up (JIT, pools) at the measured rate: 600 webhooks at 200 req/s, waits for every REST call',
    async run(ctx) {
      const prefix = '+1313';
      // Steady state is what the targets are about: warm up at the rate the next phase measures.
      const load = await ctx.load({ mode: 'paced', url: ctx.gateway.webhookUrl, rate: 200, duration: 3, connections: 20, bodies: ctx.bodies('gwarm', 'unique', prefix) });
      ctx.expectRest(load.status2xx);
      const wait = await waitForRest(ctx, load.status2xx, 30_000, prefix);
      if (!wait.reached) ctx.note(`warmup: only ${wait.received} of ${load.status2xx} REST calls arrived within 30 s; the next phase starts with a backlog`);
      return { sent: load.planned, status2xx: load.status2xx, restArrived: wait.received, waitForRestMs: wait.waitedMs };
    },
  },
  {
    id: 'fixed-rate',
    title: 'Fixed rate 200 req/s, 20 connections: webhook answer and webhook → REST latency',
    async run(ctx) {
      const rate = 200;
      const duration = secs(15);
      const prefix = '+1646';
      const restBefore = (await ctx.stub.stats()).created;
      const win = ctx.sampler.window();
      const load = await ctx.load({ mode: 'paced', url: ctx.gateway.webhookUrl, rate, duration, connections: 20, bodies: ctx.bodies('rate', 'unique', prefix) });
      ctx.expectRest(load.status2xx);
      const wait = await waitForRest(ctx, load.status2xx, 60_000, prefix);
      const usage = win.end();
      const { answer, rest, arrived, missing, missingSample, restRate } = await correlate(ctx, load, prefix);
      if (missing) ctx.note(`fixed-rate: ${missing} accepted webhooks got no REST call within 60 s (e.g. ${missingSample.join(', ')})`);
      if (load.status2xx !== load.planned) ctx.note(`fixed-rate: ${load.planned - load.status2xx} webhooks not answered 2xx: ${JSON.stringify(load.statusCounts)}`);
      if (load.sendsLateOver5ms > load.planned * 0.01) ctx.note(`fixed-rate: the load generator sent ${load.sendsLateOver5ms} requests > 5 ms late (max ${load.maxSendLagMs} ms)`);
      ctx.target('webhook answer p99 @200/s', answer.p99, `< ${TARGETS.webhookP99Ms} ms`, answer.p99 !== null && answer.p99 < TARGETS.webhookP99Ms, (v) => `${v} ms`);
      ctx.target('webhook → REST call p99 @200/s', rest.p99, `< ${TARGETS.restP99Ms} ms`, rest.p99 !== null && rest.p99 < TARGETS.restP99Ms, (v) => `${v} ms`);
      ctx.target('REST calls arrived / accepted', `${arrived}/${load.status2xx}`, 'all', missing === 0 && load.status2xx === load.planned, (v) => v);
      return {
        rate,
        connections: 20,
        durationSec: duration,
        sent: load.planned,
        achievedRate: round(load.achievedRate, 1),
        status2xx: load.status2xx,
        statusCounts: load.statusCounts,
        maxSendLagMs: load.maxSendLagMs,
        webhookAnswerMs: answer,
        webhookToRestMs: rest,
        restArrived: arrived,
        restCallRate: restRate,
        restMissing: missing,
        restTotalDuringPhase: wait.stats.created - restBefore,
        waitForRestMs: wait.waitedMs,
        cpuPercent: usage.cpuPercent,
        loadGeneratorCpuPercent: load.cpuPercent,
        peakRssMb: usage.peakRssMb,
      };
    },
  },
  {
    id: 'call-lifecycle',
    title: `Voice call lifecycle at ${CALL_RATE} calls/s: incoming call → voicemail prompt → hang-up (status callback) → missed_call SMS`,
    async run(ctx) {
      const rate = CALL_RATE;
      const duration = secs(25);
      const voice = await createVoiceTeam(ctx.gateway);
      log(`voice team ${voice.team.id} on ${VOICE_NUMBER}: open 24/7, missed_call SMS "${voice.bodyTemplate}"`);
      const common = {
        mode: 'calls',
        publicUrl: ctx.gateway.publicUrl,
        authToken: AUTH_TOKEN,
        teamNumber: VOICE_NUMBER,
        rate,
        connections: 20,
        gapsMs: CALL_GAPS_MS,
        expectSecond: 'Please leave a message',
      };
      const sidTag = (tag) => crypto.createHash('sha1').update(STAMP + tag).digest('hex').slice(0, 8);

      // Warm-up of the voice paths (JIT, statements) at the measured rate; its SMS are waited for.
      const warmPrefix = '+1720';
      const warm = await ctx.load({ ...common, duration: secs(4), fromBase: warmPrefix, sidTag: sidTag('cwarm') });
      ctx.expectRest(warm.completed);
      const warmWait = await waitForRest(ctx, warm.completed, 30_000, warmPrefix);
      if (warm.completed !== warm.planned) ctx.note(`call-lifecycle warm-up: ${warm.planned - warm.completed} of ${warm.planned} calls failed (e.g. ${warm.samples.find((x) => x[8])?.[8]})`);
      if (!warmWait.reached) ctx.note(`call-lifecycle warm-up: only ${warmWait.received} of ${warm.completed} SMS arrived within 30 s`);

      const prefix = '+1718';
      const restBefore = (await ctx.stub.stats()).created;
      const win = ctx.sampler.window();
      const load = await ctx.load({ ...common, duration, fromBase: prefix, sidTag: sidTag('calls') });
      ctx.expectRest(load.completed);
      const wait = await waitForRest(ctx, load.completed, 60_000, prefix);
      await sleep(1000); // a second SMS to the same caller would come within this, if at all
      const usage = win.end();

      const deliveries = new Map((await ctx.stub.deliveries(prefix)).map((d) => [d[0], d]));
      const incomingMs = [];
      const nextMs = [];
      const statusAnswerMs = [];
      const toSmsMs = [];
      const failures = {};
      let missing = 0;
      let twice = 0;
      let wrongMessage = 0;
      let smsForFailedCalls = 0;
      const missingSample = [];
      const wrongSample = [];
      for (const [from, , inMs, , nxMs, , stMs, statusSentAt, failure] of load.samples) {
        if (inMs !== null) incomingMs.push(inMs);
        if (nxMs !== null) nextMs.push(nxMs);
        if (stMs !== null) statusAnswerMs.push(stMs);
        const sms = deliveries.get(from);
        if (failure) {
          const reason = failure.replace(/:.*/s, '');
          failures[reason] = (failures[reason] ?? 0) + 1;
          if (sms) smsForFailedCalls++;
          continue;
        }
        if (!sms) {
          missing++;
          if (missingSample.length < 5) missingSample.push(from);
          continue;
        }
        const [, arrivedAt, posts, smsFrom, body] = sms;
        toSmsMs.push(arrivedAt - statusSentAt);
        if (posts > 1) twice++;
        if (smsFrom !== VOICE_NUMBER || !voice.bodyPattern.test(body)) {
          wrongMessage++;
          if (wrongSample.length < 3) wrongSample.push(`${from}: From ${smsFrom}, Body ${JSON.stringify(body)}`);
        }
      }
      const completed = load.completed;
      const settled = await callOutcomes(voice.team.id, prefix);
      if (settled.outcomes.missed_call !== completed || settled.withTicket !== completed || settled.missedCallTickets !== completed) {
        ctx.note(`call-lifecycle: of ${completed} calls, the gateway settled ${JSON.stringify(settled.outcomes)}, ${settled.withTicket} with a ticket; ${settled.missedCallTickets} missed_call tickets`);
      }
      const exactlyOne = completed - missing - twice;
      const twiml = summarize([...incomingMs, ...nextMs]);
      const toSms = summarize(toSmsMs);
      const failed = load.planned - completed;
      if (failed) ctx.note(`call-lifecycle: ${failed} of ${load.planned} calls did not go through their three requests as expected: ${JSON.stringify(failures)} (e.g. ${load.samples.find((x) => x[8])?.[8]})`);
      if (missing) ctx.note(`call-lifecycle: ${missing} completed calls got no SMS within 60 s (e.g. ${missingSample.join(', ')})`);
      if (twice) ctx.note(`call-lifecycle: ${twice} callers got more than one SMS`);
      if (wrongMessage) ctx.note(`call-lifecycle: ${wrongMessage} SMS not from ${VOICE_NUMBER} or not the missed_call text (e.g. ${wrongSample.join('; ')})`);
      if (smsForFailedCalls) ctx.note(`call-lifecycle: ${smsForFailedCalls} failed calls got an SMS anyway`);
      if (load.startsLateOver5ms > load.planned * 0.01) ctx.note(`call-lifecycle: the load generator started ${load.startsLateOver5ms} calls > 5 ms late (max ${load.maxStartLagMs} ms)`);
      ctx.target(`TwiML answer p99 @${rate} calls/s`, twiml.p99, `< ${TARGETS.callTwimlP99Ms} ms`, twiml.p99 !== null && twiml.p99 < TARGETS.callTwimlP99Ms, (v) => `${v} ms`);
      ctx.target(`call status → SMS p99 @${rate} calls/s`, toSms.p99, `< ${TARGETS.callSmsP99Ms} ms`, toSms.p99 !== null && toSms.p99 < TARGETS.callSmsP99Ms, (v) => `${v} ms`);
      ctx.target('calls with exactly one SMS', `${exactlyOne}/${load.planned}`, 'all', exactlyOne === load.planned && wrongMessage === 0, (v) => v);
      return {
        rate,
        connections: 20,
        gapsMs: CALL_GAPS_MS,
        durationSec: duration,
        warmupCalls: warm.planned,
        calls: load.planned,
        achievedRate: round(load.achievedRate, 1),
        completed,
        failures,
        maxStartLagMs: load.maxStartLagMs,
        twimlAnswerMs: twiml,
        incomingAnswerMs: summarize(incomingMs),
        redirectAnswerMs: summarize(nextMs),
        statusAnswerMs: summarize(statusAnswerMs),
        statusToSmsMs: toSms,
        callOutcomes: settled.outcomes,
        callsWithTicket: settled.withTicket,
        missedCallTickets: settled.missedCallTickets,
        smsArrived: completed - missing,
        smsExactlyOnce: exactlyOne,
        smsMissing: missing,
        smsMoreThanOnce: twice,
        smsWrongMessage: wrongMessage,
        smsForFailedCalls,
        smsTotalDuringPhase: wait.stats.created - restBefore,
        waitForSmsMs: wait.waitedMs,
        cpuPercent: usage.cpuPercent,
        loadGeneratorCpuPercent: load.cpuPercent,
        peakRssMb: usage.peakRssMb,
      };
    },
  },
  {
    id: 'throughput',
    title: 'Max throughput: bare Express vs gateway, 50 connections, pipelining 1',
    async run(ctx) {
      const duration = secs(10);
      const common = { mode: 'autocannon', connections: 50 };
      // Baseline: warm-up then measure. Same pre-signed bodies, same per-request generator work.
      await ctx.load({ ...common, url: ctx.baseline.url, duration: 2, bodies: ctx.bodies('bwarm', 'pool', null, 5000) });
      const baseline = await ctx.load({ ...common, url: ctx.baseline.url, duration, bodies: ctx.bodies('base', 'pool', null, 5000) });

      // Gateway (warmed up by the earlier phases, its queue empty). Every request has a fresh
      // MessageSid while the pool lasts (a repeat would be a cheap duplicate answer).
      const restBefore = (await ctx.stub.stats()).created;
      const win = ctx.sampler.window();
      const gateway = await ctx.load({ ...common, url: ctx.gateway.webhookUrl, duration, bodies: ctx.bodies('gmax', 'pool', null, 80_000) });
      const restDuringLoad = (await ctx.stub.stats()).created - restBefore;
      const usage = win.end();
      // A wrapped pool repeats MessageSids: those are answered 2xx as duplicates and make no new REST call.
      const accepted = gateway.poolWrapped ? Math.min(gateway.status2xx, gateway.poolSize) : gateway.status2xx;
      if (gateway.poolWrapped) ctx.note(`throughput: body pool (${gateway.poolSize}) wrapped ${gateway.poolWrapped}×; repeated MessageSids were answered as duplicates`);
      ctx.expectRest(accepted);
      // The burst leaves a backlog in the queue: wait (bounded, to keep the run near two minutes)
      // until every accepted webhook has had its REST call. This runs last so no phase inherits it.
      const drain = await waitForRest(ctx, ctx.expectedRest, secs(30) * 1000);
      const restAfter = drain.stats.created - restBefore;
      if (!drain.reached) ctx.note(`throughput: backlog not drained ${drain.waitedMs} ms after the burst (${drain.stats.created}/${ctx.expectedRest} REST calls so far; the worker was still sending, nothing was lost as far as the stub can tell)`);
      if (gateway.non2xx || gateway.errors || gateway.timeouts) ctx.note(`throughput: gateway non-2xx ${gateway.non2xx}, errors ${gateway.errors}, timeouts ${gateway.timeouts}; codes ${JSON.stringify(gateway.statusCodeStats)}`);

      const ratio = gateway.rps2xx / baseline.rps2xx;
      ctx.target('throughput ratio gateway/baseline', ratio, `≥ ${TARGETS.throughputRatio}`, ratio >= TARGETS.throughputRatio, (v) => v.toFixed(3));
      const pick = (r) => ({ loadGeneratorCpuPercent: r.cpuPercent, durationSec: r.durationSec, requests: r.requestsTotal, status2xx: r.status2xx, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, rps2xx: round(r.rps2xx, 1), latencyMs: r.latencyMs, statusCodeStats: r.statusCodeStats });
      return {
        connections: 50,
        baseline: pick(baseline),
        gateway: {
          ...pick(gateway),
          cpuPercent: usage.cpuPercent,
          peakRssMb: usage.peakRssMb,
          restCallsDuringLoad: restDuringLoad,
          workerRestRateDuringLoad: round(restDuringLoad / gateway.durationSec, 1),
          restCallsAfterDrain: restAfter,
          drainWaitMs: drain.waitedMs,
          drained: drain.reached,
        },
        ratio: round(ratio, 3),
      };
    },
  },
];

const round = (v, d) => (v === null || v === undefined ? v : Math.round(v * 10 ** d) / 10 ** d);

// ───────────────────────────── report ─────────────────────────────
function printReport(results) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  const pad = (s, n) => String(s).padEnd(n);
  const num = (v, d = 1) => (v === null || v === undefined ? '—' : typeof v === 'number' ? v.toFixed(d) : String(v));
  const m = results.machine;
  p();
  p(`Switchboard benchmark — ${results.startedAt}${results.quick ? '  (QUICK run: shortened phases)' : ''}`);
  p(`machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemMb} MB RAM, ${m.platform} ${m.release}, node ${m.node}; CPUs ${m.cpuBusyBeforeStartPercent}% busy before start`);
  p(`gateway: WORKER_CONCURRENCY=${results.config.workerConcurrency}, Postgres schema ${results.config.schema}, queue prefix ${results.config.queuePrefix}`);
  p(`note: load generator, stubs, gateway, Postgres and Redis all share these ${m.cpus} CPUs`);
  const sm = results.phases.smoke;
  if (sm) {
    p();
    p(`Unloaded (${sm.rate} req/s, ${sm.sent} sent, ${sm.status2xx} 2xx, ${sm.restArrived} REST calls): webhook answer p50 ${num(sm.webhookAnswerMs.p50)} / p99 ${num(sm.webhookAnswerMs.p99)} ms; webhook → REST p50 ${num(sm.webhookToRestMs.p50)} / p99 ${num(sm.webhookToRestMs.p99)} ms`);
  }
  const t = results.phases.throughput;
  if (t) {
    p();
    p('Max throughput (50 connections, pipelining 1, accepted = 2xx)');
    p(`  ${pad('', 20)}${pad('req/s', 10)}${pad('2xx', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}`);
    for (const [name, r] of [['bare Express', t.baseline], ['gateway', t.gateway]]) {
      p(`  ${pad(name, 20)}${pad(num(r.rps2xx), 10)}${pad(r.status2xx, 9)}${pad(r.non2xx, 9)}${pad(r.errors + r.timeouts, 8)}${pad(num(r.latencyMs.p50, 0), 8)}${pad(num(r.latencyMs.p99, 0), 8)}`);
    }
    p(`  ratio gateway/baseline: ${num(t.ratio, 3)}   gateway CPU ${num(t.gateway.cpuPercent)}% of one core; load generator CPU ${num(t.baseline.loadGeneratorCpuPercent)}% (baseline) / ${num(t.gateway.loadGeneratorCpuPercent)}% (gateway)`);
    p(`  worker: ${t.gateway.restCallsDuringLoad} REST calls during the ${num(t.gateway.durationSec, 0)} s burst (${num(t.gateway.workerRestRateDuringLoad)}/s); backlog ${t.gateway.drained ? 'drained' : 'NOT drained'} ${num(t.gateway.drainWaitMs / 1000)} s after`);
  }
  const f = results.phases['fixed-rate'];
  if (f) {
    p();
    p(`Fixed rate ${f.rate} req/s × ${f.durationSec} s (${f.connections} connections), ${f.sent} sent, ${f.status2xx} 2xx, achieved ${num(f.achievedRate)} req/s`);
    p(`  ${pad('latency (ms)', 26)}${pad('p50', 9)}${pad('p90', 9)}${pad('p99', 9)}${pad('max', 9)}${pad('n', 7)}`);
    for (const [name, s] of [['webhook answer', f.webhookAnswerMs], ['webhook → REST call', f.webhookToRestMs]]) {
      p(`  ${pad(name, 26)}${pad(num(s.p50), 9)}${pad(num(s.p90), 9)}${pad(num(s.p99), 9)}${pad(num(s.max), 9)}${pad(s.count, 7)}`);
    }
    p(`  REST calls arrived ${f.restArrived}/${f.status2xx} (missing ${f.restMissing}, the last ${num(f.waitForRestMs / 1000)} s after the last send; REST calls came at ${num(f.restCallRate)}/s); gateway CPU ${num(f.cpuPercent)}% (phase incl. wait); load generator CPU ${num(f.loadGeneratorCpuPercent)}%`);
  }
  const c = results.phases['call-lifecycle'];
  if (c) {
    p();
    p(`Call lifecycle ${c.rate} calls/s × ${c.durationSec} s (after ${c.warmupCalls} warm-up calls; ${c.connections} connections; ${c.gapsMs.join(' + ')} ms between a call's requests), ${c.calls} calls, ${c.completed} went through, achieved ${num(c.achievedRate)} calls/s`);
    p(`  ${pad('latency (ms)', 26)}${pad('p50', 9)}${pad('p90', 9)}${pad('p99', 9)}${pad('max', 9)}${pad('n', 7)}`);
    for (const [name, s] of [['TwiML answer (both)', c.twimlAnswerMs], ['  incoming call', c.incomingAnswerMs], ['  redirect (voicemail)', c.redirectAnswerMs], ['status callback answer', c.statusAnswerMs], ['status callback → SMS', c.statusToSmsMs]]) {
      p(`  ${pad(name, 26)}${pad(num(s.p50), 9)}${pad(num(s.p90), 9)}${pad(num(s.p99), 9)}${pad(num(s.max), 9)}${pad(s.count, 7)}`);
    }
    p(`  settled: ${Object.entries(c.callOutcomes).map(([k, v]) => `${v} ${k}`).join(', ')}; ${c.callsWithTicket} with a ticket (${c.missedCallTickets} missed_call tickets)`);
    p(`  SMS: ${c.smsExactlyOnce}/${c.calls} calls got exactly one (missing ${c.smsMissing}, more than one ${c.smsMoreThanOnce}, wrong From/Body ${c.smsWrongMessage}); gateway CPU ${num(c.cpuPercent)}% (phase incl. wait); load generator CPU ${num(c.loadGeneratorCpuPercent)}%`);
  }
  p();
  p(`Gateway memory: RSS at ready ${num(results.gateway.rssAtReadyMb)} MB, peak RSS (VmHWM) ${num(results.gateway.peakRssMb)} MB, max sampled VmRSS ${num(results.gateway.maxSampledRssMb)} MB (${results.gateway.rssSamples} samples)`);
  const lc = results.gateway.log.counts;
  p(`Gateway log (LOG_LEVEL=warn): ${lc.warn} warn, ${lc.error} error, ${lc.fatal} fatal lines → ${results.gateway.log.file}`);
  p();
  p('Targets');
  for (const tg of results.targets) p(`  ${pad(tg.pass ? 'PASS' : 'MISS', 6)}${pad(tg.name, 36)}${pad(tg.display, 16)}target ${tg.target}`);
  if (results.notes.length) {
    p();
    p('Notes');
    for (const n of results.notes) p(`  - ${n}`);
  }
  p();
  process.stdout.write(lines.join('\n') + '\n');
}

// ───────────────────────────── main ─────────────────────────────
async function main() {
  const started = nowMs();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const cpus = os.cpus();
  const results = {
    startedAt: new Date().toISOString(),
    quick: QUICK,
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model?.trim() ?? '?', totalMemMb: Math.round(os.totalmem() / 2 ** 20), platform: os.platform(), release: os.release(), node: process.version, loadavgAtStart: os.loadavg().map((v) => round(v, 2)) },
    config: { databaseUrl: DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@'), redisUrl: REDIS_URL, schema: SCHEMA, queuePrefix: QUEUE_PREFIX, workerConcurrency: Number(WORKER_CONCURRENCY), teamNumber: TEAM_NUMBER },
    targets: [],
    notes: [],
    phases: {},
    gateway: {},
  };

  const unknown = (onlyPhases ?? []).filter((id) => !PHASES.some((ph) => ph.id === id));
  if (unknown.length) throw new Error(`unknown phase(s) ${unknown.join(', ')}; phases: ${PHASES.map((ph) => ph.id).join(', ')}`);
  await checkDependencies();
  dependenciesChecked = true;
  // Other work on the machine skews every figure: measure it before starting anything.
  results.machine.cpuBusyBeforeStartPercent = await systemCpuBusy(1000);
  if (results.machine.cpuBusyBeforeStartPercent > 20) {
    results.notes.push(`the machine was already ${results.machine.cpuBusyBeforeStartPercent}% busy (all CPUs) before the bench started: figures are noisy`);
  }
  const stub = await forkHelper('stub', 'twilio-stub.mjs', { STUB_ACCOUNT_SID: ACCOUNT_SID, STUB_AUTH_TOKEN: AUTH_TOKEN });
  log(`Twilio stub on 127.0.0.1:${stub.port} (pid ${stub.child.pid})`);
  const baseline = await forkHelper('baseline', 'baseline-server.mjs');
  log(`bare Express baseline on 127.0.0.1:${baseline.port} (pid ${baseline.child.pid})`);
  const gateway = await startGateway(stub.port);
  log(`gateway ready on ${gateway.publicUrl} (pid ${gateway.pid}); log → ${path.relative(ROOT_DIR, GATEWAY_LOG)}`);
  const sampler = new ProcSampler(gateway.pid);
  const rssAtReadyMb = mb(readProcStatus(gateway.pid)?.rssKb ?? NaN);
  const team = await createTeam(gateway);
  log(`team ${team.id} on ${TEAM_NUMBER}: always closed, after_hours_text on every message`);

  const ctx = {
    gateway,
    baseline: { url: `http://127.0.0.1:${baseline.port}${WEBHOOK_PATH}` },
    stub: stubClient(stub.child),
    sampler,
    team,
    expectedRest: 0,
    expectRest(n) {
      this.expectedRest += n;
    },
    load: (cfg) => runLoad(cfg),
    /** Body spec for load.mjs; each call site passes its own tag so MessageSids never collide. */
    bodies(tag, fromScheme, fromBase = null, count = 0) {
      const sidTag = crypto.createHash('sha1').update(STAMP + tag).digest('hex').slice(0, 8);
      return { count, sidTag, fromScheme, fromBase, authToken: AUTH_TOKEN, publicUrl: gateway.publicUrl, path: WEBHOOK_PATH, to: TEAM_NUMBER };
    },
    target(name, value, target, pass, fmt = (v) => String(v)) {
      results.targets.push({ name, value, display: value === null ? '—' : fmt(value), target, pass: Boolean(pass) });
    },
    note(text) {
      log(`NOTE ${text}`);
      results.notes.push(text);
    },
  };

  for (const phase of PHASES) {
    if (onlyPhases && !phase.always && !onlyPhases.includes(phase.id)) continue;
    log(`phase ${phase.id}: ${phase.title}`);
    const t0 = nowMs();
    results.phases[phase.id] = { ...(await phase.run(ctx)), elapsedSec: round((nowMs() - t0) / 1000, 1) };
    if (gateway.exited()) throw new Error(`gateway exited during phase ${phase.id} (${JSON.stringify(gateway.exited())}); last output:\n${gateway.tail()}`);
  }

  sampler.stop();
  const restStats = await ctx.stub.stats();
  results.gateway = {
    pid: gateway.pid,
    rssAtReadyMb,
    peakRssMb: mb(sampler.hwmKb),
    maxSampledRssMb: mb(sampler.maxRssKb),
    rssSamples: sampler.samples,
    log: gateway.logSummary(),
  };
  results.stub = { ...restStats, expected: ctx.expectedRest };
  if (restStats.authFailures || restStats.otherRequests) ctx.note(`stub: ${restStats.authFailures} auth failures, ${restStats.otherRequests} unexpected requests ${JSON.stringify(restStats.unknownSample)}`);
  if (restStats.listCalls) ctx.note(`stub: the gateway listed messages ${restStats.listCalls}× (its "was it sent after all?" check after an ambiguous send)`);
  const lc = results.gateway.log.counts;
  if (lc.error || lc.fatal) ctx.note(`gateway logged ${lc.error} error and ${lc.fatal} fatal lines; first: ${results.gateway.log.first.error[0] ?? results.gateway.log.first.fatal[0]}`);
  ctx.target('gateway peak RSS (VmHWM)', results.gateway.peakRssMb, `< ${TARGETS.peakRssMb} MB`, results.gateway.peakRssMb < TARGETS.peakRssMb, (v) => `${v} MB`);
  results.elapsedSec = round((nowMs() - started) / 1000, 1);
  results.machine.loadavgAtEnd = os.loadavg().map((v) => round(v, 2));

  printReport(results);
  const file = path.join(RESULTS_DIR, 'latest.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`results → ${path.relative(ROOT_DIR, file)} (${results.elapsedSec} s)`);
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  exitCode = interrupted ? 130 : 1;
  if (interrupted) log(`interrupted by ${interrupted}; no results written`);
  else log(`HARNESS ERROR: ${err?.stack ?? err}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
