import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One post as the receiver got it. */
export interface ReceivedPost {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

export interface WebhookReceiver {
  /** Every post, in the order they came. */
  readonly received: readonly ReceivedPost[];
  /** A fresh endpoint URL that answers `statuses` in turn, then 200. */
  endpoint(...statuses: number[]): string;
  /** Like endpoint(), but each answer comes `delayMs` after the post (a slow receiver). */
  slowEndpoint(delayMs: number, ...statuses: number[]): string;
  /** The posts made to an `endpoint()` URL. */
  postsTo(url: string): ReceivedPost[];
  close(): Promise<void>;
}

/** A team's own webhook endpoint on loopback: answers each endpoint from its script (then 200) and keeps every post. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedPost[] = [];
  const scripts = new Map<string, number[]>();
  const delays = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const status = scripts.get(path)?.shift() ?? 200;
      const answer = () => {
        if (!res.destroyed) res.writeHead(status).end();
      };
      const delayMs = delays.get(path) ?? 0;
      if (delayMs > 0) setTimeout(answer, delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const receiver: WebhookReceiver = {
    received,
    endpoint(...statuses) {
      const path = `/hooks/${crypto.randomUUID()}`;
      scripts.set(path, statuses);
      return `${base}${path}`;
    },
    slowEndpoint(delayMs, ...statuses) {
      const url = receiver.endpoint(...statuses);
      delays.set(new URL(url).pathname, delayMs);
      return url;
    },
    postsTo: (url) => received.filter((r) => `${base}${r.path}` === url),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
