import { linkSameEmail, type CustomerMergeStores } from '../customers/customers.service.js';
import crypto from 'node:crypto';
import type { InboundMessage } from '../../channels/contract.js';
import type { TeamConfig, TeamConfigCache, TeamConfigStores } from '../auto-replies/team-config.js';
import { replyLocale, type ReplyLocale } from '../auto-replies/auto-reply.js';
import type { Clock } from '../clock.js';
import type { ContactsStore } from '../contacts/contacts.store.js';
import type { Transact } from '../db/transactor.js';
import {
  ContentTooLargeError,
  ForbiddenError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
} from '../errors.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { MessagesStore } from '../messages/messages.store.js';
import { isOpenAt } from '../schedules/is-open.js';
import type { SessionsStore } from '../sessions/sessions.store.js';
import type { SystemSettingsStore } from '../settings/system-settings.store.js';
import type { WebhookIntakeService } from '../webhooks/webhook-intake.service.js';
import type { ChatHub, ChatMessage } from './chat-hub.js';
import { chatMessageOf } from './chat-messages.js';
import {
  signVisitorToken,
  teamChatAddress,
  verifyVisitorToken,
  visitorAddress,
  type VisitorClaims,
} from './visitor-token.js';

export interface ChatServiceStores extends TeamConfigStores, CustomerMergeStores {
  readonly contacts: ContactsStore;
  readonly events: WebhookEventsStore;
  readonly messages: MessagesStore;
  readonly sessions: SessionsStore;
  readonly settings: SystemSettingsStore;
}

export interface VisitorSession {
  readonly token: string;
  readonly visitorId: string;
  readonly agentsAvailable: boolean;
  readonly locale: ReplyLocale;
  readonly history: readonly ChatMessage[];
}

export type Presence = 'open' | 'hidden' | 'closed';

export const MAX_CHAT_MESSAGE = 4_000;
/** A person does not send more than this in a minute; a script does. */
export const MAX_MESSAGES_PER_MINUTE = 20;
const HISTORY_LIMIT = 200;
const SECRET_KEY = 'webchat_visitor_token_secret';

/**
 * The web chat's gateway side: visitors (signed tokens, no cookies), their messages into the
 * spine (a stored event the worker threads like a text), presence and read reports. Who may embed
 * it is the team's `webChat.allowedOrigins`.
 */
export class ChatService {
  private secret: Promise<string> | null = null;

  constructor(
    private readonly transact: Transact<ChatServiceStores>,
    private readonly stores: ChatServiceStores,
    private readonly teamConfigs: TeamConfigCache,
    private readonly intake: WebhookIntakeService,
    private readonly hub: ChatHub,
    private readonly clock: Clock,
  ) {}

  /** The team's chat settings, if `origin` may use them; 403 otherwise (also for no such team: never reveal). */
  async teamFor(teamId: string, origin: string | undefined): Promise<TeamConfig> {
    const config = await this.transact((s) => this.teamConfigs.get(s, teamId)).catch(() => null);
    const chat = config?.team.settings.webChat;
    if (!config || !chat?.enabled) throw new ForbiddenError('the web chat is off for this team', 'chat_not_enabled');
    if (!origin || !chat.allowedOrigins.includes(origin.toLowerCase()))
      throw new ForbiddenError(
        `this site (${origin ?? 'no Origin header'}) may not embed the team's chat: a manager adds it to webChat.allowedOrigins`,
        'origin_not_allowed',
      );
    return config;
  }

  /** A returning visitor (a valid token of this team) or a new one, with the whole history. */
  async openVisitor(config: TeamConfig, token: string | null): Promise<VisitorSession> {
    const teamId = config.team.id;
    const secret = await this.tokenSecret();
    const claims = token ? verifyVisitorToken(secret, token, teamId) : null;
    const visitor = claims ?? { teamId, visitorId: crypto.randomUUID(), issuedAt: Math.floor(Date.now() / 1000) };
    const history = claims
      ? (await this.stores.messages.conversationOf(teamId, visitorAddress(visitor.visitorId), HISTORY_LIMIT)).map(
          chatMessageOf,
        )
      : [];
    return {
      token: claims && token ? token : signVisitorToken(secret, visitor),
      visitorId: visitor.visitorId,
      agentsAvailable: await this.agentsAvailable(config),
      locale: replyLocale(config.team.locale),
      history,
    };
  }

  /** The visitor a token names; 401 for a forged one or another team's. */
  async authenticate(teamId: string, token: string | null | undefined): Promise<VisitorClaims> {
    const claims = token ? verifyVisitorToken(await this.tokenSecret(), token, teamId) : null;
    if (!claims) throw new UnauthorizedError('the visitor token is not valid for this team: open a new chat');
    return claims;
  }

  /**
   * Stores the visitor's message as an event (once per clientId) for the worker to thread, and
   * shows it at once in the visitor's other tabs. Answers its id, the same for a repeated clientId.
   */
  async postMessage(
    config: TeamConfig,
    visitor: VisitorClaims,
    input: { body: string; clientId: string },
  ): Promise<{ id: string; createdAt: string }> {
    const body = input.body.trim();
    if (body.length === 0) throw new UnprocessableError('the message is empty', 'empty_message', 'body');
    if (body.length > MAX_CHAT_MESSAGE)
      throw new ContentTooLargeError(
        `the message is ${body.length} characters; send at most ${MAX_CHAT_MESSAGE}`,
        'message_too_long',
        'body',
      );
    const teamId = config.team.id;
    const from = visitorAddress(visitor.visitorId);
    const dedupeKey = `webchat:${teamId}:${visitor.visitorId}:${input.clientId}`;
    const seen = await this.stores.events.findByDedupeKey(dedupeKey);
    if (seen) return sentAnswer(seen.parsed, seen.receivedAt);
    const now = this.clock();
    const recent = await this.stores.events.countWebChatSince(teamId, from, new Date(now.getTime() - 60_000));
    if (recent.count >= MAX_MESSAGES_PER_MINUTE) {
      const wait = recent.oldest ? Math.ceil((recent.oldest.getTime() + 60_000 - now.getTime()) / 1000) : 60;
      throw new TooManyRequestsError(
        `more than ${MAX_MESSAGES_PER_MINUTE} messages a minute: wait ${Math.max(1, wait)} s`,
        Math.max(1, wait),
      );
    }
    const message: InboundMessage = {
      provider: 'webchat',
      providerMessageId: dedupeKey,
      messageId: crypto.randomUUID(),
      channel: 'web',
      from,
      to: teamChatAddress(teamId),
      body,
      media: [],
      profileName: null,
      waId: null,
      button: null,
      optOutKeyword: null,
    };
    const outcome = await this.intake.accept({
      provider: 'webchat',
      type: 'message.inbound',
      dedupeKey,
      idempotencyToken: null,
      params: {},
      parsed: { ok: true, value: message },
      teamNumber: null,
      teamId,
    });
    if (outcome.status === 'duplicate') {
      const stored = await this.stores.events.findByDedupeKey(dedupeKey);
      return sentAnswer(stored?.parsed ?? message, stored?.receivedAt ?? now);
    }
    const shown: ChatMessage = {
      id: message.messageId!,
      direction: 'inbound',
      author: 'customer',
      body,
      createdAt: now.toISOString(),
      readAt: null,
    };
    // The visitor's other tabs see it at once; the message row follows with the worker.
    await this.hub.publish(teamId, visitor.visitorId, { type: 'message', data: shown }).catch(() => undefined);
    return { id: shown.id, createdAt: shown.createdAt };
  }

  async presence(config: TeamConfig, visitor: VisitorClaims, state: Presence): Promise<void> {
    await this.stores.contacts.setWebPresence(config.team.id, visitorAddress(visitor.visitorId), state, this.clock());
  }

  /** The widget showed these replies on a visible page: they are read. */
  async read(config: TeamConfig, visitor: VisitorClaims, ids: readonly string[]): Promise<void> {
    await this.stores.messages.markReadByRecipient(
      config.team.id,
      visitorAddress(visitor.visitorId),
      ids,
      this.clock(),
    );
  }

  /**
   * The offline form: the visitor's name and email on their contact (a lead, like a form of the
   * after-hours conversation), and the message into the chat like any other.
   */
  async offline(
    config: TeamConfig,
    visitor: VisitorClaims,
    form: { name: string; email: string; message: string; clientId: string },
  ): Promise<{ id: string; createdAt: string }> {
    const address = visitorAddress(visitor.visitorId);
    await this.transact(async (s) => {
      await s.contacts.lockForReply(config.team.id, address);
      await s.contacts.recordLead(config.team.id, address, {
        name: form.name,
        email: form.email,
        source: 'web_chat:offline_form',
      });
      // The same email as another contact of the team: one customer, and this message joins their ticket.
      await linkSameEmail(s, { teamId: config.team.id, address, now: this.clock() });
    });
    return this.postMessage(config, visitor, { body: form.message, clientId: form.clientId });
  }

  /** Someone could answer now: the team is open and a user of it is signed in to the panel. */
  async agentsAvailable(config: TeamConfig): Promise<boolean> {
    const now = this.clock();
    if (!isOpenAt(config.schedule, now)) return false;
    return this.stores.sessions.anyLiveForTeam(config.team.id, now);
  }

  subscribe(teamId: string, visitorId: string, listener: Parameters<ChatHub['subscribe']>[2]): () => void {
    return this.hub.subscribe(teamId, visitorId, listener);
  }

  private tokenSecret(): Promise<string> {
    this.secret ??= (async () => {
      const existing = await this.stores.settings.get(SECRET_KEY);
      if (existing) return existing;
      // Two processes may race here: the first write wins, and both read it back.
      await this.stores.settings.set(SECRET_KEY, crypto.randomBytes(32).toString('hex'));
      return (await this.stores.settings.get(SECRET_KEY))!;
    })();
    return this.secret;
  }
}

function sentAnswer(parsed: unknown, at: Date): { id: string; createdAt: string } {
  const id = (parsed as { messageId?: string } | null)?.messageId ?? '';
  return { id, createdAt: at.toISOString() };
}
