import { Router } from 'express';

export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<boolean>;
}

/** /health: the process is up. /ready: every dependency answers, else 503 naming what is down. */
export function healthRoutes(checks: readonly ReadinessCheck[]): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const results = await Promise.all(checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const));
    const down = results.filter(([, up]) => !up).map(([name]) => name);
    const body = {
      status: down.length ? 'unavailable' : 'ok',
      down,
      checks: Object.fromEntries(results.map(([n, up]) => [n, up ? 'up' : 'down'])),
    };
    res.status(down.length ? 503 : 200).json(body);
  });
  return router;
}
