import http from 'node:http';
import https from 'node:https';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
// The SDK's response.d.ts is CommonJS with `export default`, which NodeNext exposes as `.default`.
import type * as SdkResponse from 'twilio/lib/http/response.js';

/** The SDK's RestException, with the response headers it leaves out (Retry-After lives there). */
export type RestExceptionWithHeaders = InstanceType<typeof twilio.RestException> & {
  readonly headers: Readonly<Record<string, unknown>>;
};

// api.twilio.com and the edge/region forms (api.dublin.ie1.twilio.com) that TWILIO_EDGE/TWILIO_REGION produce.
const TWILIO_API_ORIGIN = /^https:\/\/api(?:\.[a-z0-9-]+)*\.twilio\.com(?::443)?(?=[/?]|$)/i;

/**
 * The SDK's HTTP transport (its `httpClient` option): the SDK still builds, signs with Basic auth,
 * serializes and parses every call; this sends it with node:http(s) on keep-alive agents.
 * - Requests to the Twilio REST API go to `apiBaseUrl` instead (a stub, a proxy).
 * - An error status is thrown as the SDK's RestException plus the response headers, where
 *   `Retry-After` lives (the SDK would throw it from status and body alone).
 * The SDK's default transport (axios) costs about 1 ms of CPU per call more, measured; and no
 * AsyncLocalStorage here: it turns on promise hooks for the whole process.
 */
export class RebasedRequestClient {
  readonly #apiBaseUrl: string;
  readonly #timeoutMs: number;
  readonly #agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  constructor(apiBaseUrl: string, timeoutMs: number) {
    this.#apiBaseUrl = apiBaseUrl.replace(/\/+$/, '');
    this.#timeoutMs = timeoutMs;
  }

  async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<SdkResponse.default<TData>> {
    const url = new URL(opts.uri.replace(TWILIO_API_ORIGIN, () => this.#apiBaseUrl));
    if (opts.params) url.search = formEncode(opts.params as Record<string, unknown>);
    const headers: Record<string, string> = { ...opts.headers, Connection: 'keep-alive' };
    if (opts.username && opts.password)
      headers.Authorization = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
    const body =
      opts.data && headers['Content-Type'] === 'application/x-www-form-urlencoded' ? formEncode(opts.data) : undefined;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const response = await this.#send(url, opts.method.toUpperCase(), headers, body, opts.timeout ?? this.#timeoutMs);
    if (response.statusCode >= 400) {
      throw Object.assign(new twilio.RestException(response), {
        headers: response.headers,
      }) as RestExceptionWithHeaders;
    }
    return response as unknown as SdkResponse.default<TData>;
  }

  #send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number) {
    const secure = url.protocol === 'https:';
    return new Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      const req = (secure ? https : http).request(
        url,
        { method, headers, agent: secure ? this.#agents.https : this.#agents.http },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({
              statusCode: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            });
          });
          res.on('error', fail);
        },
      );
      // The whole exchange, as axios times it; the same code axios gives: the request may have reached Twilio.
      const timer = setTimeout(() => {
        const err = Object.assign(new Error(`timeout of ${timeoutMs}ms exceeded`), { code: 'ECONNABORTED' });
        req.destroy(err);
        fail(err);
      }, timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
  }
}

/** Form encoding as the SDK's own transport does it (qs, arrayFormat "repeat"). */
function formEncode(values: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value])
      form.append(key, item instanceof Date ? item.toISOString() : String(item));
  }
  return form.toString();
}
