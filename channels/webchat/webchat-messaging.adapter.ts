import type { MessagingAdapter, OutboundMessage, SendResult } from '../contract.js';

/**
 * Sends a message on the `web` channel: hands it to the visitor's open widgets (the caller's
 * `push`, over the chat hub). Stored first like every message, so a visitor who is away finds it
 * in the history; "delivered" means it reached the hub, "read" comes from the widget.
 */
export class WebChatMessagingAdapter implements MessagingAdapter {
  readonly name = 'webchat';

  constructor(private readonly push: (message: OutboundMessage) => Promise<void>) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    await this.push(message);
    return { providerMessageId: `web_${message.id}`, status: 'delivered' };
  }

  async findSent(): Promise<SendResult | null> {
    return null; // the hub has no memory: a retry simply pushes again, and the widget dedupes by id
  }
}

/** One adapter for the delivery service: `web` messages to the chat, the others to the provider. */
export class ChannelRoutingAdapter implements MessagingAdapter {
  readonly name: string;

  constructor(
    private readonly provider: MessagingAdapter,
    private readonly web: MessagingAdapter,
  ) {
    this.name = provider.name;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return message.channel === 'web' ? this.web.send(message) : this.provider.send(message);
  }

  findSent(query: Parameters<MessagingAdapter['findSent']>[0]): Promise<SendResult | null> {
    return query.channel === 'web' ? this.web.findSent(query) : this.provider.findSent(query);
  }
}
