import { createHash } from 'node:crypto';
import type { MessagingAdapter, OutboundMessage, SendResult } from '../contract.js';

// Enough to look at what a demo or a test just sent, without growing for ever.
const KEEP_SENT = 100;

/**
 * Sends nothing: outbound messages are recorded by the domain as if sent. The provider id is derived
 * from our message id, so a retry of the same message gets the same id.
 */
export class SandboxMessagingAdapter implements MessagingAdapter {
  readonly name = 'sandbox';
  readonly #sent: OutboundMessage[] = [];

  /** What it was asked to send (body or template, media), the latest last: at most the last 100. */
  get sent(): readonly OutboundMessage[] {
    return this.#sent;
  }

  /** Returns `SB` + 32 hex characters of sha256(message.id), status `sent`. */
  async send(message: OutboundMessage): Promise<SendResult> {
    this.#sent.push(message);
    if (this.#sent.length > KEEP_SENT) this.#sent.shift();
    const digest = createHash('sha256').update(message.id).digest('hex');
    return { providerMessageId: `SB${digest.slice(0, 32)}`, status: 'sent' };
  }

  /** Nothing was ever sent, so there is nothing to find. */
  async findSent(_query: Parameters<MessagingAdapter['findSent']>[0]): Promise<SendResult | null> {
    return null;
  }
}
