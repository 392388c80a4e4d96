import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { chatChannel, type ChatEvent, type ChatHub } from './chat-hub.js';

/**
 * Chat events over Redis pub/sub: a reply a worker delivers reaches a widget whose stream a web
 * process holds. One subscriber connection per process, subscribed to the channels of the
 * visitors it streams to; a lost event is not lost data (the widget fills gaps from history).
 */
export class RedisChatHub implements ChatHub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly local = new EventEmitter();
  private readonly counts = new Map<string, number>();

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.local.setMaxListeners(0);
    this.subscriber.on('message', (channel: string, payload: string) => {
      try {
        this.local.emit(channel, JSON.parse(payload) as ChatEvent);
      } catch {
        this.log.warn({ channel }, 'chat event that is not JSON; ignored');
      }
    });
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (err: Error) => this.log.warn({ err: err.message }, 'chat hub: redis error'));
  }

  async publish(teamId: string, visitorId: string, event: ChatEvent): Promise<void> {
    await this.publisher.publish(chatChannel(teamId, visitorId), JSON.stringify(event));
  }

  subscribe(teamId: string, visitorId: string, listener: (event: ChatEvent) => void): () => void {
    const channel = chatChannel(teamId, visitorId);
    this.local.on(channel, listener);
    const count = (this.counts.get(channel) ?? 0) + 1;
    this.counts.set(channel, count);
    if (count === 1) void this.subscriber.subscribe(channel).catch(() => undefined);
    return () => {
      this.local.off(channel, listener);
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left > 0) this.counts.set(channel, left);
      else {
        this.counts.delete(channel);
        void this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
