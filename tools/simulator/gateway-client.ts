import { twilioSignature } from './twilio-signing.js';
import type { TwilioForm } from './twilio-forms.js';

/** A failure the simulator explains in one sentence and exits on (1: the run failed). */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';
}

/** One webhook as it was posted and answered. */
export interface WebhookExchange {
  readonly path: string;
  readonly params: TwilioForm;
  readonly status: number;
  readonly body: string;
}

/** A team as GET /api/teams lists it (what the simulator reads). */
export interface TeamSummary {
  readonly id: string;
  readonly name: string;
  readonly numbers: readonly string[];
}

/** A reply decision as GET /api/teams/:team/decisions lists it. */
export interface DecisionView {
  readonly at: string;
  readonly customer: string;
  readonly kind: string;
  readonly action: 'send' | 'skip';
  readonly reason: string;
  readonly messageId: string | null;
  readonly sendAfter: string | null;
}

/** A message as GET /api/teams/:team/messages lists it. */
export interface MessageView {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly channel: string;
  readonly from: string;
  readonly to: string;
  readonly body: string | null;
  readonly kind: string | null;
  readonly status: string;
  readonly createdAt: string;
  readonly sendAfter: string | null;
}

/**
 * The gateway as Twilio and an API client see it: signed form posts to `baseUrl`, signed over
 * `publicUrl` + path (what the gateway checks), and bearer-token reads of the JSON API.
 */
export class GatewayClient {
  constructor(
    private readonly opts: {
      readonly baseUrl: string;
      readonly publicUrl: string;
      readonly authToken: string;
      readonly apiToken: string | null;
    },
  ) {}

  /** Posts a webhook as Twilio does. `pathAndQuery` starts with `/`. */
  async postWebhook(pathAndQuery: string, params: TwilioForm): Promise<WebhookExchange> {
    const signature = twilioSignature(this.opts.authToken, this.opts.publicUrl + pathAndQuery, params);
    const res = await this.fetch(this.opts.baseUrl + pathAndQuery, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signature,
        'User-Agent': 'TwilioProxy/1.1 (switchboard simulator)',
      },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    if (res.status === 403) {
      throw new SimulatorError(
        `the gateway refused the signature (403 on ${pathAndQuery}): the auth token differs from the gateway's. ` +
          'Use its TWILIO_AUTH_TOKEN, or the "Sandbox webhook signing token" it prints at start when it has none ' +
          `(--auth-token or TWILIO_AUTH_TOKEN). If the token is right, its PUBLIC_URL is not ${this.opts.publicUrl} (--public-url).`,
      );
    }
    if (res.status >= 400) {
      throw new SimulatorError(`the gateway answered ${res.status} on ${pathAndQuery}: ${body.slice(0, 300)}`);
    }
    return { path: pathAndQuery, params, status: res.status, body };
  }

  get canReadApi(): boolean {
    return this.opts.apiToken !== null;
  }

  async teams(): Promise<TeamSummary[]> {
    return this.api<TeamSummary[]>('/api/teams');
  }

  async decisions(teamId: string, customer: string): Promise<DecisionView[]> {
    const q = new URLSearchParams({ customer, limit: '50' });
    return this.api<DecisionView[]>(`/api/teams/${encodeURIComponent(teamId)}/decisions?${q}`);
  }

  async outboundMessages(teamId: string, to: string): Promise<MessageView[]> {
    const q = new URLSearchParams({ to, direction: 'outbound', limit: '100' });
    return this.api<MessageView[]>(`/api/teams/${encodeURIComponent(teamId)}/messages?${q}`);
  }

  private async api<T>(pathAndQuery: string): Promise<T> {
    if (!this.opts.apiToken) throw new SimulatorError('reading the API needs a token (--token or ADMIN_TOKEN)');
    const res = await this.fetch(this.opts.baseUrl + pathAndQuery, {
      headers: { Authorization: `Bearer ${this.opts.apiToken}`, Accept: 'application/json' },
    });
    if (res.status === 401 || res.status === 403) {
      throw new SimulatorError(
        `the API refused the token (${res.status}): pass the gateway's admin token or a token of the team (--token or ADMIN_TOKEN)`,
      );
    }
    if (!res.ok)
      throw new SimulatorError(`GET ${pathAndQuery} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return (await res.json()) as T;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new SimulatorError(
        `cannot reach the gateway at ${this.opts.baseUrl} (${cause ?? (err as Error).message}): is it running? ` +
          'Start it with `npm start`, or point --url at it.',
      );
    }
  }
}
