// Load generator, run in its own process by bench/run.mjs so its CPU use is separate from the
// harness and the stubs. Config: JSON in env BENCH_LOAD_CONFIG. Result: one JSON line on stdout.
//
// mode 'autocannon' — closed-loop max throughput (pipelining 1). Every request takes the next
//   pre-signed body from a pool shared by all connections (unique MessageSid while the pool lasts).
// mode 'paced' — open-loop fixed rate with our own scheduler over a keep-alive agent
//   (maxSockets = connections). Request i is due at t0 + i/rate; its send time is recorded when it
//   is handed to http.request, so latency includes any wait for a free connection (no coordinated
//   omission). Returns one sample per request: [from, sentAt, latencyMs, status].
import http from 'node:http';
import autocannon from 'autocannon';
import { buildInboundRequests, nowMs } from './lib.mjs';

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
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
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
  const interval = 1000 / cfg.rate;
  const samples = new Array(total);
  let issued = 0;
  let done = 0;
  let maxSendLagMs = 0;
  let lateOver5ms = 0;
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
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': r.body.length, 'x-twilio-signature': r.signature },
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
  const t0 = nowMs() + 20;
  await new Promise((resolveSent) => {
    const tick = () => {
      const now = nowMs();
      while (issued < total && t0 + issued * interval <= now) {
        const lag = now - (t0 + issued * interval);
        if (lag > maxSendLagMs) maxSendLagMs = lag;
        if (lag > 5) lateOver5ms++;
        send(issued++);
      }
      if (issued < total) setTimeout(tick, Math.max(0, t0 + issued * interval - nowMs()));
      else resolveSent();
    };
    setTimeout(tick, 20);
  });
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

/** CPU used by this process since `cpu0`, as a percentage of one core. */
function cpuPercent(cpu0, t0) {
  const used = process.cpuUsage(cpu0);
  return Math.round(((used.user + used.system) / 1000 / (nowMs() - t0)) * 1000) / 10;
}

try {
  const result = config.mode === 'paced' ? await runPaced(config) : await runAutocannon(config);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} catch (err) {
  process.stderr.write(`load.mjs failed: ${err?.stack ?? err}\n`);
  process.exit(1);
}
