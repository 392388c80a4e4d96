import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
// The SDK's response.d.ts is CommonJS with `export default`, which NodeNext exposes as `.default`.
import type * as SdkResponse from 'twilio/lib/http/response.js';

/** The headers of the last HTTP response an SDK call received. */
export interface ResponseRecord {
  headers: Readonly<Record<string, unknown>>;
}

// api.twilio.com and the edge/region forms (api.dublin.ie1.twilio.com) that TWILIO_EDGE/TWILIO_REGION produce.
const TWILIO_API_ORIGIN = /^https:\/\/api(?:\.[a-z0-9-]+)*\.twilio\.com(?::443)?(?=[/?]|$)/i;

/**
 * The SDK's own RequestClient (auth, user agent, form encoding, timeout), with two additions:
 * requests to the Twilio REST API go to `apiBaseUrl` instead (a stub, a proxy), and response
 * headers are recorded for the call running under `recording()`. The SDK throws RestException
 * from the status and body alone, so this is where `Retry-After` is still visible.
 */
export class RebasedRequestClient extends twilio.RequestClient {
  readonly #apiBaseUrl: string;
  readonly #records = new AsyncLocalStorage<ResponseRecord>();

  constructor(apiBaseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs });
    this.#apiBaseUrl = apiBaseUrl.replace(/\/+$/, '');
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<SdkResponse.default<TData>> {
    const uri = opts.uri.replace(TWILIO_API_ORIGIN, () => this.#apiBaseUrl);
    const response = await super.request({ ...opts, uri });
    const record = this.#records.getStore();
    if (record) record.headers = response.headers ?? {};
    return response;
  }

  /** Runs one SDK call, writing the headers of each response it receives into `record` (per call, safe under concurrency). */
  recording<T>(record: ResponseRecord, call: () => Promise<T>): Promise<T> {
    return this.#records.run(record, call);
  }
}
