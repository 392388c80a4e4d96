import { ChannelError } from '../contract.js';
import { parseRetryAfter } from './retry-after.js';

/** Twilio error codes that no retry can fix, whatever HTTP status they come with. */
const PERMANENT_ERROR_CODES: ReadonlySet<number> = new Set([
  21610, // recipient replied STOP
  21211, // invalid To number
  21614, // To is not a mobile number
  63016, // WhatsApp free-form message outside the 24 h window
  21408, // no permission to send to this region
  21612, // To is not reachable from this From
]);

/**
 * Network failures by code: `ambiguous` when the request may already have reached Twilio.
 * Codes not listed here count as ambiguous, the safe side: the next try looks before it sends.
 */
const NETWORK_FAILURES: Readonly<Record<string, { readonly ambiguous: boolean }>> = {
  ECONNREFUSED: { ambiguous: false },
  ENOTFOUND: { ambiguous: false },
  EAI_AGAIN: { ambiguous: false },
  EHOSTUNREACH: { ambiguous: false },
  ENETUNREACH: { ambiguous: false },
  ECONNRESET: { ambiguous: true }, // also "socket hang up"
  EPIPE: { ambiguous: true },
  ETIMEDOUT: { ambiguous: true },
  ECONNABORTED: { ambiguous: true }, // axios' request timeout
};

/** Turns whatever a Twilio SDK call threw into a ChannelError that says whether and when to retry. */
export function toChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = numberProperty(error, 'status');
  if (status !== undefined) {
    const twilioCode = numberProperty(error, 'code');
    const code = twilioCode === undefined ? `http_${status}` : String(twilioCode);
    const retryable =
      (status === 429 || status >= 500) && !(twilioCode !== undefined && PERMANENT_ERROR_CODES.has(twilioCode));
    const headers = (error as { headers?: Readonly<Record<string, unknown>> }).headers ?? {};
    const retryAfterMs = retryable ? parseRetryAfter(headerValue(headers, 'retry-after')) : null;
    return new ChannelError(`Twilio answered ${status}: ${message}`, code, retryable, retryAfterMs);
  }
  const networkCode = stringProperty(error, 'code');
  const ambiguous = networkCode === undefined || (NETWORK_FAILURES[networkCode]?.ambiguous ?? true);
  return new ChannelError(`Twilio request failed: ${message}`, networkCode ?? null, true, null, ambiguous);
}

function headerValue(headers: Readonly<Record<string, unknown>>, name: string): unknown {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function numberProperty(value: unknown, key: string): number | undefined {
  const property = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof property === 'number' ? property : undefined;
}

function stringProperty(value: unknown, key: string): string | undefined {
  const property = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof property === 'string' ? property : undefined;
}
