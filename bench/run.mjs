#!/usr/bin/env node
// Switchboard benchmark harness — `npm run bench` (builds first) or `node bench/run.mjs`.
//
// Processes (all on 127.0.0.1; started and stopped by bench/processes.mjs):
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
// (calls/s of the call-lifecycle phase, default 40), BENCH_TOPOLOGY=split (web and worker as two
// processes; the webchat phase then adds a second web process), BENCH_GATEWAY_LOG_LEVEL (default warn),
// BENCH_WEBCHAT_WIDGETS (the webchat phase's widgets, default 1,000).
// Exit status: non-zero only when the harness itself fails; missed targets print MISS.
//
// Adding a phase: write bench/phases/<id>.mjs exporting
//   { id, title, always?, run(ctx) → result, report?(result) → lines }
// and list it in PHASES below (they run in that order; put it before `throughput`, which leaves a
// backlog behind). `run` gets the ctx built in main() (gateway, stub, sampler, load, bodies,
// expectRest, target, note, secs, options, run); its result lands in results.phases[id] and in
// `report`'s section of the printed report. ctx.target(...) adds a PASS/MISS line, ctx.note(...)
// a note. `always` phases run even when --phases= selects others. `title` may be a function of
// the options.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_DIR, ROOT_DIR, log, nowMs, round } from './lib.mjs';
import { callLifecycle } from './phases/call-lifecycle.mjs';
import { fixedRate } from './phases/fixed-rate.mjs';
import { inboxScale } from './phases/inbox-scale.mjs';
import { rulesEval } from './phases/rules-eval.mjs';
import { smoke } from './phases/smoke.mjs';
import { throughput } from './phases/throughput.mjs';
import { warmup } from './phases/warmup.mjs';
import { webchat } from './phases/webchat.mjs';
import { ProcSampler, mb, readProcStatus, systemCpuBusy } from './proc-sampler.mjs';
import {
  WEBHOOK_PATH,
  checkDependencies,
  cleanup,
  forkHelper,
  guardChildren,
  interruptedBy,
  runLoad,
  startGateway,
  stubClient,
} from './processes.mjs';
import { printReport } from './report.mjs';
import { TEAM_NUMBER, createSmsTeam } from './sms-team.mjs';

/** The phases, in run order. */
const PHASES = [smoke, warmup, fixedRate, callLifecycle, inboxScale, rulesEval, webchat, throughput];

const PEAK_RSS_TARGET_MB = 250; // gateway VmHWM over the whole run, below

// ───────────────────────────── options ─────────────────────────────
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick') || process.env.BENCH_QUICK === '1';
const phasesOption =
  [...args].find((a) => a.startsWith('--phases='))?.slice('--phases='.length) ?? process.env.BENCH_PHASES ?? null;
const options = {
  quick,
  onlyPhases: phasesOption
    ? phasesOption
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean)
    : null,
  callRate: Number(process.env.BENCH_CALL_RATE || 40),
};
/** A phase duration in seconds, shortened by --quick. */
const secs = (s) => Math.max(2, Math.round(s * (quick ? 0.3 : 1)));

// The run's identity and how the gateway is started: its own schema, queue prefix and credentials.
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14) + crypto.randomBytes(2).toString('hex');
const run = {
  stamp,
  schema: `bench_${stamp}`,
  queuePrefix: `bench${stamp}`,
  adminToken: 'bench-admin-' + crypto.randomBytes(16).toString('hex'),
  accountSid: 'AC' + crypto.randomBytes(16).toString('hex'),
  authToken: crypto.randomBytes(16).toString('hex'),
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  workerConcurrency: process.env.BENCH_WORKER_CONCURRENCY || '16',
  // e.g. "--cpu-prof --cpu-prof-dir=bench/results/prof"
  gatewayNodeArgs: (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  split: process.env.BENCH_TOPOLOGY === 'split',
  gatewayLogLevel: process.env.BENCH_GATEWAY_LOG_LEVEL || 'warn',
};

// ───────────────────────────── main ─────────────────────────────
async function main() {
  const started = nowMs();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const cpus = os.cpus();
  const results = {
    startedAt: new Date().toISOString(),
    quick,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model?.trim() ?? '?',
      totalMemMb: Math.round(os.totalmem() / 2 ** 20),
      platform: os.platform(),
      release: os.release(),
      node: process.version,
      loadavgAtStart: os.loadavg().map((v) => round(v, 2)),
    },
    config: {
      databaseUrl: run.databaseUrl.replace(/\/\/[^@/]*@/, '//***@'),
      redisUrl: run.redisUrl,
      schema: run.schema,
      queuePrefix: run.queuePrefix,
      workerConcurrency: Number(run.workerConcurrency),
      teamNumber: TEAM_NUMBER,
    },
    targets: [],
    notes: [],
    phases: {},
    gateway: {},
  };

  const unknown = (options.onlyPhases ?? []).filter((id) => !PHASES.some((ph) => ph.id === id));
  if (unknown.length)
    throw new Error(`unknown phase(s) ${unknown.join(', ')}; phases: ${PHASES.map((ph) => ph.id).join(', ')}`);
  await checkDependencies(run);
  // Other work on the machine skews every figure: measure it before starting anything.
  results.machine.cpuBusyBeforeStartPercent = await systemCpuBusy(1000);
  if (results.machine.cpuBusyBeforeStartPercent > 20) {
    results.notes.push(
      `the machine was already ${results.machine.cpuBusyBeforeStartPercent}% busy (all CPUs) before the bench started: figures are noisy`,
    );
  }
  const stub = await forkHelper('stub', 'twilio-stub.mjs', {
    STUB_ACCOUNT_SID: run.accountSid,
    STUB_AUTH_TOKEN: run.authToken,
  });
  log(`Twilio stub on 127.0.0.1:${stub.port} (pid ${stub.child.pid})`);
  const baseline = await forkHelper('baseline', 'baseline-server.mjs');
  log(`bare Express baseline on 127.0.0.1:${baseline.port} (pid ${baseline.child.pid})`);
  const gateway = await startGateway(run, stub.port);
  log(`gateway ready on ${gateway.publicUrl} (pid ${gateway.pid}); log → ${gateway.logFile}`);
  const sampler = new ProcSampler(gateway.pid);
  const rssAtReadyMb = mb(readProcStatus(gateway.pid)?.rssKb ?? NaN);
  const team = await createSmsTeam(gateway);
  log(`team ${team.id} on ${TEAM_NUMBER}: always closed, after_hours_text on every message`);

  const sidTag = (tag) =>
    crypto
      .createHash('sha1')
      .update(run.stamp + tag)
      .digest('hex')
      .slice(0, 8);
  const ctx = {
    options,
    run,
    secs,
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
    /** An 8-hex MessageSid/CallSid tag; each call site passes its own tag so sids never collide. */
    sidTag,
    /** Body spec for load.mjs: signed inbound SMS webhooks to the SMS team. */
    bodies(tag, fromScheme, fromBase = null, count = 0) {
      return {
        count,
        sidTag: sidTag(tag),
        fromScheme,
        fromBase,
        authToken: run.authToken,
        publicUrl: gateway.publicUrl,
        path: WEBHOOK_PATH,
        to: TEAM_NUMBER,
      };
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
    if (options.onlyPhases && !phase.always && !options.onlyPhases.includes(phase.id)) continue;
    log(`phase ${phase.id}: ${typeof phase.title === 'function' ? phase.title(options) : phase.title}`);
    const t0 = nowMs();
    results.phases[phase.id] = { ...(await phase.run(ctx)), elapsedSec: round((nowMs() - t0) / 1000, 1) };
    if (gateway.exited())
      throw new Error(
        `gateway exited during phase ${phase.id} (${JSON.stringify(gateway.exited())}); last output:\n${gateway.tail()}`,
      );
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
  if (restStats.authFailures || restStats.otherRequests)
    ctx.note(
      `stub: ${restStats.authFailures} auth failures, ${restStats.otherRequests} unexpected requests ${JSON.stringify(restStats.unknownSample)}`,
    );
  if (restStats.listCalls)
    ctx.note(
      `stub: the gateway listed messages ${restStats.listCalls}× (its "was it sent after all?" check after an ambiguous send)`,
    );
  const lc = results.gateway.log.counts;
  if (lc.error || lc.fatal)
    ctx.note(
      `gateway logged ${lc.error} error and ${lc.fatal} fatal lines; first: ${results.gateway.log.first.error[0] ?? results.gateway.log.first.fatal[0]}`,
    );
  ctx.target(
    'gateway peak RSS (VmHWM)',
    results.gateway.peakRssMb,
    `< ${PEAK_RSS_TARGET_MB} MB`,
    results.gateway.peakRssMb < PEAK_RSS_TARGET_MB,
    (v) => `${v} MB`,
  );
  results.elapsedSec = round((nowMs() - started) / 1000, 1);
  results.machine.loadavgAtEnd = os.loadavg().map((v) => round(v, 2));

  printReport(results, PHASES);
  const file = path.join(RESULTS_DIR, 'latest.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`results → ${path.relative(ROOT_DIR, file)} (${results.elapsedSec} s)`);
}

guardChildren();
let exitCode = 0;
try {
  await main();
} catch (err) {
  const interrupted = interruptedBy();
  exitCode = interrupted ? 130 : 1;
  if (interrupted) log(`interrupted by ${interrupted}; no results written`);
  else log(`HARNESS ERROR: ${err?.stack ?? err}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
