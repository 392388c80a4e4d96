import express, { Router } from 'express';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { requireSession, sessionUser } from '../sessions/session.middleware.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { PANEL_MODULES, panelAssetsDir } from './assets-dir.js';
import { renderPanelPage } from './panel-page.js';
import { PANEL_PATH } from './panel-path.js';

export interface PanelRoutesDeps {
  readonly sessions: SessionsService;
}

/** Scripts and styles only from us, no inline code, no framing: injected text can run nothing. */
export const PANEL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** GET /manage (the panel shell, signed-in users only) and its static assets under /manage/assets. */
export function panelRoutes(deps: PanelRoutesDeps): Router {
  const router = Router();
  const assets = panelAssetsDir();
  const assetVersion = versionOf(assets);

  // The modules under the version of this build: a module's relative imports inherit it, so the
  // browser may keep them for good and never mixes two builds. Another version answers 404.
  router.use(
    `${PANEL_PATH}/assets/${assetVersion}/${PANEL_MODULES}`,
    express.static(path.join(assets, PANEL_MODULES), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => {
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );
  router.use(
    `${PANEL_PATH}/assets`,
    express.static(assets, {
      index: false,
      fallthrough: true,
      setHeaders: (res) => {
        // Revalidated each time: the stylesheet is linked with ?v= (the sign-in page without), and they are small.
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );

  router.get(PANEL_PATH, requireSession(deps.sessions), (_req, res) => {
    const session = sessionUser(res)!;
    res
      .status(200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': PANEL_CSP,
        'X-Frame-Options': 'DENY',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'same-origin',
      })
      .send(renderPanelPage({ user: session.user, csrfToken: session.csrfToken, assetVersion }));
  });

  return router;
}

/** A short hash of the asset files (names and contents, folders included), computed once at start-up. */
function versionOf(dir: string): string {
  const hash = crypto.createHash('sha256');
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => fs.statSync(path.join(dir, name)).isFile());
  for (const name of files.sort())
    hash
      .update(name.split(path.sep).join('/'))
      .update('\0')
      .update(fs.readFileSync(path.join(dir, name)));
  return hash.digest('hex').slice(0, 10);
}
