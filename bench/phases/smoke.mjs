// Always runs first: proves the whole path works (webhook → worker → REST call) and measures it unloaded.
import { correlate, waitForRest } from '../rest-calls.mjs';
import { num } from '../report.mjs';

export const smoke = {
  id: 'smoke',
  always: true,
  title: 'End-to-end check and unloaded latency: 40 webhooks at 20 req/s, every reply reaches the stub',
  async run(ctx) {
    const prefix = '+1415';
    const load = await ctx.load({
      mode: 'paced',
      url: ctx.gateway.webhookUrl,
      rate: 20,
      duration: 2,
      connections: 4,
      bodies: ctx.bodies('smoke', 'unique', prefix),
    });
    ctx.expectRest(load.status2xx);
    const wait = await waitForRest(ctx, load.status2xx, 15_000, prefix);
    const c = await correlate(ctx, load, prefix);
    if (load.status2xx !== load.planned)
      ctx.note(
        `smoke: ${load.planned - load.status2xx} webhook(s) not answered 2xx: ${JSON.stringify(load.statusCounts)}`,
      );
    if (c.missing)
      ctx.note(
        `smoke: ${c.missing} of ${load.status2xx} accepted webhooks got no REST call within 15 s (e.g. ${c.missingSample.join(', ')})`,
      );
    return {
      rate: 20,
      sent: load.planned,
      status2xx: load.status2xx,
      statusCounts: load.statusCounts,
      restArrived: c.arrived,
      restMissing: c.missing,
      waitForRestMs: wait.waitedMs,
      webhookAnswerMs: c.answer,
      webhookToRestMs: c.rest,
    };
  },
  report: (sm) => [
    `Unloaded (${sm.rate} req/s, ${sm.sent} sent, ${sm.status2xx} 2xx, ${sm.restArrived} REST calls): webhook answer p50 ${num(sm.webhookAnswerMs.p50)} / p99 ${num(sm.webhookAnswerMs.p99)} ms; webhook → REST p50 ${num(sm.webhookToRestMs.p50)} / p99 ${num(sm.webhookToRestMs.p99)} ms`,
  ],
};
