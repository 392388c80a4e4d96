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
 * The SDK's own RequestClient (auth, user agent, form encoding, timeout), with two additions:
 * requests to the Twilio REST API go to `apiBaseUrl` instead (a stub, a proxy), and an error
 * status is thrown here as the SDK's RestException plus the response headers. The SDK would throw
 * it from the status and body alone, and `Retry-After` is only visible here. (No
 * AsyncLocalStorage: it turns on promise hooks for the whole process, a measurable cost.)
 */
export class RebasedRequestClient extends twilio.RequestClient {
  readonly #apiBaseUrl: string;

  constructor(apiBaseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs });
    this.#apiBaseUrl = apiBaseUrl.replace(/\/+$/, '');
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<SdkResponse.default<TData>> {
    const uri = opts.uri.replace(TWILIO_API_ORIGIN, () => this.#apiBaseUrl);
    const response = await super.request({ ...opts, uri });
    if (response.statusCode >= 400) {
      throw Object.assign(new twilio.RestException(response), { headers: response.headers ?? {} }) as RestExceptionWithHeaders;
    }
    return response;
  }
}
