import type { User } from '../users/user.js';
import { PANEL_ENTRY } from './assets-dir.js';
import { escapeHtml } from './sign-in-page.js';

export interface PanelPageModel {
  readonly user: Pick<User, 'name' | 'email' | 'role' | 'teamId'>;
  readonly csrfToken: string;
  /**
   * Appended to the stylesheet's URL, and the first path segment of the panel's modules
   * (/manage/assets/<version>/panel/…) so that their relative imports carry it too: a new build
   * is never mixed with modules from an old cache.
   */
  readonly assetVersion: string;
}

const ROLE_LABELS: Readonly<Record<User['role'], string>> = {
  admin: 'Administrator',
  manager: 'Manager',
  agent: 'Agent',
};

/**
 * The Manage > Chat shell: header, landmarks and live regions. The panel's modules fill <main>
 * from the JSON API; without them the page says so instead of showing empty forms. The shell is
 * English; the script puts the pieces marked with data-message into the language it shows.
 */
export function renderPanelPage(model: PanelPageModel): string {
  const { user } = model;
  const v = encodeURIComponent(model.assetVersion);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${escapeHtml(model.csrfToken)}">
<meta name="user-role" content="${escapeHtml(user.role)}">
<title>Chat · Manage · Switchboard</title>
<link rel="icon" href="/manage/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/manage/assets/panel.css?v=${v}">
<script type="module" src="/manage/assets/${v}/${PANEL_ENTRY}"></script>
</head>
<body>
<a class="skip-link" href="#main" data-message="shell.skipLink">Skip to content</a>
<header class="topbar">
  <div class="topbar-inner">
    <a class="brand" href="/manage"><span class="brand-mark" aria-hidden="true">S</span>Switchboard</a>
    <nav class="crumbs" aria-label="Breadcrumb"><ol><li data-message="shell.crumbManage">Manage</li><li aria-current="page" data-message="shell.crumbChat">Chat</li></ol></nav>
    <div class="team-slot" id="team-slot"></div>
    <div class="language-slot" id="language-slot"></div>
    <div class="account">
      <span class="account-name">${escapeHtml(user.name)}</span>
      <span class="role-badge" data-message="role.${escapeHtml(user.role)}">${escapeHtml(ROLE_LABELS[user.role] ?? user.role)}</span>
      <form method="post" action="/manage/logout" class="logout">
        <input type="hidden" name="_csrf" value="${escapeHtml(model.csrfToken)}">
        <button type="submit" class="button button-quiet" data-message="shell.signOut">Sign out</button>
      </form>
    </div>
  </div>
</header>
<main id="main" tabindex="-1">
  <div id="app" class="app" aria-busy="true">
    <p class="loading">Loading your team's chat settings…</p>
    <noscript><p class="notice notice-error">The Manage panel needs JavaScript. The same settings are available through the JSON API under /api.</p></noscript>
  </div>
</main>
</body>
</html>
`;
}
