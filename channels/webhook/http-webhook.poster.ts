import { ChannelError, type WebhookPost, type WebhookPoster } from '../contract.js';
// Retry-After is plain HTTP, not Twilio's: one parser for both.
import { parseRetryAfter } from '../twilio/retry-after.js';

export const WEBHOOK_TIMEOUT_MS = 5_000;

/** Answers worth another try: the endpoint is busy, slow or down. Any other non-2xx is final. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429]);
const isRetryableStatus = (status: number) => RETRYABLE_STATUSES.has(status) || status >= 500;

/**
 * Posts JSON to a team's own endpoint with fetch. Redirects are not followed: the signed request
 * goes to the URL the team configured, or nowhere.
 */
export class HttpWebhookPoster implements WebhookPoster {
  constructor(
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
    private readonly userAgent = 'Switchboard-Webhooks/1',
  ) {}

  async post(request: WebhookPost): Promise<{ status: number }> {
    const url = parseEndpoint(request.url);
    // Header names are case-insensitive: the caller's replace the defaults, whatever their case.
    const headers = new Headers({ 'content-type': 'application/json', 'user-agent': this.userAgent });
    for (const [name, value] of Object.entries(request.headers)) headers.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body: request.body,
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw toNetworkError(err, this.timeoutMs);
    }
    // The answer's body is never read: drop it so the connection is freed.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { status: response.status };
    const retryable = isRetryableStatus(response.status);
    throw new ChannelError(
      `the webhook endpoint answered ${response.status}`,
      `http_${response.status}`,
      retryable,
      retryable ? parseRetryAfter(response.headers.get('retry-after') ?? undefined) : null,
    );
  }
}

function parseEndpoint(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ChannelError(`not a valid webhook URL: ${raw}`, 'invalid_url', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ChannelError(`a webhook URL must be http or https, not ${url.protocol}`, 'invalid_url', false);
  }
  return url;
}

function toNetworkError(err: unknown, timeoutMs: number): ChannelError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ChannelError(`the webhook endpoint did not answer within ${timeoutMs} ms`, 'timeout', true);
  }
  // fetch reports "fetch failed" and keeps the socket's error (ECONNREFUSED, …) as its cause.
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : 'network_error';
  const detail = typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err);
  return new ChannelError(`the webhook request failed: ${detail}`, code, true);
}
