import type { RequestHandler } from 'express';

/** Counts requests in flight, and the most seen at once since the last look. */
export class RequestPressure {
  private inFlight = 0;
  private peak = 0;

  readonly middleware: RequestHandler = (req, res, next) => {
    // A web chat stream stays open for as long as the widget does: it is not work waiting for an answer.
    if (req.get('accept')?.includes('text/event-stream')) {
      next();
      return;
    }
    this.inFlight += 1;
    if (this.inFlight > this.peak) this.peak = this.inFlight;
    res.once('close', () => {
      this.inFlight -= 1;
    });
    next();
  };

  /** The most requests in flight at once since the previous call. */
  takePeak(): number {
    const peak = this.peak;
    this.peak = this.inFlight;
    return peak;
  }
}
