import { EventEmitter } from 'node:events';

/** What a widget's stream receives. */
export type ChatEvent =
  | { readonly type: 'message'; readonly data: ChatMessage }
  | { readonly type: 'availability'; readonly data: { readonly agentsAvailable: boolean } };

/** A message as the widget shows it (the wire: /work/webchat-wire.md, README "Web chat"). */
export interface ChatMessage {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly author: 'customer' | 'agent' | 'automation';
  readonly body: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

/**
 * Carries chat events to the streams of one visitor, whichever process holds them: in-process
 * for the embedded default (one process), Redis pub/sub when REDIS_URL is set (any number of web
 * and worker processes; redis-chat-hub.ts).
 */
export interface ChatHub {
  publish(teamId: string, visitorId: string, event: ChatEvent): Promise<void>;
  /** Calls `listener` for each event of this visitor until the returned function is called. */
  subscribe(teamId: string, visitorId: string, listener: (event: ChatEvent) => void): () => void;
  close(): Promise<void>;
}

export const chatChannel = (teamId: string, visitorId: string) => `switchboard:chat:${teamId}:${visitorId}`;

export class InProcessChatHub implements ChatHub {
  private readonly events = new EventEmitter();

  constructor() {
    // One listener per open widget: a thousand widgets are a thousand listeners, by design.
    this.events.setMaxListeners(0);
  }

  async publish(teamId: string, visitorId: string, event: ChatEvent): Promise<void> {
    this.events.emit(chatChannel(teamId, visitorId), event);
  }

  subscribe(teamId: string, visitorId: string, listener: (event: ChatEvent) => void): () => void {
    const channel = chatChannel(teamId, visitorId);
    this.events.on(channel, listener);
    return () => this.events.off(channel, listener);
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }
}
