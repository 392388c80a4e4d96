// Closed-loop maximum: bare Express and the gateway under the same load. Runs last: it leaves a
// backlog behind, which it drains (bounded) itself.
import { round } from '../lib.mjs';
import { num, pad } from '../report.mjs';
import { waitForRest } from '../rest-calls.mjs';

const TARGETS = {
  throughputRatio: 0.3, // gateway accepted req/s ÷ bare Express req/s, at least
};

export const throughput = {
  id: 'throughput',
  title: 'Max throughput: bare Express vs gateway, 50 connections, pipelining 1',
  async run(ctx) {
    const duration = ctx.secs(10);
    const common = { mode: 'autocannon', connections: 50 };
    // Baseline: warm-up then measure. Same pre-signed bodies, same per-request generator work.
    await ctx.load({ ...common, url: ctx.baseline.url, duration: 2, bodies: ctx.bodies('bwarm', 'pool', null, 5000) });
    const baseline = await ctx.load({
      ...common,
      url: ctx.baseline.url,
      duration,
      bodies: ctx.bodies('base', 'pool', null, 5000),
    });

    // Gateway (warmed up by the earlier phases, its queue empty). Every request has a fresh
    // MessageSid while the pool lasts (a repeat would be a cheap duplicate answer).
    const restBefore = (await ctx.stub.stats()).created;
    const win = ctx.sampler.window();
    const gateway = await ctx.load({
      ...common,
      url: ctx.gateway.webhookUrl,
      duration,
      bodies: ctx.bodies('gmax', 'pool', null, 80_000),
    });
    const restDuringLoad = (await ctx.stub.stats()).created - restBefore;
    const usage = win.end();
    // A wrapped pool repeats MessageSids: those are answered 2xx as duplicates and make no new REST call.
    const accepted = gateway.poolWrapped ? Math.min(gateway.status2xx, gateway.poolSize) : gateway.status2xx;
    if (gateway.poolWrapped)
      ctx.note(
        `throughput: body pool (${gateway.poolSize}) wrapped ${gateway.poolWrapped}×; repeated MessageSids were answered as duplicates`,
      );
    ctx.expectRest(accepted);
    // The burst leaves a backlog in the queue: wait (bounded, to keep the run near two minutes)
    // until every accepted webhook has had its REST call. This runs last so no phase inherits it.
    const drain = await waitForRest(ctx, ctx.expectedRest, ctx.secs(30) * 1000);
    const restAfter = drain.stats.created - restBefore;
    if (!drain.reached)
      ctx.note(
        `throughput: backlog not drained ${drain.waitedMs} ms after the burst (${drain.stats.created}/${ctx.expectedRest} REST calls so far; the worker was still sending, nothing was lost as far as the stub can tell)`,
      );
    if (gateway.non2xx || gateway.errors || gateway.timeouts)
      ctx.note(
        `throughput: gateway non-2xx ${gateway.non2xx}, errors ${gateway.errors}, timeouts ${gateway.timeouts}; codes ${JSON.stringify(gateway.statusCodeStats)}`,
      );

    const ratio = gateway.rps2xx / baseline.rps2xx;
    ctx.target(
      'throughput ratio gateway/baseline',
      ratio,
      `≥ ${TARGETS.throughputRatio}`,
      ratio >= TARGETS.throughputRatio,
      (v) => v.toFixed(3),
    );
    const pick = (r) => ({
      loadGeneratorCpuPercent: r.cpuPercent,
      durationSec: r.durationSec,
      requests: r.requestsTotal,
      status2xx: r.status2xx,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      rps2xx: round(r.rps2xx, 1),
      latencyMs: r.latencyMs,
      statusCodeStats: r.statusCodeStats,
    });
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
  report: (t) => [
    'Max throughput (50 connections, pipelining 1, accepted = 2xx)',
    `  ${pad('', 20)}${pad('req/s', 10)}${pad('2xx', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}`,
    ...[
      ['bare Express', t.baseline],
      ['gateway', t.gateway],
    ].map(
      ([name, r]) =>
        `  ${pad(name, 20)}${pad(num(r.rps2xx), 10)}${pad(r.status2xx, 9)}${pad(r.non2xx, 9)}${pad(r.errors + r.timeouts, 8)}${pad(num(r.latencyMs.p50, 0), 8)}${pad(num(r.latencyMs.p99, 0), 8)}`,
    ),
    `  ratio gateway/baseline: ${num(t.ratio, 3)}   gateway CPU ${num(t.gateway.cpuPercent)}% of one core; load generator CPU ${num(t.baseline.loadGeneratorCpuPercent)}% (baseline) / ${num(t.gateway.loadGeneratorCpuPercent)}% (gateway)`,
    `  worker: ${t.gateway.restCallsDuringLoad} REST calls during the ${num(t.gateway.durationSec, 0)} s burst (${num(t.gateway.workerRestRateDuringLoad)}/s); backlog ${t.gateway.drained ? 'drained' : 'NOT drained'} ${num(t.gateway.drainWaitMs / 1000)} s after`,
  ],
};
