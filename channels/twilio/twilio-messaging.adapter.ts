import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { MessageChannel, MessagingAdapter, OutboundMessage, SendResult } from '../contract.js';
import { toTwilioAddress } from './address.js';
import { RebasedRequestClient } from './rebased-request-client.js';
import { toChannelError } from './send-failure.js';
import { toDeliveryStatus } from './status-map.js';

/** Credentials and endpoint of the Twilio account the adapter sends through. */
export interface TwilioMessagingAdapterOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Base URL of the REST API: `https://api.twilio.com`, or a Twilio-compatible proxy or stub. */
  readonly apiBaseUrl: string;
  /** Per-request timeout; a timeout is an ambiguous failure. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// Enough to cover the messages sent to one customer since an ambiguous failure.
const FIND_SENT_LIMIT = 20;

/** Sends SMS, MMS and WhatsApp messages through Twilio's Messages API with the official SDK. */
export class TwilioMessagingAdapter implements MessagingAdapter {
  readonly name = 'twilio';
  readonly #httpClient: RebasedRequestClient;
  readonly #client: twilio.Twilio;

  constructor({ accountSid, authToken, apiBaseUrl, timeoutMs = DEFAULT_TIMEOUT_MS }: TwilioMessagingAdapterOptions) {
    this.#httpClient = new RebasedRequestClient(apiBaseUrl, timeoutMs);
    // The SDK types its option as its own RequestClient class; it only ever calls request().
    this.#client = twilio(accountSid, authToken, { httpClient: this.#httpClient as unknown as RequestClient });
  }

  /** Sends one message; throws ChannelError saying whether to retry, when, and whether it may have gone out. */
  async send(message: OutboundMessage): Promise<SendResult> {
    const created = await this.#call(() =>
      this.#client.messages.create({
        from: toTwilioAddress(message.channel, message.from),
        to: toTwilioAddress(message.channel, message.to),
        // A template goes as its Content SID and variables; Twilio renders the approved text.
        ...(message.content
          ? { contentSid: message.content.sid, contentVariables: JSON.stringify(message.content.variables) }
          : { body: message.body }),
        ...(message.mediaUrls?.length ? { mediaUrl: [...message.mediaUrls] } : {}),
        statusCallback: message.statusCallbackUrl,
      }),
    );
    return { providerMessageId: created.sid, status: toDeliveryStatus(created.status) ?? 'queued' };
  }

  /** Finds an outbound message with this exact body sent between the two numbers since `since`. */
  async findSent(query: {
    readonly channel: MessageChannel;
    readonly from: string;
    readonly to: string;
    readonly body: string;
    readonly since: Date;
  }): Promise<SendResult | null> {
    const messages = await this.#call(() =>
      this.#client.messages.list({
        from: toTwilioAddress(query.channel, query.from),
        to: toTwilioAddress(query.channel, query.to),
        dateSentAfter: query.since,
        limit: FIND_SENT_LIMIT,
      }),
    );
    const sent = messages.find((m) => m.direction === 'outbound-api' && m.body === query.body);
    return sent ? { providerMessageId: sent.sid, status: toDeliveryStatus(sent.status) ?? 'queued' } : null;
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toChannelError(error);
    }
  }
}
