// Always runs, after smoke: brings the gateway to steady state (JIT, pools) before anything is measured.
import { waitForRest } from '../rest-calls.mjs';

export const warmup = {
  id: 'warmup',
  always: true,
  title: 'Gateway warm-up (JIT, pools) at the measured rate: 600 webhooks at 200 req/s, waits for every REST call',
  async run(ctx) {
    const prefix = '+1313';
    // Steady state is what the targets are about: warm up at the rate the next phase measures.
    const load = await ctx.load({
      mode: 'paced',
      url: ctx.gateway.webhookUrl,
      rate: 200,
      duration: 3,
      connections: 20,
      bodies: ctx.bodies('gwarm', 'unique', prefix),
    });
    ctx.expectRest(load.status2xx);
    const wait = await waitForRest(ctx, load.status2xx, 30_000, prefix);
    if (!wait.reached)
      ctx.note(
        `warmup: only ${wait.received} of ${load.status2xx} REST calls arrived within 30 s; the next phase starts with a backlog`,
      );
    return { sent: load.planned, status2xx: load.status2xx, restArrived: wait.received, waitForRestMs: wait.waitedMs };
  },
};
