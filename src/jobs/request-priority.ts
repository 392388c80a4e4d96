const SAMPLE_MS = 250;
/** Requests in flight at once above which they are queueing behind jobs. */
const CONGESTED = 16;
const CLEAR = 4;
const MIN_CONCURRENCY = 2;

/**
 * When web and worker share one process, requests come first: Twilio gives a webhook 15 s and
 * does not resend an SMS, while a reply can wait a moment. While requests pile up, job concurrency
 * halves (down to 2); when they clear, it climbs back. A steady load that is answered promptly
 * keeps few requests in flight and is not throttled.
 */
export function prioritizeRequests(
  peakInFlight: () => number,
  setConcurrency: (n: number) => void,
  configured: number,
): () => void {
  let current = configured;
  const timer = setInterval(() => {
    const peak = peakInFlight();
    const next =
      peak >= CONGESTED
        ? Math.max(MIN_CONCURRENCY, Math.floor(current / 2))
        : peak <= CLEAR
          ? Math.min(configured, current * 2)
          : current;
    if (next !== current) setConcurrency((current = next));
  }, SAMPLE_MS);
  timer.unref();
  return () => clearInterval(timer);
}
