import { performance } from 'node:perf_hooks';

const SAMPLE_MS = 250;
const BUSY = 0.9;
const CALM = 0.7;
const MIN_CONCURRENCY = 2;

/**
 * When web and worker share one process, requests come first: Twilio gives a webhook 15 s and
 * does not resend an SMS, while a reply can wait a moment. While the event loop is nearly always
 * busy, job concurrency halves (down to 2); when it calms, it climbs back to the configured level.
 */
export function prioritizeRequests(setConcurrency: (n: number) => void, configured: number): () => void {
  let current = configured;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const next = utilization > BUSY ? Math.max(MIN_CONCURRENCY, Math.floor(current / 2)) : utilization < CALM ? Math.min(configured, current * 2) : current;
    if (next !== current) setConcurrency((current = next));
  }, SAMPLE_MS);
  timer.unref();
  return () => clearInterval(timer);
}
