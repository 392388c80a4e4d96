// The REST calls the stub received, as the phases check them: wait until they have arrived, and
// pair each webhook with the REST call it caused.
import { nowMs, round, sleep, summarize } from './lib.mjs';

/**
 * Waits until the stub has received `expected` Messages.json POSTs: to distinct numbers starting
 * with `prefix` when given (exact: one unique From per webhook), else in total. In total mode it
 * then also waits until 1 s passes without a new call, because a closed-loop run stops with
 * requests in flight that the gateway accepted but the load generator never counted.
 */
export async function waitForRest(ctx, expected, timeoutMs, prefix = null) {
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
export async function correlate(ctx, load, prefix) {
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
  return {
    answer: summarize(answerMs),
    rest: summarize(restMs),
    arrived: restMs.length,
    missing,
    missingSample,
    restRate: round(restRate, 1),
  };
}
