import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { BadRequestError } from '../errors.js';
import { parseInput } from '../http/parse-input.js';
import type { Logger } from '../logger.js';
import { panelAssetsDir } from '../manage/assets-dir.js';
import type { TeamConfig } from '../auto-replies/team-config.js';
import type { ChatEvent } from './chat-hub.js';
import { chatMessageSchema, offlineFormSchema, openVisitorSchema, presenceSchema, readSchema } from './chat.schema.js';
import type { ChatService } from './chat.service.js';

/** Server-sent events, not WebSocket: one-way is all a widget needs to hear, it passes every proxy, and EventSource reconnects by itself. */
const PING_MS = 20_000;

/**
 * The widget's endpoints (`/chat/:team/…`) and its script (`/widget.js`). Every chat request
 * names its team, and only the origins the team allowed get an answer a browser will read.
 */
export function chatRoutes(chat: ChatService, log: Logger): Router {
  const router = Router();
  const widget = fs.readFileSync(path.join(panelAssetsDir(), '..', '..', 'webchat', 'assets', 'widget.js'), 'utf8');
  const widgetEtag = `"${crypto.createHash('sha256').update(widget).digest('base64url').slice(0, 16)}"`;

  router.get('/widget.js', (req, res) => {
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      ETag: widgetEtag,
      // Any site may load the script; what it may do is decided per team by the /chat endpoints.
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    if (req.get('if-none-match') === widgetEtag) {
      res.status(304).end();
      return;
    }
    res.send(widget);
  });

  const json = express.json({ limit: '64kb', strict: true });
  // sendBeacon posts text/plain (no preflight): the presence body is JSON in a text body.
  const text = express.text({ type: 'text/plain', limit: '4kb' });

  /** Answers CORS for an allowed origin (a preflight ends here); the team's config rides on res.locals. */
  const allowed = async (req: Request<{ team: string }>, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    const config = await chat.teamFor(req.params.team, origin);
    res.set({
      'Access-Control-Allow-Origin': origin!,
      Vary: 'Origin',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Expose-Headers': 'Retry-After',
      'Access-Control-Max-Age': '600',
    });
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    res.locals.chatTeam = config;
    next();
  };
  const teamOf = (res: Response) => res.locals.chatTeam as TeamConfig;
  const bearer = (req: Request) => /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? null;

  router.options('/chat/:team/{*rest}', allowed);

  router.post('/chat/:team/visitors', allowed, json, async (req, res) => {
    const input = parseInput(openVisitorSchema, req.body ?? {});
    res.json(await chat.openVisitor(teamOf(res), input.token ?? null));
  });

  router.post('/chat/:team/messages', allowed, json, async (req, res) => {
    const visitor = await chat.authenticate(req.params.team, bearer(req));
    const input = parseInput(chatMessageSchema, req.body);
    res.status(202).json(await chat.postMessage(teamOf(res), visitor, input));
  });

  router.post('/chat/:team/presence', allowed, json, text, async (req, res) => {
    const body: unknown = typeof req.body === 'string' ? parseJson(req.body) : req.body;
    const input = parseInput(presenceSchema, body);
    const visitor = await chat.authenticate(req.params.team, input.token);
    await chat.presence(teamOf(res), visitor, input.state);
    res.status(204).end();
  });

  router.post('/chat/:team/read', allowed, json, async (req, res) => {
    const visitor = await chat.authenticate(req.params.team, bearer(req));
    const input = parseInput(readSchema, req.body);
    await chat.read(teamOf(res), visitor, input.ids);
    res.status(204).end();
  });

  router.post('/chat/:team/offline', allowed, json, async (req, res) => {
    const visitor = await chat.authenticate(req.params.team, bearer(req));
    const form = parseInput(offlineFormSchema, req.body);
    const sent = await chat.offline(teamOf(res), visitor, { ...form, clientId: form.clientId ?? crypto.randomUUID() });
    res.status(202).json(sent);
  });

  router.get('/chat/:team/stream', allowed, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : null;
    const visitor = await chat.authenticate(req.params.team, token);
    const config = teamOf(res);
    res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies (nginx) must not buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const write = (event: ChatEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
    res.write('retry: 3000\n\n');
    const unsubscribe = chat.subscribe(config.team.id, visitor.visitorId, write);
    write({ type: 'availability', data: { agentsAvailable: await chat.agentsAvailable(config) } });
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    ping.unref();
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      // The stream is the widget's heartbeat: gone, the visitor is away (a crashed tab sends no beacon).
      chat
        .presence(config, visitor, 'closed')
        .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'chat: presence not recorded'));
    });
  });

  return router;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError('the body is not valid JSON', 'malformed_json');
  }
}
