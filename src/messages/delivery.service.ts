import { ChannelError, type MessagingAdapter, type SendResult } from '../../channels/contract.js';
import type { MessagesStore } from './messages.store.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { RetryableJobError } from '../job-errors.js';
import type { Message } from './message.js';

/** The stores this module reads and writes. */
export interface DeliveryStores {
  readonly messages: MessagesStore;
}

/** A worker that holds a message `sending` longer than this is presumed dead. */
export const SENDING_LEASE_MS = 60_000;

/** What sending needs of a message; its creator may hand it over already claimed. */
export type ClaimedMessage = Pick<
  Message,
  'id' | 'channel' | 'from' | 'to' | 'body' | 'media' | 'content' | 'attempts' | 'outcomeUnknown' | 'createdAt'
>;

export type DeliveryResult =
  | { readonly outcome: 'sent' | 'adopted'; readonly providerMessageId: string }
  | { readonly outcome: 'not_claimed' | 'canceled' | 'failed' };

/**
 * Sends one outbound message through the provider, at most once: the message is claimed in
 * Postgres, a try whose outcome is unknown looks for the sent message before sending again, and
 * the provider's id is recorded the moment it answers.
 */
export class DeliveryService {
  constructor(
    /** Every write here is one statement: no transaction needed. */
    private readonly stores: DeliveryStores,
    private readonly adapter: MessagingAdapter,
    private readonly statusCallbackUrl: (messageId: string) => string,
    private readonly log: Logger,
    /** Tries per message, counted in Postgres across queue jobs, sweeps and the inline first try. */
    private readonly maxAttempts: number,
    /** Whether a message held for quiet hours is due. */
    private readonly clock: Clock = systemClock,
  ) {}

  /** Sends or records why not; throws RetryableJobError when another try is due later. */
  async deliver(messageId: string): Promise<DeliveryResult> {
    const message = await this.stores.messages.claimForSending(messageId, SENDING_LEASE_MS, this.clock());
    if (!message) return { outcome: 'not_claimed' };
    // An agent's own message is their call (carriers still block it); an automated one never goes to a STOP.
    if (message.kind !== null && message.customerOptedOut) {
      await this.stores.messages.update(message.id, {
        status: 'canceled',
        errorCode: 'opted_out',
        errorMessage: 'the customer opted out before it was sent',
      });
      return { outcome: 'canceled' };
    }
    return this.send(message);
  }

  /**
   * Sends a message its creator inserted already claimed (`sending`, one attempt) in the
   * transaction that decided it: no claim round trip on the hot path.
   */
  async sendClaimed(message: ClaimedMessage): Promise<DeliveryResult> {
    return this.send(message);
  }

  private async send(message: ClaimedMessage): Promise<DeliveryResult> {
    try {
      const earlier = message.outcomeUnknown ? await this.findEarlierSend(message) : null;
      const result =
        earlier ??
        (await this.adapter.send({
          id: message.id,
          channel: message.channel,
          from: message.from,
          to: message.to,
          body: message.body,
          ...(message.media.length > 0 ? { mediaUrls: message.media.map((m) => m.url) } : {}),
          ...(message.content ? { content: message.content } : {}),
          statusCallbackUrl: this.statusCallbackUrl(message.id),
        }));
      await this.recordAccepted(message.id, result);
      return { outcome: earlier ? 'adopted' : 'sent', providerMessageId: result.providerMessageId };
    } catch (err) {
      return this.recordFailure(message, err);
    }
  }

  private async findEarlierSend(message: ClaimedMessage): Promise<SendResult | null> {
    try {
      return await this.adapter.findSent({
        channel: message.channel,
        from: message.from,
        to: message.to,
        body: message.body,
        since: new Date(message.createdAt.getTime() - 60_000),
      });
    } catch (err) {
      // Sending blind could send twice: keep the outcome unknown and look again next time.
      throw new ChannelError(
        `could not look for an earlier send: ${(err as Error).message}`,
        'lookup_failed',
        true,
        null,
        true,
      );
    }
  }

  private async recordAccepted(messageId: string, result: SendResult): Promise<void> {
    await this.stores.messages.recordAccepted(messageId, result.providerMessageId, result.status, new Date());
  }

  private async recordFailure(message: ClaimedMessage, err: unknown): Promise<DeliveryResult> {
    const channelError = err instanceof ChannelError ? err : null;
    const code = channelError?.code ?? null;
    const text = err instanceof Error ? err.message : String(err);
    const lastTry = message.attempts >= this.maxAttempts;
    if (channelError && !channelError.retryable) {
      await this.stores.messages.update(message.id, { status: 'failed', errorCode: code, errorMessage: text });
      this.log.info({ messageId: message.id, code }, 'delivery failed permanently');
      return { outcome: 'failed' };
    }
    if (lastTry) {
      await this.stores.messages.update(message.id, {
        status: 'failed',
        errorCode: code ?? 'retries_exhausted',
        errorMessage: text,
      });
      this.log.warn({ messageId: message.id, code, attempts: message.attempts }, 'delivery failed after the last try');
      return { outcome: 'failed' };
    }
    await this.stores.messages.update(message.id, {
      status: 'queued',
      errorCode: code,
      errorMessage: text,
      outcomeUnknown: message.outcomeUnknown || (channelError?.ambiguous ?? true),
    });
    throw new RetryableJobError(
      `delivery of ${message.id} will be retried: ${text}`,
      channelError?.retryAfterMs ?? null,
      message.attempts,
    );
  }
}
