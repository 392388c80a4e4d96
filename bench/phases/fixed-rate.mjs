// Open-loop 200 req/s: the webhook answer and webhook → REST call latencies the targets are about.
import { round } from '../lib.mjs';
import { latencyTable, num } from '../report.mjs';
import { correlate, waitForRest } from '../rest-calls.mjs';

const TARGETS = {
  webhookP99Ms: 100, // webhook answer p99, below
  restP99Ms: 100, // webhook sent → REST call received p99, below
};

export const fixedRate = {
  id: 'fixed-rate',
  title: 'Fixed rate 200 req/s, 20 connections: webhook answer and webhook → REST latency',
  async run(ctx) {
    const rate = 200;
    const duration = ctx.secs(15);
    const prefix = '+1646';
    const restBefore = (await ctx.stub.stats()).created;
    const win = ctx.sampler.window();
    const load = await ctx.load({
      mode: 'paced',
      url: ctx.gateway.webhookUrl,
      rate,
      duration,
      connections: 20,
      bodies: ctx.bodies('rate', 'unique', prefix),
    });
    ctx.expectRest(load.status2xx);
    const wait = await waitForRest(ctx, load.status2xx, 60_000, prefix);
    const usage = win.end();
    const { answer, rest, arrived, missing, missingSample, restRate } = await correlate(ctx, load, prefix);
    if (missing)
      ctx.note(
        `fixed-rate: ${missing} accepted webhooks got no REST call within 60 s (e.g. ${missingSample.join(', ')})`,
      );
    if (load.status2xx !== load.planned)
      ctx.note(
        `fixed-rate: ${load.planned - load.status2xx} webhooks not answered 2xx: ${JSON.stringify(load.statusCounts)}`,
      );
    if (load.sendsLateOver5ms > load.planned * 0.01)
      ctx.note(
        `fixed-rate: the load generator sent ${load.sendsLateOver5ms} requests > 5 ms late (max ${load.maxSendLagMs} ms)`,
      );
    ctx.target(
      'webhook answer p99 @200/s',
      answer.p99,
      `< ${TARGETS.webhookP99Ms} ms`,
      answer.p99 !== null && answer.p99 < TARGETS.webhookP99Ms,
      (v) => `${v} ms`,
    );
    ctx.target(
      'webhook → REST call p99 @200/s',
      rest.p99,
      `< ${TARGETS.restP99Ms} ms`,
      rest.p99 !== null && rest.p99 < TARGETS.restP99Ms,
      (v) => `${v} ms`,
    );
    ctx.target(
      'REST calls arrived / accepted',
      `${arrived}/${load.status2xx}`,
      'all',
      missing === 0 && load.status2xx === load.planned,
      (v) => v,
    );
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
  report: (f) => [
    `Fixed rate ${f.rate} req/s × ${f.durationSec} s (${f.connections} connections), ${f.sent} sent, ${f.status2xx} 2xx, achieved ${num(f.achievedRate)} req/s`,
    ...latencyTable([
      ['webhook answer', f.webhookAnswerMs],
      ['webhook → REST call', f.webhookToRestMs],
    ]),
    `  REST calls arrived ${f.restArrived}/${f.status2xx} (missing ${f.restMissing}, the last ${num(f.waitForRestMs / 1000)} s after the last send; REST calls came at ${num(f.restCallRate)}/s); gateway CPU ${num(f.cpuPercent)}% (phase incl. wait); load generator CPU ${num(f.loadGeneratorCpuPercent)}%`,
  ],
};
