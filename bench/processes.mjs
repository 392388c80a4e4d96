// The benchmark's processes and the services they share. Children are tracked by name so that
// cleanup (normal end, error or SIGINT/SIGTERM) stops each one; cleanup then drops the run's
// Postgres schema and Redis keys. All processes listen on 127.0.0.1.
//   twilio-stub.mjs, baseline-server.mjs   forked with IPC, report their port when listening
//   dist/src/main.js                       the gateway, started as `npm start` starts it; ready on /ready
//   load.mjs                               one process per load run, prints one JSON result
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { BENCH_DIR, RESULTS_DIR, ROOT_DIR, log, sleep } from './lib.mjs';

export const WEBHOOK_PATH = '/twilio/messages';
const GATEWAY_LOG = path.join(RESULTS_DIR, 'gateway-latest.log');
const GATEWAY_MAIN = path.join(ROOT_DIR, 'dist/src/main.js');
// The heap cap of package.json's start script (`--max-old-space-size=${SWITCHBOARD_HEAP_MB:-160}`),
// so the benchmark runs the gateway as users run it.
const START_HEAP_MB =
  process.env.SWITCHBOARD_HEAP_MB ??
  JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')).scripts.start.match(
    /max-old-space-size=\$\{\w+:-(\d+)\}/,
  )?.[1];
const START_NODE_ARGS = START_HEAP_MB ? [`--max-old-space-size=${START_HEAP_MB}`] : [];

// ───────────────────────────── bookkeeping and cleanup ─────────────────────────────
const children = new Map(); // name → ChildProcess
let cleaningUp = null;
let ownedRun = null; // the run whose schema and Redis keys cleanup drops (set once both services answered)
let interrupted = null; // the signal that stopped the run, if any

/** The signal that interrupted the run, or null. */
export const interruptedBy = () => interrupted;

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
  } catch {
    // already gone
  }
  const timer = new Promise((r) => setTimeout(r, graceMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout' && alive(child)) {
    log(`${name} (pid ${child.pid}) did not stop within ${graceMs} ms; SIGKILL`);
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }
}

/** Stops every child and drops what the run created; safe to call more than once. */
export async function cleanup() {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    // The load generator first, then the gateway (graceful: it closes its pool and queue), then stubs.
    const order = ['load', 'gateway', 'baseline', 'stub'];
    for (const name of order) {
      const child = children.get(name);
      if (child) await stopChild(name, child, name === 'gateway' ? 8000 : 3000);
    }
    for (const [name, child] of children) await stopChild(name, child, 3000);
    if (!ownedRun) return; // nothing was created
    await dropSchema(ownedRun).catch((err) => log(`could not drop schema ${ownedRun.schema}: ${err.message}`));
    await dropQueueKeys(ownedRun).catch((err) =>
      log(`could not delete Redis keys ${ownedRun.queuePrefix}:*: ${err.message}`),
    );
  })();
  return cleaningUp;
}

/** Installs the exit and signal handlers: never leave a child behind. Call once, at start. */
export function guardChildren() {
  // Last resort: even on an uncaught exit path.
  process.on('exit', () => {
    for (const child of children.values()) {
      if (alive(child)) {
        try {
          child.kill('SIGKILL');
        } catch {
          // already gone
        }
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
}

// ───────────────────────────── Postgres and Redis ─────────────────────────────
/** Fails unless both services answer; from then on, cleanup drops the run's schema and keys. */
export async function checkDependencies(run) {
  const client = new pg.Client({ connectionString: run.databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query('select version()');
    log(`postgres: ${rows[0].version.split(',')[0]}`);
  } catch (err) {
    throw new Error(`cannot reach Postgres at ${run.databaseUrl}: ${err.message}`, { cause: err });
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(run.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  let lastError = null;
  redis.on('error', (err) => (lastError = err));
  try {
    await redis.connect();
    await redis.ping();
    const info = await redis.info('server');
    log(`redis: ${info.match(/redis_version:(\S+)/)?.[1] ?? '?'}`);
  } catch (err) {
    throw new Error(`cannot reach Redis at ${run.redisUrl}: ${lastError?.message ?? err.message}`, { cause: err });
  } finally {
    redis.disconnect();
  }
  ownedRun = run;
}

async function dropSchema(run) {
  const client = new pg.Client({ connectionString: run.databaseUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${run.schema}" CASCADE`);
    log(`dropped schema ${run.schema}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropQueueKeys(run) {
  const redis = new Redis(run.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => {}); // surfaced by the failing command below
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${run.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    log(`deleted ${deleted} Redis keys ${run.queuePrefix}:*`);
  } finally {
    redis.disconnect();
  }
}

// ───────────────────────────── helpers: stub and baseline ─────────────────────────────
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
export async function forkHelper(name, file, env = {}) {
  const child = track(
    name,
    fork(path.join(BENCH_DIR, file), [], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
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
export function stubClient(child) {
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

// ───────────────────────────── load generator ─────────────────────────────
/** Runs bench/load.mjs with a config; resolves with its JSON result. */
export function runLoad(config) {
  return new Promise((resolve, reject) => {
    const child = track(
      'load',
      spawn(process.execPath, [path.join(BENCH_DIR, 'load.mjs')], {
        env: { ...process.env, BENCH_LOAD_CONFIG: JSON.stringify(config) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
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

// ───────────────────────────── gateway ─────────────────────────────
async function httpJson(method, url, body, token) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the error below quotes the text
  }
  if (!res.ok) throw new Error(`${method} ${new URL(url).pathname} → ${res.status} ${text.slice(0, 500)}`);
  return json;
}

/**
 * Starts the gateway on a fresh schema and queue prefix, its Twilio REST calls going to the stub,
 * and waits until /ready answers 200. Its output goes to bench/results/gateway-latest.log.
 */
export async function startGateway(run, stubPort) {
  if (!fs.existsSync(GATEWAY_MAIN))
    throw new Error(`${GATEWAY_MAIN} is missing: run \`npm run build\` first (npm run bench does)`);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    DATABASE_URL: run.databaseUrl,
    DATABASE_SCHEMA: run.schema,
    ...(process.env.DATABASE_POOL_MAX ? { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX } : {}),
    REDIS_URL: run.redisUrl,
    QUEUE_PREFIX: run.queuePrefix,
    ADMIN_TOKEN: run.adminToken,
    TWILIO_ACCOUNT_SID: run.accountSid,
    TWILIO_AUTH_TOKEN: run.authToken,
    TWILIO_API_URL: `http://127.0.0.1:${stubPort}`,
    OUTBOUND: 'twilio',
    LOG_LEVEL: run.gatewayLogLevel,
    DEMO_TEAM: 'off',
    WORKER_CONCURRENCY: run.workerConcurrency,
    SHUTDOWN_TIMEOUT_MS: '3000',
  };
  const logStream = fs.createWriteStream(GATEWAY_LOG);
  // The gateway runs as `npm start` runs it (heap cap included); run.gatewayNodeArgs adds flags.
  const nodeArgs = [...START_NODE_ARGS, ...run.gatewayNodeArgs];
  // run.split: the production shape, one web and one worker process.
  const child = track(
    'gateway',
    spawn(process.execPath, [...nodeArgs, GATEWAY_MAIN, run.split ? 'web' : 'all'], {
      cwd: ROOT_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  if (run.split) {
    const worker = track(
      'gateway-worker',
      spawn(process.execPath, [...nodeArgs, GATEWAY_MAIN, 'worker'], {
        cwd: ROOT_DIR,
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
    );
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
  let last;
  for (;;) {
    if (exitInfo)
      throw new Error(`gateway exited during start-up (${JSON.stringify(exitInfo)}); last output:\n${tail.join('\n')}`);
    try {
      const res = await fetch(`${publicUrl}/ready`);
      last = `${res.status} ${await res.text()}`;
      if (res.status === 200) break;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    if (Date.now() > deadline)
      throw new Error(`gateway not ready after 30 s (last /ready: ${last}); output:\n${tail.join('\n')}`);
    await sleep(100);
  }
  const logFile = path.relative(ROOT_DIR, GATEWAY_LOG);
  return {
    /**
     * Split layout only: one more web process on its own port (same database, queue and Redis),
     * stopped by cleanup; output to bench/results/gateway-web2-latest.log. Resolves { pid, publicUrl }.
     */
    startSecondWeb: run.split ? () => startSecondWeb(env, nodeArgs) : null,
    child,
    pid: child.pid,
    port,
    publicUrl,
    webhookUrl: publicUrl + WEBHOOK_PATH,
    logFile,
    /** The admin API, as the run's admin: resolves with the parsed JSON answer, throws on non-2xx. */
    api: (method, apiPath, body) => httpJson(method, publicUrl + apiPath, body, run.adminToken),
    logSummary: () => ({ counts: { ...counts }, first: firstLines, file: logFile }),
    tail: () => tail.join('\n'),
    exited: () => exitInfo,
  };
}

async function startSecondWeb(env, nodeArgs) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const out = fs.createWriteStream(path.join(RESULTS_DIR, 'gateway-web2-latest.log'));
  const child = track(
    'gateway-web2',
    spawn(process.execPath, [...nodeArgs, GATEWAY_MAIN, 'web'], {
      cwd: ROOT_DIR,
      env: { ...env, PORT: String(port), PUBLIC_URL: publicUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!alive(child)) throw new Error(`the second web process exited during start-up (code ${child.exitCode})`);
    try {
      if ((await fetch(`${publicUrl}/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the second web process was not ready after 30 s');
    await sleep(100);
  }
  return { pid: child.pid, publicUrl };
}
