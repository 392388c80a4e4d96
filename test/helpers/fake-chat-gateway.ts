import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// An in-memory gateway for the web chat widget's browser tests: the wire of webchat-wire.md (visitors,
// stream, messages, presence, read, offline) and GET /widget.js from the file, with CORS for the allowed
// origins. It records every request it gets, so a test can check what the widget sent.

export const WIDGET_FILE = path.resolve('src/webchat/assets/widget.js');

export interface ChatMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  author: 'customer' | 'agent' | 'automation';
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

interface Visitor {
  token: string;
  visitorId: string;
  messages: ChatMessage[];
  byClientId: Map<string, { id: string; createdAt: string }>;
  streams: Set<http.ServerResponse>;
}

export interface FakeChatGateway {
  baseUrl: string;
  teamId: string;
  received: Received[];
  visitors: Map<string, Visitor>;
  agentsAvailable: boolean;
  locale: 'en' | 'pl' | 'ru';
  /** The next POST /messages answers 429 with this Retry-After (seconds), once. */
  rateLimitNext: number | null;
  /** The next POST /messages loses its connection before any answer (after storing nothing), once. */
  dropNextMessage: boolean;
  /** Stores an agent's reply and pushes it down the visitor's streams. */
  reply(token: string, body: string): ChatMessage;
  /** Pushes an availability event to every stream. */
  setAvailability(agentsAvailable: boolean): void;
  /** Ends every open stream (the widget reconnects on its own). */
  dropStreams(): void;
  /** The requests to one path (under /chat/:team), preflights left out. */
  requests(suffix: string): Received[];
  close(): Promise<void>;
}

const error = (code: string, message: string, field: string | null = null) => ({ error: { code, message, field } });

export async function startFakeChatGateway(options: {
  teamId: string;
  allowedOrigins: string[];
}): Promise<FakeChatGateway> {
  const visitors = new Map<string, Visitor>();
  const received: Received[] = [];
  const prefix = `/chat/${options.teamId}`;
  let seq = 0;
  const now = () => new Date(Date.now() + seq++).toISOString();

  function push(visitor: Visitor, event: string, data: unknown): void {
    for (const res of visitor.streams) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  const fake: FakeChatGateway = {
    baseUrl: '',
    teamId: options.teamId,
    received,
    visitors,
    agentsAvailable: true,
    locale: 'en',
    rateLimitNext: null,
    dropNextMessage: false,
    reply(token, body) {
      const visitor = visitors.get(token);
      if (!visitor) throw new Error('unknown visitor token');
      const message: ChatMessage = {
        id: randomUUID(),
        direction: 'outbound',
        author: 'agent',
        body,
        createdAt: now(),
        readAt: null,
      };
      visitor.messages.push(message);
      push(visitor, 'message', message);
      return message;
    },
    setAvailability(agentsAvailable) {
      fake.agentsAvailable = agentsAvailable;
      for (const v of visitors.values()) push(v, 'availability', { agentsAvailable });
    },
    dropStreams() {
      for (const v of visitors.values()) {
        for (const res of v.streams) res.end();
        v.streams.clear();
      }
    },
    requests: (suffix) =>
      received.filter((r) => r.method !== 'OPTIONS' && r.path.split('?')[0] === `${prefix}${suffix}`),
    close: () =>
      new Promise<void>((resolve) => {
        fake.dropStreams();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  function newVisitor(): Visitor {
    const visitor: Visitor = {
      token: `vt_${randomUUID()}`,
      visitorId: randomUUID(),
      messages: [],
      byClientId: new Map(),
      streams: new Set(),
    };
    visitors.set(visitor.token, visitor);
    return visitor;
  }

  function bearer(req: http.IncomingMessage): Visitor | null {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return match ? (visitors.get(match[1]!) ?? null) : null;
  }

  async function readBody(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, error('internal', String(err)));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : null;
    received.push({ method, path: url.pathname + url.search, headers: req.headers, body });

    if (method === 'GET' && url.pathname === '/widget.js') {
      res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(fs.readFileSync(WIDGET_FILE));
      return;
    }
    if (!url.pathname.startsWith(`${prefix}/`)) return send(res, 404, error('not_found', 'not found'));

    const origin = req.headers.origin;
    const cors: Record<string, string> = { Vary: 'Origin' };
    if (origin !== undefined) {
      if (!options.allowedOrigins.includes(origin)) {
        return send(res, 403, error('origin_not_allowed', 'this site may not use the chat'), cors);
      }
      cors['Access-Control-Allow-Origin'] = origin;
      cors['Access-Control-Expose-Headers'] = 'Retry-After';
    }
    if (method === 'OPTIONS') {
      return send(res, 204, undefined, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      });
    }

    const route = url.pathname.slice(prefix.length);
    const json = (body ?? {}) as Record<string, unknown>;

    if (method === 'POST' && route === '/visitors') {
      const known = typeof json['token'] === 'string' ? visitors.get(json['token']) : undefined;
      const visitor = known ?? newVisitor();
      return send(
        res,
        200,
        {
          token: visitor.token,
          visitorId: visitor.visitorId,
          agentsAvailable: fake.agentsAvailable,
          locale: fake.locale,
          history: visitor.messages,
        },
        cors,
      );
    }

    if (method === 'GET' && route === '/stream') {
      const visitor = visitors.get(url.searchParams.get('token') ?? '');
      if (!visitor) return send(res, 401, error('invalid_token', 'unknown visitor token'), cors);
      res.writeHead(200, {
        ...cors,
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
      });
      res.write('retry: 300\n: ping\n\n');
      visitor.streams.add(res);
      req.on('close', () => visitor.streams.delete(res));
      return;
    }

    if (method === 'POST' && route === '/presence') {
      // sendBeacon posts text/plain; readBody parsed the JSON either way
      const visitor = typeof json['token'] === 'string' ? visitors.get(json['token']) : undefined;
      if (!visitor) return send(res, 401, error('invalid_token', 'unknown visitor token'), cors);
      if (!['open', 'hidden', 'closed'].includes(String(json['state']))) {
        return send(res, 422, error('invalid_state', 'state is open, hidden or closed', 'state'), cors);
      }
      return send(res, 204, undefined, cors);
    }

    const visitor = bearer(req);
    if (!visitor) return send(res, 401, error('invalid_token', 'unknown visitor token'), cors);

    if (method === 'POST' && route === '/messages') {
      const text = typeof json['body'] === 'string' ? json['body'] : '';
      const clientId = typeof json['clientId'] === 'string' ? json['clientId'] : '';
      const again = visitor.byClientId.get(clientId);
      if (again) return send(res, 202, again, cors);
      if (fake.dropNextMessage) {
        fake.dropNextMessage = false;
        req.socket.destroy();
        return;
      }
      if (fake.rateLimitNext !== null) {
        const seconds = fake.rateLimitNext;
        fake.rateLimitNext = null;
        return send(res, 429, error('rate_limited', 'too many messages'), { ...cors, 'Retry-After': String(seconds) });
      }
      if (text.length > 4000)
        return send(res, 413, error('message_too_long', 'at most 4,000 characters', 'body'), cors);
      if (text.trim() === '') return send(res, 422, error('empty_message', 'the message is empty', 'body'), cors);
      const message: ChatMessage = {
        id: randomUUID(),
        direction: 'inbound',
        author: 'customer',
        body: text,
        createdAt: now(),
        readAt: null,
      };
      visitor.messages.push(message);
      visitor.byClientId.set(clientId, { id: message.id, createdAt: message.createdAt });
      send(res, 202, { id: message.id, createdAt: message.createdAt }, cors);
      push(visitor, 'message', message);
      return;
    }

    if (method === 'POST' && route === '/read') {
      const ids = Array.isArray(json['ids']) ? json['ids'].map(String) : [];
      const at = now();
      for (const m of visitor.messages) if (ids.includes(m.id) && m.direction === 'outbound') m.readAt ??= at;
      return send(res, 204, undefined, cors);
    }

    if (method === 'POST' && route === '/offline') {
      const name = typeof json['name'] === 'string' ? json['name'].trim() : '';
      const email = typeof json['email'] === 'string' ? json['email'].trim() : '';
      const message = typeof json['message'] === 'string' ? json['message'].trim() : '';
      if (name === '') return send(res, 422, error('invalid_name', 'Enter your name', 'name'), cors);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        return send(res, 422, error('invalid_email', 'Enter a valid email address', 'email'), cors);
      }
      if (message === '') return send(res, 422, error('empty_message', 'Write a message', 'message'), cors);
      const stored: ChatMessage = {
        id: randomUUID(),
        direction: 'inbound',
        author: 'customer',
        body: message,
        createdAt: now(),
        readAt: null,
      };
      visitor.messages.push(stored);
      send(res, 202, { ticketId: randomUUID() }, cors);
      push(visitor, 'message', stored);
      return;
    }

    return send(res, 404, error('not_found', 'not found'), cors);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** A customer's site on its own origin: one HTML page with the embed tag (and CSS that must not reach the widget). */
export async function startCustomerSite(html: (gatewayUrl: string) => string, gatewayUrl: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html(gatewayUrl));
  });
  // localhost, not 127.0.0.1: another origin than the gateway's even apart from the port
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
