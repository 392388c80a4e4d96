/**
 * The contract between Switchboard's domain (src/) and the provider adapters (channels/).
 * Adapters verify, parse and send; they never import src/. Provider specifics (Twilio's
 * `whatsapp:` prefix, its status names, its error codes) stay behind this file.
 */

/** A messaging channel as the domain sees it. MMS is SMS with media; `web` is the chat widget (channels/webchat). */
export type MessageChannel = 'sms' | 'whatsapp' | 'web';

/** Our own delivery states; vendor statuses are mapped onto these through a table. */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';

/** Carrier-level keyword handling reported by the provider (Twilio Advanced Opt-Out). */
export type OptOutKeyword = 'STOP' | 'START' | 'HELP';

/** An HTTP webhook as the edge received it, before any interpretation. */
export interface WebhookRequest {
  /** The full URL the provider signed: PUBLIC_URL + original path + query. */
  readonly url: string;
  /** Every decoded form parameter exactly as posted (unknown keys included; a repeated key as a list). */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface MediaAttachment {
  readonly url: string;
  readonly contentType: string;
}

/** One inbound SMS, MMS or WhatsApp message, normalized. Addresses are E.164 without prefixes. */
export interface InboundMessage {
  readonly provider: 'twilio' | 'webchat';
  readonly providerMessageId: string;
  /** Our id for the message, when the edge gave it one already (the web chat answers it to the widget). */
  readonly messageId?: string;
  readonly channel: MessageChannel;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly media: readonly MediaAttachment[];
  /** WhatsApp profile name, when the provider sends one. */
  readonly profileName: string | null;
  /** WhatsApp id (the sender's number without `+`). */
  readonly waId: string | null;
  /** A tapped quick-reply button on a WhatsApp template. */
  readonly button: {
    readonly text: string;
    readonly payload: string;
    readonly repliedToProviderMessageId: string | null;
  } | null;
  /** Set when the provider already handled a STOP/START/HELP keyword. */
  readonly optOutKeyword: OptOutKeyword | null;
}

/** A delivery status callback for an outbound message, normalized. */
export interface DeliveryStatusUpdate {
  readonly providerMessageId: string;
  /** null when the vendor status is unknown to us: stored, never applied. */
  readonly status: DeliveryStatus | null;
  readonly rawStatus: string;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly channel: MessageChannel;
  readonly from: string | null;
  readonly to: string | null;
}

/** A Twilio voice request (incoming call, <Gather>/<Dial>/<Record> action), as the gateway reads it. */
export interface VoiceRequest {
  readonly callSid: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly callStatus: string | null;
  readonly digits: string | null;
  readonly dialCallStatus: string | null;
  readonly dialBridged: boolean;
  readonly recordingUrl: string | null;
  readonly recordingSid: string | null;
  readonly recordingSeconds: number | null;
}

/** A call status callback (`/twilio/voice/status`), for the caller's call or an agent's leg. */
export interface CallStatusUpdate {
  readonly callSid: string;
  /** Set on an agent's leg (<Dial><Number>): the caller's call. */
  readonly parentCallSid: string | null;
  readonly status: string;
  readonly direction: string | null;
  readonly durationSeconds: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly sequence: string | null;
}

/** A recordingStatusCallback: a voicemail's audio is ready, absent or failed. */
export interface RecordingUpdate {
  readonly callSid: string;
  readonly recordingSid: string | null;
  readonly status: string;
  readonly url: string | null;
  readonly durationSeconds: number | null;
}

/** Why a signed request cannot be used; stored with the quarantined event. */
export type UnusableReason =
  | 'missing_message_sid'
  | 'missing_from'
  | 'from_not_a_phone_number'
  | 'missing_to'
  | 'to_not_a_phone_number'
  | 'missing_message_status'
  | 'missing_call_sid'
  | 'missing_call_status'
  | 'missing_recording_status';

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: UnusableReason; readonly detail: string };

/** An approved WhatsApp template: its Content SID (`HX…`) and the values of its variables. */
export interface TemplateContent {
  readonly sid: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** What the domain asks an adapter to send. */
export interface OutboundMessage {
  /** Our stable message id: the same id on every retry of the same message. */
  readonly id: string;
  readonly channel: MessageChannel;
  /** E.164, no channel prefix; the adapter adds what its provider needs. */
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls?: readonly string[];
  /** An approved WhatsApp template to send instead of `body` (outside the 24-hour window). */
  readonly content?: TemplateContent;
  /** Where the provider posts delivery statuses for this message. */
  readonly statusCallbackUrl: string;
}

export interface SendResult {
  readonly providerMessageId: string;
  readonly status: DeliveryStatus;
}

/**
 * A failed send. `retryable` decides whether the job is tried again; `retryAfterMs` carries the
 * provider's `Retry-After` when it sent one. `ambiguous` means the request may have reached the
 * provider (timeout, connection reset after sending): the next try must look before it sends.
 */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    message: string,
    readonly code: string | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly ambiguous = false,
  ) {
    super(message);
  }
}

/** A provider that sends messages. */
export interface MessagingAdapter {
  readonly name: string;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * Finds a message this account already sent (after an ambiguous failure), so a retry adopts it
   * instead of sending twice. Returns null when there is none.
   */
  findSent(query: {
    readonly channel: MessageChannel;
    readonly from: string;
    readonly to: string;
    readonly body: string;
    readonly since: Date;
  }): Promise<SendResult | null>;
}

/** Verifies that a webhook came from the provider. */
export interface WebhookVerifier {
  verify(request: WebhookRequest): boolean;
}

/** A plain-text email to a team. */
export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** `high`: sent with `X-Priority: 1` and `Importance: high` (an urgent page); default normal. */
  readonly priority?: 'normal' | 'high';
}

/**
 * Sends team notification email. Resolves `delivered: false` when it only recorded the mail
 * (sandbox, no SMTP_URL); throws a ChannelError that says whether another try can succeed.
 */
export interface EmailSender {
  readonly name: string;
  send(mail: OutgoingEmail): Promise<{ readonly delivered: boolean }>;
}

/** One signed POST to a team's own webhook endpoint; the body is sent byte for byte. */
export interface WebhookPost {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Posts to a team's webhook. Resolves with the answer's status on a 2xx; otherwise throws a
 * ChannelError (code `http_<status>` for an answer): retryable (with the endpoint's Retry-After)
 * for timeouts, network failures, 408, 429 and 5xx.
 */
export interface WebhookPoster {
  post(request: WebhookPost): Promise<{ readonly status: number }>;
}
