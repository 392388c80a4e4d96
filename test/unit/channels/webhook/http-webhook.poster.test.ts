import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../../../channels/contract.js';
import { HttpWebhookPoster } from '../../../../channels/webhook/http-webhook.poster.js';

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('HttpWebhookPoster', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  // The path says how to answer: /status/503?retry-after=7, /hang.
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/hang') return; // never answers
        const status = Number(url.pathname.split('/')[2] ?? 200);
        const retryAfter = url.searchParams.get('retry-after');
        if (retryAfter) res.setHeader('Retry-After', retryAfter);
        if (status >= 300 && status < 400) res.setHeader('Location', `${base}/status/200`);
        res.writeHead(status).end('answer body');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const poster = new HttpWebhookPoster(300);
  const post = (path: string) =>
    poster.post({ url: `${base}${path}`, body: '{"a":"é"}', headers: { 'X-Switchboard-Event': 'rla.breach' } });
  async function failureOf(p: Promise<unknown>): Promise<ChannelError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChannelError);
    return err as ChannelError;
  }

  it('posts the body byte for byte as JSON with the given headers and resolves on 2xx with the status', async () => {
    seen.length = 0;
    expect(await post('/status/200')).toEqual({ status: 200 });
    expect(await post('/status/204')).toEqual({ status: 204 });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"a":"é"}' });
    expect(seen[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-switchboard-event': 'rla.breach',
      'user-agent': 'Switchboard-Webhooks/1',
    });
  });

  it("lets the caller's headers replace the defaults whatever their case, never doubling them", async () => {
    seen.length = 0;
    await poster.post({
      url: `${base}/status/200`,
      body: '{}',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'USER-AGENT': 'test' },
    });
    expect(seen[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(seen[0]!.headers['user-agent']).toBe('test');
  });

  it.each<[string, string, { code: string; retryable: boolean; retryAfterMs: number | null }]>([
    ['a 500', '/status/500', { code: 'http_500', retryable: true, retryAfterMs: null }],
    ['a 503 with Retry-After', '/status/503?retry-after=7', { code: 'http_503', retryable: true, retryAfterMs: 7_000 }],
    ['a 429 with Retry-After', '/status/429?retry-after=2', { code: 'http_429', retryable: true, retryAfterMs: 2_000 }],
    ['a 408', '/status/408', { code: 'http_408', retryable: true, retryAfterMs: null }],
    ['a 400', '/status/400', { code: 'http_400', retryable: false, retryAfterMs: null }],
    [
      'a 404 (Retry-After ignored)',
      '/status/404?retry-after=5',
      { code: 'http_404', retryable: false, retryAfterMs: null },
    ],
    ['a 410', '/status/410', { code: 'http_410', retryable: false, retryAfterMs: null }],
    ['a redirect, not followed', '/status/301', { code: 'http_301', retryable: false, retryAfterMs: null }],
  ])('maps %s', async (_name, path, expected) => {
    expect(await failureOf(post(path))).toMatchObject(expected);
  });

  it('gives up on an endpoint that does not answer in time, as retryable', async () => {
    const started = Date.now();
    expect(await failureOf(post('/hang'))).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports a refused connection as retryable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failureOf(poster.post({ url: `http://127.0.0.1:${port}/`, body: '{}', headers: {} }));
    expect(err).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
  });

  it.each(['not a url', 'ftp://example.com/hook', 'file:///etc/passwd'])('refuses %s without a retry', async (url) => {
    expect(await failureOf(poster.post({ url, body: '{}', headers: {} }))).toMatchObject({
      code: 'invalid_url',
      retryable: false,
    });
  });
});
