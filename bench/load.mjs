// Load generator, run in its own process by bench/run.mjs so its CPU use is separate from the
// harness and the stubs. Config: JSON in env BENCH_LOAD_CONFIG. Result: one JSON line on stdout.
//
// mode 'autocannon' — closed-loop max throughput (pipelining 1). Every request takes the next
//   pre-signed body from a pool shared by all connections (unique MessageSid while the pool lasts).
// mode 'paced' — open-loop fixed rate with our own scheduler over a keep-alive agent
//   (maxSockets = connections). Request i is due at t0 + i/rate; its send time is recorded when it
//   is handed to http.request, so latency includes any wait for a free connection (no coordinated
//   omission). Returns one sample per request: [from, sentAt, latencyMs, status].
// mode 'calls' — open-loop voice call lifecycles: call i starts at t0 + i/rate and plays Twilio's
//   part, one request after the other: POST /twilio/voice (incoming), a pause (the greeting
//   plays), POST the <Redirect> URL of its TwiML (signed over that URL, query included), a pause
//   (the voicemail prompt plays), POST /twilio/voice/status with CallStatus=completed. Returns one
//   sample per call (see runCalls).
import http from 'node:http';
import autocannon from 'autocannon';
import { buildInboundRequests, fromNumber, nowMs, readFixture, twilioSignature } from './lib.mjs';

const config = JSON.parse(process.env.BENCH_LOAD_CONFIG ?? 'null');
if (!config) {
  process.stderr.write('load.mjs: BENCH_LOAD_CONFIG is not set\n');
  process.exit(2);
}

async function runAutocannon(cfg) {
  const genStart = nowMs();
  const pool = buildInboundRequests(cfg.bodies);
  const genMs = nowMs() - genStart;
  let next = 0;
  let wrapped = 0;
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const url = new URL(cfg.url);
  const result = await autocannon({
    url: url.origin,
    connections: cfg.connections,
    pipelining: 1,
    duration: cfg.duration,
    timeout: cfg.timeoutSec ?? 10,
    ...(cfg.overallRate ? { overallRate: cfg.overallRate } : {}),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [
      {
        method: 'POST',
        path: url.pathname,
        setupRequest(req) {
          if (next === pool.length) {
            next = 0;
            wrapped++;
          }
          const r = pool[next++];
          req.headers['X-Twilio-Signature'] = r.signature;
          req.body = r.body;
          return req;
        },
      },
    ],
  });
  // setupRequest runs once per connection up front (the first request's buffer) and then once per
  // request; `bodiesUsed` is therefore an upper bound on distinct bodies sent.
  const bodiesUsed = wrapped * pool.length + next;
  return {
    cpuPercent: cpuPercent(cpu0, t0),
    mode: 'autocannon',
    durationSec: result.duration,
    connections: cfg.connections,
    requestsTotal: result.requests.total,
    sent: result.requests.sent,
    status2xx: result['2xx'],
    non2xx: result.non2xx,
    statusCodeStats: result.statusCodeStats,
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
    rps2xx: result['2xx'] / result.duration,
    rpsAll: result.requests.total / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    poolSize: pool.length,
    poolWrapped: wrapped,
    bodiesUsed,
    bodyGenMs: Math.round(genMs),
  };
}

async function runPaced(cfg) {
  const total = Math.round(cfg.rate * cfg.duration);
  const reqs = buildInboundRequests({ ...cfg.bodies, count: total });
  const url = new URL(cfg.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.connections });
  const samples = new Array(total);
  let done = 0;
  let resolveAll;
  const allDone = new Promise((r) => (resolveAll = r));

  const send = (i) => {
    const r = reqs[i];
    const sentAt = nowMs();
    const finish = (status) => {
      samples[i] = [r.from, sentAt, nowMs() - sentAt, status];
      if (++done === total) resolveAll();
    };
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': r.body.length,
          'x-twilio-signature': r.signature,
        },
        timeout: (cfg.timeoutSec ?? 10) * 1000,
      },
      (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode));
        res.on('error', () => finish(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      if (samples[i] === undefined) finish(0);
    });
    req.end(r.body);
  };

  const cpu0 = process.cpuUsage();
  const { t0, maxLagMs: maxSendLagMs, lateOver5ms } = await pace(total, cfg.rate, send);
  const sendEnd = nowMs();
  await allDone;
  agent.destroy();
  const ok = samples.filter((s) => s[3] >= 200 && s[3] < 300).length;
  const statusCounts = {};
  for (const s of samples) statusCounts[s[3]] = (statusCounts[s[3]] ?? 0) + 1;
  return {
    cpuPercent: cpuPercent(cpu0, t0),
    mode: 'paced',
    rate: cfg.rate,
    connections: cfg.connections,
    planned: total,
    sendWindowSec: (sendEnd - t0) / 1000,
    achievedRate: total / ((sendEnd - t0) / 1000),
    status2xx: ok,
    statusCounts,
    maxSendLagMs: Math.round(maxSendLagMs * 100) / 100,
    sendsLateOver5ms: lateOver5ms,
    samples,
  };
}

const unescapeXml = (v) =>
  v.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>');

/**
 * cfg: { rate, duration, connections, publicUrl, authToken, teamNumber, fromBase, sidTag,
 *        gapsMs: [after incoming, after the redirect], expectSecond (a string step 2's TwiML contains) }
 * Sample per call: [from, incomingStatus, incomingMs, nextStatus, nextMs, statusStatus, statusMs,
 * statusSentAt, failure]; failure is null, or why the call stopped (its later fields are then null).
 */
async function runCalls(cfg) {
  const total = Math.round(cfg.rate * cfg.duration);
  const origin = new URL(cfg.publicUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.connections });
  const incomingTemplate = readFixture('voice-incoming.json');
  const statusTemplate = readFixture('voice-status-completed-short.json');
  const [gap1, gap2] = cfg.gapsMs ?? [0, 0];
  const timeoutMs = (cfg.timeoutSec ?? 10) * 1000;

  /** One signed form POST; resolves { status, text, sentAt, ms } (status 0 on a network error). */
  const post = (pathAndQuery, params) =>
    new Promise((resolve) => {
      const body = Buffer.from(new URLSearchParams(params).toString());
      const signature = twilioSignature(cfg.authToken, cfg.publicUrl + pathAndQuery, params);
      const sentAt = nowMs();
      let settled = false;
      const done = (status, text) => {
        if (settled) return;
        settled = true;
        resolve({ status, text, sentAt, ms: nowMs() - sentAt });
      };
      const req = http.request(
        {
          agent,
          host: origin.hostname,
          port: origin.port,
          path: pathAndQuery,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': body.length,
            'x-twilio-signature': signature,
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => done(res.statusCode, Buffer.concat(chunks).toString('utf8')));
          res.on('error', () => done(0, ''));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => done(0, ''));
      req.end(body);
    });

  const samples = new Array(total);
  const call = async (i) => {
    const from = fromNumber('unique', cfg.fromBase, i);
    const base = {
      CallSid: `CA${cfg.sidTag}${i.toString(16).padStart(24, '0')}`,
      From: from,
      Caller: from,
      To: cfg.teamNumber,
      Called: cfg.teamNumber,
    };
    const s = [from, null, null, null, null, null, null, null, null];
    samples[i] = s;
    const incoming = await post('/twilio/voice', { ...incomingTemplate, ...base });
    [s[1], s[2]] = [incoming.status, incoming.ms];
    const redirect = /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(incoming.text)?.[1];
    if (incoming.status !== 200) return void (s[8] = `incoming answered ${incoming.status}`);
    if (!redirect) return void (s[8] = `incoming TwiML has no <Redirect>: ${incoming.text.slice(0, 300)}`);
    const nextUrl = unescapeXml(redirect);
    if (!nextUrl.startsWith(cfg.publicUrl + '/')) return void (s[8] = `redirect outside PUBLIC_URL: ${nextUrl}`);
    await sleep(gap1);
    const next = await post(nextUrl.slice(cfg.publicUrl.length), {
      ...incomingTemplate,
      ...base,
      CallStatus: 'in-progress',
    });
    [s[3], s[4]] = [next.status, next.ms];
    if (next.status !== 200) return void (s[8] = `redirect answered ${next.status}`);
    if (cfg.expectSecond && !next.text.includes(cfg.expectSecond))
      return void (s[8] = `step 2 TwiML lacks "${cfg.expectSecond}": ${next.text.slice(0, 300)}`);
    await sleep(gap2);
    const status = await post('/twilio/voice/status', {
      ...statusTemplate,
      ...base,
      CallStatus: 'completed',
      CallDuration: '4',
    });
    [s[5], s[6], s[7]] = [status.status, status.ms, status.sentAt];
    if (status.status !== 204) s[8] = `status callback answered ${status.status}`;
  };

  const running = [];
  const cpu0 = process.cpuUsage();
  const { t0, maxLagMs: maxSendLagMs, lateOver5ms } = await pace(total, cfg.rate, (i) => running.push(call(i)));
  const startEnd = nowMs();
  await Promise.all(running);
  agent.destroy();
  return {
    cpuPercent: cpuPercent(cpu0, t0),
    mode: 'calls',
    rate: cfg.rate,
    connections: cfg.connections,
    planned: total,
    startWindowSec: (startEnd - t0) / 1000,
    achievedRate: total / ((startEnd - t0) / 1000),
    completed: samples.filter((s) => s[8] === null).length,
    maxStartLagMs: Math.round(maxSendLagMs * 100) / 100,
    startsLateOver5ms: lateOver5ms,
    samples,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `total` items at a fixed `rate` per second (an open model: a slow answer never delays the
 * next start), calling `start(i)` for each. Resolves when the last has started, with the start
 * time and how late starts ran behind their schedule.
 */
async function pace(total, rate, start) {
  const interval = 1000 / rate;
  const t0 = nowMs() + 20;
  let issued = 0;
  let maxLagMs = 0;
  let lateOver5ms = 0;
  await new Promise((resolveStarted) => {
    const tick = () => {
      const now = nowMs();
      while (issued < total && t0 + issued * interval <= now) {
        const lag = now - (t0 + issued * interval);
        if (lag > maxLagMs) maxLagMs = lag;
        if (lag > 5) lateOver5ms++;
        start(issued++);
      }
      if (issued < total) setTimeout(tick, Math.max(0, t0 + issued * interval - nowMs()));
      else resolveStarted();
    };
    setTimeout(tick, 20);
  });
  return { t0, maxLagMs, lateOver5ms };
}

/** CPU used by this process since `cpu0`, as a percentage of one core. */
function cpuPercent(cpu0, t0) {
  const used = process.cpuUsage(cpu0);
  return Math.round(((used.user + used.system) / 1000 / (nowMs() - t0)) * 1000) / 10;
}

try {
  const result =
    config.mode === 'paced'
      ? await runPaced(config)
      : config.mode === 'calls'
        ? await runCalls(config)
        : await runAutocannon(config);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} catch (err) {
  process.stderr.write(`load.mjs failed: ${err?.stack ?? err}\n`);
  process.exit(1);
}
